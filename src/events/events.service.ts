/**
 * GET /events: one user's changes as server-sent events, so the dashboard (or a script) shows what happened
 * within a tick without asking again and again.
 *
 * Changes are rows of `change_events`, written by triggers (migration 0005) in the same statement as the
 * change — by this process, another one, the CLI or the publisher alike. While a process has streams open,
 * its `live-updates` job reads the rows after the oldest id its streams have seen (a primary-key range: when
 * nothing changed, one indexed look that finds nothing) and writes each to the streams of its user. With no
 * stream open it reads nothing. Quiet streams get a keep-alive comment, and their caller's credentials are
 * checked again then (a revoked key or ended session closes the stream). Reading "after the last id" relies
 * on ids becoming visible in order: SQLite's single writer does that; on PostgreSQL the rows are written at
 * commit under one advisory lock (migrations/postgres/0005_change_feed.sql, ARCHITECTURE.md "Two engines").
 *
 * A client that reconnects with Last-Event-ID gets what it missed of its own changes, or — when that is
 * no longer kept, or too much — a `reset`: reload everything. Every stream starts with `ready` (or `reset`)
 * carrying the newest id, after which nothing is skipped or sent twice.
 */
import type { ChangeEvent, User } from "../db/schema";
import type { Deps } from "../deps";
import type { StreamSink } from "../shared/stream-hub";
import * as repo from "./events.repo";
import type { ChangeDto, StreamMarkDto } from "./events.schema";

/** A stream with nothing to say for this long gets a comment (proxies and Bun's idle timeout close silent ones). */
export const KEEP_ALIVE_MS = 20_000;
/** How many changes are kept for reconnecting clients (all users together). */
export const KEEP_CHANGES = 10_000;
/** At most this many missed changes are replayed to a reconnecting client; beyond, it is told to reload. */
export const REPLAY_LIMIT = 500;
/** How long EventSource waits before reconnecting. */
export const RETRY_MS = 2_000;
const BATCH = 1_000;
const MAX_BATCHES = 20;

type Row = Pick<ChangeEvent, "id" | "user_id" | "kind" | "subject_id" | "status">;

const dataOf = (row: Row): ChangeDto => ({ kind: row.kind, id: row.subject_id, status: row.status });
const changeFrame = (row: Row) =>
  `id: ${row.id}\nevent: ${row.kind}\ndata: ${JSON.stringify(dataOf(row))}\n\n`;
const markFrame = (event: "ready" | "reset", latest: number) =>
  `id: ${latest}\nevent: ${event}\ndata: ${JSON.stringify({ latest } satisfies StreamMarkDto)}\n\n`;
export const KEEP_ALIVE = ": keep-alive\n\n";

/**
 * The user's changes after `lastId` up to `latest`, or null when they cannot all be given: some were pruned
 * (or `lastId` is not of this database), or there are more than REPLAY_LIMIT.
 */
async function missedChanges(deps: Pick<Deps, "db">, userId: number, lastId: number, latest: number) {
  if (lastId > latest) return null;
  if (lastId === latest) return [];
  const oldest = await repo.oldestId(deps.db);
  if (oldest === null || lastId < oldest - 1) return null;
  const rows = await repo.listOfUserBetween(deps.db, userId, lastId, latest, REPLAY_LIMIT + 1);
  return rows.length > REPLAY_LIMIT ? null : rows;
}

export interface OpenStreamInput {
  user: User;
  /** Judges the request's credentials again (throws when they no longer admit it): whenever the stream is quiet for KEEP_ALIVE_MS. */
  recheck: () => Promise<unknown>;
  /** The Last-Event-ID a reconnecting client sent (null on a first connection). */
  lastEventId: number | null;
  /** The request's signal: the stream is dropped when the client goes away. */
  signal?: AbortSignal;
}

/** The stream of one caller's changes, from now (or from its Last-Event-ID). */
export async function openStream(deps: Deps, input: OpenStreamInput): Promise<ReadableStream<Uint8Array>> {
  const latest = await repo.latestId(deps.db);
  const missed =
    input.lastEventId === null ? [] : await missedChanges(deps, input.user.id, input.lastEventId, latest);
  const head =
    `retry: ${RETRY_MS}\n\n` +
    (missed === null
      ? markFrame("reset", latest)
      : missed.map(changeFrame).join("") + markFrame("ready", latest));
  const hub = deps.inProcess.streams;
  const encoder = new TextEncoder();
  let sink: StreamSink | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const self: StreamSink = {
        userId: input.user.id,
        seen: latest,
        lastWriteAt: deps.clock.now(),
        write(chunk, now) {
          if (!open) return false;
          try {
            controller.enqueue(encoder.encode(chunk));
            self.lastWriteAt = now;
            return true;
          } catch {
            self.close();
            return false;
          }
        },
        async stillAllowed() {
          try {
            await input.recheck();
            return true;
          } catch {
            return false;
          }
        },
        close() {
          hub.remove(self);
          if (!open) return;
          open = false;
          try {
            controller.close();
          } catch {
            // already closed or cancelled by the client
          }
        },
      };
      sink = self;
      controller.enqueue(encoder.encode(head));
      hub.add(self);
      input.signal?.addEventListener("abort", () => self.close(), { once: true });
    },
    cancel() {
      sink?.close();
    },
  });
}

/**
 * Hands every change since the oldest one an open stream has seen to the streams of its user, then keeps
 * quiet streams alive. Run every tick by the `live-updates` job; does nothing while no stream is open.
 */
export async function pollChanges(deps: Deps): Promise<{ streams: number; delivered: number }> {
  const hub = deps.inProcess.streams;
  let delivered = 0;
  for (let batch = 0; batch < MAX_BATCHES && hub.size > 0; batch++) {
    const sinks = hub.all();
    const from = Math.min(...sinks.map((s) => s.seen));
    const rows = await repo.listAfter(deps.db, from, BATCH);
    if (rows.length === 0) break;
    const now = deps.clock.now();
    // Ids have no holes but at the low end, where old rows are pruned: a stream that had not seen those
    // missed them, and is told to reload.
    const first = (rows[0] as Row).id;
    for (const sink of sinks) {
      if (sink.seen < first - 1 && sink.write(markFrame("reset", first - 1), now)) sink.seen = first - 1;
    }
    for (const row of rows) {
      for (const sink of hub.of(row.user_id)) {
        if (row.id <= sink.seen) continue;
        if (sink.write(changeFrame(row), now)) delivered++;
        sink.seen = row.id;
      }
    }
    const last = (rows[rows.length - 1] as Row).id;
    for (const sink of sinks) sink.seen = Math.max(sink.seen, last);
    if (rows.length < BATCH) break;
  }
  await keepAlive(deps);
  return { streams: hub.size, delivered };
}

/** A keep-alive comment on every stream quiet for KEEP_ALIVE_MS, once its caller is checked again. */
async function keepAlive(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const quiet = deps.inProcess.streams.all().filter((s) => now - s.lastWriteAt >= KEEP_ALIVE_MS);
  await Promise.all(
    quiet.map(async (sink) => {
      sink.lastWriteAt = now;
      if (await sink.stillAllowed()) sink.write(KEEP_ALIVE, now);
      else sink.close();
    }),
  );
}

/** The id of the newest change: a client that read the API at this point streams from it (GET /events?since=). */
export const latestChangeId = (deps: Pick<Deps, "db">) => repo.latestId(deps.db);

/** Ends every open stream (shutdown: an open stream would hold the HTTP drain for its whole grace time). */
export function closeStreams(deps: Pick<Deps, "inProcess">): number {
  const sinks = deps.inProcess.streams.all();
  for (const sink of sinks) sink.close();
  return sinks.length;
}

/** Keeps the newest `keep` changes (run every minute by the `change-feed-prune` job). */
export async function pruneChanges(deps: Pick<Deps, "db">, keep = KEEP_CHANGES) {
  return { deleted: await repo.deleteAllButNewest(deps.db, keep) };
}
