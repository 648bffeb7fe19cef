/** Feeds of a user: following (the URL checked against the address rules), changing, pausing, the items seen. */
import { knownBoardIds } from "../boards/boards.service";
import type { User } from "../db/schema";
import type { Deps } from "../deps";
import { resolveProfile } from "../profiles/profiles.service";
import { checkOutboundUrl } from "../shared/net";
import { toApiTime } from "../shared/time";
import {
  feedExists,
  feedNotFound,
  feedUrlRefused,
  MAX_FEEDS_PER_USER,
  tooManyFeeds,
  unknownBoard,
} from "./feeds.errors";
import * as repo from "./feeds.repo";
import {
  type CreateFeedInput,
  FEED_URL,
  type FeedDetailDto,
  type FeedDto,
  type FeedItemDto,
  type UpdateFeedInput,
} from "./feeds.schema";

export type FeedServiceDeps = Pick<
  Deps,
  "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "inProcess" | "resolve"
>;

export const RECENT_ITEMS = 20;

const toDto = (f: repo.FeedRow): FeedDto => ({
  id: f.id,
  profile_id: f.profile_id,
  pinterest_user_id: f.pinterest_user_id,
  pinterest_username: f.pinterest_username,
  board_id: f.board_id,
  url: f.url,
  mode: f.mode,
  backfill: f.backfill,
  is_active: f.is_active === 1,
  paused_reason: f.paused_reason,
  title: f.title,
  format: f.format,
  polling: f.polling_since !== null,
  last_polled_at: toApiTime(f.last_polled_at),
  last_success_at: toApiTime(f.last_success_at),
  last_status: f.last_status,
  last_error: f.last_error,
  failures: f.failures,
  next_poll_at: f.is_active === 1 ? toApiTime(f.next_poll_at) : null,
  items_seen: Number(f.items_seen ?? 0),
  pins_created: Number(f.pins_created ?? 0),
  created_at: toApiTime(f.created_at),
});

async function checkedUrl(deps: FeedServiceDeps, url: string): Promise<string> {
  const check = await checkOutboundUrl(url, {
    allowPrivate: deps.config.webhookAllowPrivate,
    resolve: deps.resolve,
    what: FEED_URL,
  });
  if (!check.ok) throw feedUrlRefused(check.reason);
  return check.url.href;
}

async function owned(deps: FeedServiceDeps, user: User, id: number) {
  const feed = await repo.findFeed(deps.db, user.id, id);
  if (!feed) throw feedNotFound();
  return feed;
}

/** A board the profile's Pinterest account has (when Pinterest can tell us; else it is taken on trust). */
async function checkBoard(
  deps: FeedServiceDeps,
  profile: Awaited<ReturnType<typeof resolveProfile>>,
  boardId: string,
) {
  const boards = await knownBoardIds(deps, profile);
  if (boards && !boards.has(boardId)) throw unknownBoard(boardId, profile.pinterest_username);
}

export async function createFeed(
  deps: FeedServiceDeps,
  user: User,
  input: CreateFeedInput,
): Promise<FeedDto> {
  const profile = await resolveProfile(deps, user, input.profile_id);
  const url = await checkedUrl(deps, input.url);
  if ((await repo.countFeeds(deps.db, user.id)) >= MAX_FEEDS_PER_USER) throw tooManyFeeds();
  const existing = await repo.findFeedByUrl(deps.db, profile.id, url);
  if (existing) throw feedExists(profile.pinterest_username, existing.id);
  await checkBoard(deps, profile, input.board_id);
  const now = deps.clock.now();
  const { id } = await repo.insertFeed(deps.db, {
    user_id: user.id,
    profile_id: profile.id,
    board_id: input.board_id,
    url,
    mode: input.mode,
    backfill: input.backfill ?? 0,
    // read at the next run of the poll job
    next_poll_at: now,
    created_at: now,
    updated_at: now,
  });
  return toDto(await owned(deps, user, id));
}

export async function listFeeds(deps: FeedServiceDeps, user: User, profileId?: number): Promise<FeedDto[]> {
  return (await repo.listFeeds(deps.db, user.id, profileId)).map(toDto);
}

const toItemDto = (i: Awaited<ReturnType<typeof repo.listRecentItems>>[number]): FeedItemDto => ({
  id: i.id,
  title: i.title,
  link: i.link,
  published_at: toApiTime(i.published_at),
  outcome: i.outcome,
  pin_id: i.pin_id,
  pin_status: i.pin_status ?? null,
  note: i.note,
  seen_at: toApiTime(i.seen_at),
});

export async function getFeed(deps: FeedServiceDeps, user: User, id: number): Promise<FeedDetailDto> {
  const feed = await owned(deps, user, id);
  const items = await repo.listRecentItems(deps.db, feed.id, RECENT_ITEMS);
  return { ...toDto(feed), recent_items: items.map(toItemDto) };
}

/**
 * Send only what changes. A new URL is checked like on creation and read afresh as a new feed (its items
 * already there are not pinned); resuming reads it now and forgets past failures.
 */
export async function updateFeed(
  deps: FeedServiceDeps,
  user: User,
  id: number,
  input: UpdateFeedInput,
): Promise<FeedDetailDto> {
  const feed = await owned(deps, user, id);
  const now = deps.clock.now();
  const url = input.url === undefined ? undefined : await checkedUrl(deps, input.url);
  if (url !== undefined && url !== feed.url) {
    const existing = await repo.findFeedByUrl(deps.db, feed.profile_id, url);
    if (existing) throw feedExists(feed.pinterest_username, existing.id);
  }
  if (input.board_id !== undefined && input.board_id !== feed.board_id)
    await checkBoard(deps, await resolveProfile(deps, user, feed.profile_id), input.board_id);
  const newUrl = url !== undefined && url !== feed.url;
  const resumed = input.is_active === true && feed.is_active === 0;
  await repo.updateFeed(deps.db, feed.id, {
    ...(input.board_id !== undefined && { board_id: input.board_id }),
    ...(input.mode !== undefined && { mode: input.mode }),
    ...(input.is_active !== undefined && { is_active: input.is_active ? 1 : 0 }),
    ...(newUrl && { url, etag: null, last_modified: null, seeded: 0, title: null, format: null }),
    ...((newUrl || resumed) && {
      next_poll_at: now,
      failures: 0,
      last_error: null,
      paused_reason: null,
      // a read in flight for the old settings finds its claim gone and records nothing
      polling_since: null,
    }),
    updated_at: now,
  });
  return getFeed(deps, user, id);
}

export async function deleteFeed(deps: FeedServiceDeps, user: User, id: number): Promise<void> {
  await owned(deps, user, id);
  await repo.deleteFeed(deps.db, id);
}
