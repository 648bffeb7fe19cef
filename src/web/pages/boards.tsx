import type { BoardAnalyticsDto } from "../../boards/boards.schema";
import { get, qs } from "../api";
import { Empty, ErrorText, Loading, PageHeader } from "../components/ui";
import { useLoad } from "../hooks";
import { useSession } from "../session";

const PARTS = [
  { key: "published_pins", label: "Published", color: "#1f8a4c" },
  { key: "scheduled_pins", label: "Scheduled", color: "#2f6fdb" },
  { key: "draft_pins", label: "Draft", color: "#9a9a9a" },
  { key: "failed_pins", label: "Failed", color: "#d6372b" },
] as const;

type Board = BoardAnalyticsDto["boards"][number];

/** One stacked bar per board, scaled to the busiest board. */
function Bar(props: { board: Board; max: number }) {
  const width = 100;
  let x = 0;
  return (
    <svg
      class="bar"
      viewBox={`0 0 ${width} 10`}
      preserveAspectRatio="none"
      role="img"
      aria-label={PARTS.map((p) => `${props.board[p.key]} ${p.label.toLowerCase()}`).join(", ")}
    >
      <rect x="0" y="0" width={width} height="10" fill="#f0f0ee" />
      {PARTS.map((p) => {
        const w = props.max ? (props.board[p.key] / props.max) * width : 0;
        const rect = <rect key={p.key} x={x} y="0" width={w} height="10" fill={p.color} />;
        x += w;
        return rect;
      })}
    </svg>
  );
}

export function BoardsPage() {
  const { selected } = useSession();
  const data = useLoad(
    () => get<BoardAnalyticsDto>(`/boards/analytics${qs({ profile_id: selected?.id })}`),
    [selected?.id],
  );
  const boards = data.data?.boards ?? [];
  const max = Math.max(1, ...boards.map((b) => b.total_pins));
  return (
    <div>
      <PageHeader
        title="Boards"
        subtitle={
          data.data ? `@${data.data.pinterest_username}'s boards and what PinFlow did on them` : undefined
        }
      />
      <div class="legend">
        {PARTS.map((p) => (
          <span key={p.key}>
            <i style={{ background: p.color }} /> {p.label}
          </span>
        ))}
      </div>
      <ErrorText error={data.error} />
      {data.loading && !data.data ? <Loading label="Loading boards from Pinterest…" /> : null}
      {data.data && boards.length === 0 ? <Empty title="No boards on this Pinterest account" /> : null}
      <table class="table boards-table">
        <thead>
          <tr>
            <th>Board</th>
            <th class="num">Pins</th>
            <th class="bar-col">Breakdown</th>
          </tr>
        </thead>
        <tbody>
          {boards.map((b) => (
            <tr key={b.board_id}>
              <td>
                <strong>{b.name ?? "Unknown board"}</strong>
                <div class="muted small">{b.board_id}</div>
              </td>
              <td class="num">{b.total_pins}</td>
              <td class="bar-col">
                <Bar board={b} max={max} />
                <span class="muted small">
                  {b.published_pins} published · {b.scheduled_pins} scheduled · {b.draft_pins} draft ·{" "}
                  {b.failed_pins} failed
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
