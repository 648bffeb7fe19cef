import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import type { BoardsDto } from "../../../boards/boards.schema";
import type { FeedDetailDto, FeedDto } from "../../../feeds/feeds.schema";
import { del, get, post, put, qs } from "../api";
import { withBase } from "../base";
import { Button, Empty, ErrorText, Field, Loading, PageHeader, StatusChip } from "../components/ui";
import { formatTime, httpHref } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";

function stateOf(f: FeedDto): { label: string; chip: string } {
  if (!f.is_active) return { label: "Paused", chip: "chip-draft" };
  if (f.last_error && f.failures > 0) return { label: "Failing", chip: "chip-failed" };
  if (!f.last_polled_at) return { label: "Waiting for first read", chip: "chip-queued" };
  return { label: "Active", chip: "chip-published" };
}

function FeedState(props: { feed: FeedDto }) {
  const s = stateOf(props.feed);
  return <span class={`chip ${s.chip}`}>{s.label}</span>;
}

function LastRead(props: { feed: FeedDto }) {
  const { me } = useSession();
  const t = (iso: string | null) => formatTime(iso, me?.timezone ?? "UTC");
  const f = props.feed;
  return (
    <div class="muted small">
      {f.last_polled_at ? `Read ${t(f.last_polled_at)}` : "Not read yet"}
      {f.last_status ? ` (HTTP ${f.last_status})` : ""}
      {f.next_poll_at ? ` · next ${t(f.next_poll_at)}` : ""}
      {` · ${f.items_seen} item${f.items_seen === 1 ? "" : "s"} seen, ${f.pins_created} pin${f.pins_created === 1 ? "" : "s"} made`}
    </div>
  );
}

function FeedDetail(props: { id: number }) {
  const { me } = useSession();
  const feed = useLoad(() => get<FeedDetailDto>(`/feeds/${props.id}`), [props.id]);
  const action = useAction();
  // a feed not read yet (or being read) shows its first read as soon as it is done
  const pending = feed.data?.is_active && (!feed.data.last_polled_at || feed.data.polling);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void feed.reload(), 1500);
    return () => clearTimeout(timer);
  }, [pending, feed.data]);
  if (feed.error) return <ErrorText error={feed.error} />;
  if (!feed.data) return <Loading />;
  const f = feed.data;
  const t = (iso: string | null) => formatTime(iso, me?.timezone ?? "UTC");
  return (
    <div>
      <PageHeader title={f.title ?? f.url} subtitle={f.url}>
        <a class="btn btn-ghost" href={withBase("/app/feeds")}>
          ← All feeds
        </a>
        <Button
          busy={action.busy}
          onClick={() =>
            void action.run(async () => {
              feed.setData(await put<FeedDetailDto>(`/feeds/${f.id}`, { is_active: !f.is_active }));
            })
          }
        >
          {f.is_active ? "Pause" : "Resume"}
        </Button>
        <Button variant="ghost" onClick={() => void feed.reload()}>
          Refresh
        </Button>
      </PageHeader>
      <div class="card feed-status">
        <FeedState feed={f} />
        <div>
          <LastRead feed={f} />
          {f.paused_reason ? <p class="warn-text">{f.paused_reason}</p> : null}
          {f.last_error ? (
            <p class="error-text feed-error" role="alert">
              {f.failures > 0 ? `Failed ${f.failures} time${f.failures === 1 ? "" : "s"} in a row: ` : ""}
              {f.last_error}
            </p>
          ) : null}
        </div>
      </div>
      <ErrorText error={action.error} />
      <section class="section">
        <h2>Last items</h2>
        {f.recent_items.length === 0 ? <p class="muted">No items seen yet.</p> : null}
        <table class="table feed-items">
          <thead>
            <tr>
              <th>Item</th>
              <th>Published</th>
              <th>Pin</th>
            </tr>
          </thead>
          <tbody>
            {f.recent_items.map((i) => {
              const href = httpHref(i.link);
              return (
                <tr key={i.id}>
                  <td>
                    {href ? (
                      <a href={href} target="_blank" rel="noopener noreferrer">
                        {i.title ?? i.link}
                      </a>
                    ) : (
                      (i.title ?? "Untitled")
                    )}
                    {i.note ? <div class="muted small">{i.note}</div> : null}
                  </td>
                  <td>{t(i.published_at)}</td>
                  <td>
                    {i.pin_id ? (
                      <a href={withBase(`/app/pins/${i.pin_id}`)} class="feed-pin">
                        <StatusChip status={i.pin_status ?? "draft"} />
                      </a>
                    ) : (
                      <span class="muted small">
                        {i.outcome === "skipped" ? "Not pinned (older)" : "Pin deleted"}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function FeedsPage() {
  const { params } = useRoute();
  const { selected } = useSession();
  const list = useLoad(() => get<FeedDto[]>(`/feeds${qs({ profile_id: selected?.id })}`), [selected?.id]);
  const boards = useLoad(
    () => (selected ? get<BoardsDto>(`/boards${qs({ profile_id: selected.id })}`) : Promise.resolve(null)),
    [selected?.id],
  );
  const [form, setForm] = useState({ url: "", board_id: "", mode: "draft", backfill: "0" });
  const action = useAction();
  if (params.id) return <FeedDetail id={Number(params.id)} />;
  const boardName = (id: string) => boards.data?.items.find((b) => b.id === id)?.name ?? `board ${id}`;
  const boardId = form.board_id || boards.data?.items[0]?.id || "";
  const create = () =>
    action.run(async () => {
      await post("/feeds", {
        url: form.url,
        board_id: boardId,
        mode: form.mode,
        backfill: Number(form.backfill) || 0,
        ...(selected ? { profile_id: selected.id } : {}),
      });
      setForm({ ...form, url: "" });
      await list.reload();
    });
  return (
    <div>
      <PageHeader
        title="Feeds"
        subtitle={`Each new post of a blog's RSS or Atom feed becomes a pin for @${selected?.pinterest_username ?? "this account"}.`}
      />
      <form
        class="card feed-form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Field label="Feed URL" id="feed-url">
          <input
            id="feed-url"
            type="url"
            required
            placeholder="https://myblog.com/feed.xml"
            value={form.url}
            onInput={(e) => setForm({ ...form, url: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <Field label="Board" id="feed-board">
          <select
            id="feed-board"
            value={boardId}
            onChange={(e) => setForm({ ...form, board_id: (e.target as HTMLSelectElement).value })}
          >
            {boards.data?.items.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="New items become" id="feed-mode">
          <select
            id="feed-mode"
            value={form.mode}
            onChange={(e) => setForm({ ...form, mode: (e.target as HTMLSelectElement).value })}
          >
            <option value="draft">Drafts to review</option>
            <option value="queue">Queued pins</option>
          </select>
        </Field>
        <Field
          label="Also pin the newest"
          id="feed-backfill"
          hint="items already in the feed (0: only new posts)"
        >
          <input
            id="feed-backfill"
            type="number"
            min={0}
            max={50}
            value={form.backfill}
            onInput={(e) => setForm({ ...form, backfill: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <ErrorText error={action.error} />
        <Button type="submit" variant="primary" busy={action.busy} disabled={!form.url || !boardId}>
          Add feed
        </Button>
      </form>
      <ErrorText error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? <Empty title="No feeds yet" /> : null}
      <div class="list">
        {list.data?.map((f) => (
          <div key={f.id} class="card webhook-line" data-feed-id={f.id}>
            <div>
              <a href={withBase(`/app/feeds/${f.id}`)}>
                <strong>{f.title ?? f.url}</strong>
              </a>
              <div class="muted break">
                {f.url} → {boardName(f.board_id)} ({f.mode === "queue" ? "queued" : "drafts"})
              </div>
              <LastRead feed={f} />
              {f.last_error ? <div class="error-text small">{f.last_error}</div> : null}
            </div>
            <FeedState feed={f} />
            <Button
              onClick={() =>
                void action.run(async () => {
                  await put(`/feeds/${f.id}`, { is_active: !f.is_active });
                  await list.reload();
                })
              }
            >
              {f.is_active ? "Pause" : "Resume"}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                if (confirm("Stop following this feed? Its pins stay."))
                  void action.run(async () => {
                    await del(`/feeds/${f.id}`);
                    await list.reload();
                  });
              }}
            >
              Delete
            </Button>
          </div>
        ))}
      </div>
    </div>
  );
}
