import type { BoardAnalyticsDto } from "../../../boards/boards.schema";
import { get, qs } from "../api";
import { Empty, ErrorText, Loading, PageHeader } from "../components/ui";
import { useLoad } from "../hooks";
import { useSession } from "../session";

type Board = BoardAnalyticsDto["boards"][number];

/** The counts the API gives, and what is left of the total: queued, in review or publishing right now. */
const PARTS: ReadonlyArray<{ label: string; color: string; count(b: Board): number; hideZero?: boolean }> = [
  { label: "Published", color: "#1f8a4c", count: (b) => b.published_pins },
  { label: "Scheduled", color: "#2f6fdb", count: (b) => b.scheduled_pins },
  { label: "Queued or in review", color: "#8fb3f0", count: (b) => otherPins(b), hideZero: true },
  { label: "Draft", color: "#9a9a9a", count: (b) => b.draft_pins },
  { label: "Failed", color: "#d6372b", count: (b) => b.failed_pins },
];

function otherPins(b: Board): number {
  return Math.max(0, b.total_pins - b.published_pins - b.scheduled_pins - b.draft_pins - b.failed_pins);
}

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
      aria-label={PARTS.map((p) => `${p.count(props.board)} ${p.label.toLowerCase()}`).join(", ")}
    >
      <rect x="0" y="0" width={width} height="10" fill="#f0f0ee" />
      {PARTS.map((p) => {
        const w = props.max ? (p.count(props.board) / props.max) * width : 0;
        const rect = <rect key={p.label} x={x} y="0" width={w} height="10" fill={p.color} />;
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
          <span key={p.label}>
            <i style={{ background: p.color }} /> {p.label}
          </span>
        ))}
      </div>
      <ErrorText error={data.error} />
      {data.loading && !data.data ? <Loading label="Loading boards from Pinterest…" /> : null}
      {data.data && boards.length === 0 ? (
        <Empty title="No boards on this Pinterest account">
          <p>Pins go to boards: create one on Pinterest, then come back here.</p>
        </Empty>
      ) : null}
      <table class="table responsive boards-table">
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
              <td data-label="Board">
                <strong>{b.name ?? "Unknown board"}</strong>
                <div class="muted small">{b.board_id}</div>
              </td>
              <td data-label="Pins" class="num">
                {b.total_pins}
              </td>
              <td data-label="Breakdown" class="bar-col">
                <Bar board={b} max={max} />
                <span class="muted small">
                  {PARTS.filter((p) => p.count(b) > 0 || !p.hideZero)
                    .map((p) => `${p.count(b)} ${p.label.toLowerCase()}`)
                    .join(" · ")}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
