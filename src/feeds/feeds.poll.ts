/**
 * Reading feeds (the `poll-feeds` job): each due feed is claimed (one request in flight per feed), fetched
 * under the address rules every outbound request obeys (shared/net.ts: public addresses only unless
 * PINFLOW_WEBHOOK_ALLOW_PRIVATE, the IP actually dialled checked, 10 s for everything, 2 MB at most), with
 * ETag / Last-Modified so an unchanged feed costs a 304, and up to 3 redirects, each hop checked by the same
 * rules. Each item not seen before (by guid, else link) becomes a pin; the first read of a feed only notes
 * what is already there, unless `backfill` asks for some. Whatever goes wrong — the network, the answer, the
 * XML — is the feed's last error, with the next attempt backed off; never a crash of the job.
 */

import type { Feed } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../http/errors";
import { createPin } from "../pins/pins.service";
import { PINTEREST_LIMITS } from "../pinterest/pinterest.limits";
import { pinnedFetch, SsrfBlockedError } from "../shared/net";
import { parseRetryAfter } from "../shared/retry";
import { readAtMost } from "../shared/stream";
import { findUser } from "../users/users.service";
import { VERSION } from "../version";
import { type FeedEntry, FeedParseError, parseFeed } from "./feeds.parse";
import * as repo from "./feeds.repo";
import { FEED_URL } from "./feeds.schema";
import { htmlToText, trimTo } from "./feeds.text";

export type FeedDeps = Pick<
  Deps,
  "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "inProcess" | "resolve" | "fetch"
>;

export const FEED_TIMEOUT_MS = 10_000;
export const MAX_FEED_BYTES = 2 * 1024 * 1024;
export const MAX_REDIRECTS = 3;
/** A claimed feed whose read never finished (the process died) is read again after this. */
export const FEED_LEASE_MS = 5 * 60_000;
export const FEED_WORKERS = 4;
/** New items turned into pins per read; more wait for the next read (a feed that rewrote every guid). */
export const MAX_NEW_PER_POLL = 25;
export const MAX_BACKOFF_MS = 24 * 3_600_000;
export const USER_AGENT = `PinFlow/${VERSION} (+feed reader)`;
const ACCEPT =
  "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";

export const NO_IMAGE_NOTE =
  "The feed item had no image (no media:content, enclosure, media:thumbnail or <img>): add one before publishing.";

type Fetched =
  | { kind: "ok"; status: number; body: string; etag: string | null; lastModified: string | null }
  | { kind: "not_modified"; status: 304; etag: string | null; lastModified: string | null }
  | { kind: "error"; status: number | null; error: string; retryAfterMs?: number; gone?: boolean };

/** Reads at most `max` bytes of a body; null when it is longer (what was read is dropped). */
const readCapped = (res: Response, max: number) =>
  res.body ? readAtMost(res.body, max) : Promise.resolve(new Uint8Array(0));

/** The text of a feed: its declared charset (HTTP header, else the XML declaration), UTF-8 by default. */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared =
    /charset=["']?([\w-]+)/i.exec(contentType ?? "")?.[1] ??
    /<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1];
  try {
    return new TextDecoder(declared ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

async function fetchFeed(deps: FeedDeps, feed: Feed): Promise<Fetched> {
  const signal = AbortSignal.timeout(FEED_TIMEOUT_MS);
  const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: ACCEPT };
  if (feed.etag) headers["if-none-match"] = feed.etag;
  if (feed.last_modified) headers["if-modified-since"] = feed.last_modified;
  let url = feed.url;
  let hop = 0;
  try {
    for (; ; hop++) {
      const res = await pinnedFetch(
        url,
        { method: "GET", headers, signal, timeoutMs: FEED_TIMEOUT_MS },
        {
          allowPrivate: deps.config.webhookAllowPrivate,
          resolve: deps.resolve,
          what: FEED_URL,
          fetch: deps.fetch as typeof fetch,
        },
      );
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
        await res.body?.cancel().catch(() => {});
        if (hop >= MAX_REDIRECTS)
          return {
            kind: "error",
            status: res.status,
            error: `More than ${MAX_REDIRECTS} redirects: not followed.`,
          };
        url = new URL(location, url).href;
        continue;
      }
      const etag = res.headers.get("etag");
      const lastModified = res.headers.get("last-modified");
      if (res.status === 304) {
        await res.body?.cancel().catch(() => {});
        return {
          kind: "not_modified",
          status: 304,
          etag: etag ?? feed.etag,
          lastModified: lastModified ?? feed.last_modified,
        };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel().catch(() => {});
        return {
          kind: "error",
          status: res.status,
          error:
            res.status === 410
              ? "The feed answered 410 Gone: it was removed."
              : `The feed answered HTTP ${res.status}${res.status >= 300 && res.status < 400 ? " (a redirect without a Location)" : ""}.`,
          retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), deps.clock.now()) || undefined,
          gone: res.status === 410,
        };
      }
      const bytes = await readCapped(res, MAX_FEED_BYTES);
      if (bytes === null)
        return {
          kind: "error",
          status: res.status,
          error: `The feed is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB.`,
        };
      return {
        kind: "ok",
        status: res.status,
        body: decodeFeed(bytes, res.headers.get("content-type")),
        etag,
        lastModified,
      };
    }
  } catch (err) {
    if (err instanceof SsrfBlockedError)
      return {
        kind: "error",
        status: null,
        error:
          hop > 0
            ? `Redirect not followed: ${err.message.replace(FEED_URL, "the new address")}.`
            : err.message,
      };
    const name = (err as Error).name;
    if (name === "TimeoutError" || name === "AbortError")
      return { kind: "error", status: null, error: `No complete answer within ${FEED_TIMEOUT_MS / 1000} s.` };
    return { kind: "error", status: null, error: "Could not connect to the feed's server." };
  }
}

/** The wait after the n-th failure in a row: the poll interval, doubled each time, at most 24 h. */
export const backoffMs = (intervalMs: number, failures: number) =>
  Math.min(intervalMs * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);

/** One entry as the pin it becomes (text cut to Pinterest's limits; no image: an empty media_url and a note). */
export function pinFields(entry: FeedEntry) {
  const title = entry.title
    ? trimTo(htmlToText(entry.title).replace(/\s+/g, " "), PINTEREST_LIMITS.title)
    : null;
  const description = entry.summaryHtml
    ? trimTo(htmlToText(entry.summaryHtml), PINTEREST_LIMITS.description)
    : null;
  const alt = entry.image?.alt ? trimTo(htmlToText(entry.image.alt), PINTEREST_LIMITS.alt_text) : null;
  return {
    title: title || null,
    description: description || null,
    link: entry.link && entry.link.length <= PINTEREST_LIMITS.link ? entry.link : null,
    media_url: entry.image?.url ?? "",
    alt_text: alt || null,
  };
}

/** Newest first by date where the feed gives dates (else as listed, which feeds keep newest first). */
function newestFirst(entries: FeedEntry[]): FeedEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      if (a.e.publishedAt !== null && b.e.publishedAt !== null && a.e.publishedAt !== b.e.publishedAt)
        return b.e.publishedAt - a.e.publishedAt;
      return a.i - b.i;
    })
    .map(({ e }) => e);
}

/** Turns the new entries of a read into pins; returns a sentence when it had to stop (a quota). */
async function takeEntries(deps: FeedDeps, feed: Feed, entries: FeedEntry[]): Promise<string | null> {
  const now = deps.clock.now();
  const seen = await repo.knownKeys(
    deps.db,
    feed.id,
    entries.map((e) => e.key),
  );
  const unique = new Map<string, FeedEntry>();
  for (const e of newestFirst(entries)) if (!seen.has(e.key) && !unique.has(e.key)) unique.set(e.key, e);
  const fresh = [...unique.values()];
  let wanted = fresh;
  if (!feed.seeded) {
    wanted = fresh.slice(0, feed.backfill);
    await repo.insertItems(
      deps.db,
      fresh.slice(feed.backfill).map((e) => ({
        feed_id: feed.id,
        item_key: e.key,
        title: e.title ? trimTo(htmlToText(e.title), 300) : null,
        link: e.link,
        published_at: e.publishedAt,
        outcome: "skipped" as const,
        note: "Already in the feed when it was added.",
        seen_at: now,
      })),
    );
  }
  const user = await findUser(deps, feed.user_id);
  if (!user) return null;
  // oldest first, so the queue keeps the blog's order
  for (const entry of wanted.slice(0, MAX_NEW_PER_POLL).reverse()) {
    const fields = pinFields(entry);
    const note = fields.media_url ? null : NO_IMAGE_NOTE;
    try {
      await createPin(
        deps,
        user,
        {
          ...fields,
          board_id: feed.board_id,
          profile_id: feed.profile_id,
          ...((feed.mode === "draft" || note) && { status: "draft" as const }),
        },
        {
          ...(note && { note }),
          inTransaction: (trx, pinId) =>
            repo.insertItems(trx, [
              {
                feed_id: feed.id,
                item_key: entry.key,
                title: fields.title,
                link: entry.link,
                published_at: entry.publishedAt,
                outcome: "pinned",
                pin_id: pinId,
                note,
                seen_at: deps.clock.now(),
              },
            ]),
        },
      );
    } catch (err) {
      // a quota (or the profile gone): the item stays new and is tried again at the next read
      if (err instanceof AppError && typeof err.detail === "string") return `New items wait: ${err.detail}`;
      throw err;
    }
  }
  return null;
}

/** Reads one claimed feed and records the outcome (never throws). */
export async function pollFeed(deps: FeedDeps, feed: Feed): Promise<void> {
  const claimedAt = feed.polling_since as number;
  const interval = deps.config.feedPollInterval;
  const fail = async (
    status: number | null,
    error: string,
    extra: { retryAfterMs?: number; gone?: boolean } = {},
  ) => {
    const now = deps.clock.now();
    const failures = feed.failures + 1;
    const wait = Math.max(backoffMs(interval, failures), Math.min(extra.retryAfterMs ?? 0, MAX_BACKOFF_MS));
    deps.log.info("feed read failed", { feed_id: feed.id, failures, error });
    await repo.finishPoll(deps.db, feed.id, claimedAt, {
      last_polled_at: now,
      last_status: status,
      last_error: error,
      failures,
      next_poll_at: now + wait,
      updated_at: now,
      ...(extra.gone && {
        is_active: 0,
        paused_reason: "Paused: the feed answered 410 Gone. Check the URL, then resume it.",
      }),
    });
  };
  try {
    const fetched = await fetchFeed(deps, feed);
    if (fetched.kind === "error") return await fail(fetched.status, fetched.error, fetched);
    let parsed: ReturnType<typeof parseFeed> | null = null;
    if (fetched.kind === "ok") {
      try {
        parsed = parseFeed(fetched.body, feed.url);
      } catch (err) {
        if (err instanceof FeedParseError) return await fail(fetched.status, err.message);
        throw err;
      }
    }
    const waiting = parsed ? await takeEntries(deps, feed, parsed.entries) : null;
    const now = deps.clock.now();
    await repo.finishPoll(deps.db, feed.id, claimedAt, {
      last_polled_at: now,
      last_success_at: now,
      last_status: fetched.status,
      last_error: waiting,
      failures: 0,
      next_poll_at: now + interval,
      etag: fetched.etag,
      last_modified: fetched.lastModified,
      updated_at: now,
      ...(parsed && {
        title: parsed.title ? trimTo(htmlToText(parsed.title), 300) : null,
        format: parsed.format,
        seeded: 1,
      }),
    });
  } catch (err) {
    deps.log.error("feed read crashed", { feed_id: feed.id, err });
    await fail(null, "Unexpected error while reading the feed (see the server log).").catch(() => {});
  }
}

/** The job: reads every due feed, FEED_WORKERS at a time; resolves when none is left. */
export async function pollDueFeeds(deps: FeedDeps): Promise<{ polled: number }> {
  let polled = 0;
  const worker = async () => {
    for (;;) {
      const feed = await repo.claimDueFeed(deps.db, deps.clock.now(), FEED_LEASE_MS);
      if (!feed) return;
      await pollFeed(deps, feed);
      polled++;
    }
  };
  await Promise.all(Array.from({ length: FEED_WORKERS }, worker));
  return { polled };
}
