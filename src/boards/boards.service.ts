/**
 * Boards come live from Pinterest (every page), cached per profile for about a minute: the dashboard's
 * board picker and the pin pre-flight both read them, and Pinterest rate-limits reads.
 */

import type { Profile } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../http/errors";
import { PinterestError } from "../pinterest/pinterest.errors";
import type { Board } from "../pinterest/pinterest.schema";
import { withAccessToken } from "../profiles/profiles.tokens";

type BoardDeps = Pick<Deps, "db" | "clock" | "keys" | "pinterest" | "log">;

export const BOARDS_CACHE_MS = 60_000;

interface Cached {
  at: number;
  boards: Board[];
}
const caches = new WeakMap<object, Map<number, Cached>>();

function cacheOf(deps: BoardDeps) {
  const cache = caches.get(deps.db) ?? new Map<number, Cached>();
  caches.set(deps.db, cache);
  return cache;
}

export const pinterestUnavailable = (err: PinterestError) =>
  new AppError(
    502,
    `Pinterest is not answering right now, so the boards could not be loaded (${err.message}). Try again in a minute.`,
    "boards.pinterest_unavailable",
  );

/** Every board of the profile's Pinterest account; `refresh` skips the cache. */
export async function boardsOf(
  deps: BoardDeps,
  profile: Profile,
  opts: { refresh?: boolean } = {},
): Promise<Board[]> {
  const cache = cacheOf(deps);
  const hit = cache.get(profile.id);
  if (hit && !opts.refresh && deps.clock.now() - hit.at < BOARDS_CACHE_MS) return hit.boards;
  try {
    const boards = await withAccessToken(deps, profile, (token) => deps.pinterest.listBoards(token));
    cache.set(profile.id, { at: deps.clock.now(), boards });
    return boards;
  } catch (err) {
    if (err instanceof PinterestError) throw pinterestUnavailable(err);
    throw err;
  }
}

/** The cached board list when fresh enough, else a live read; null when Pinterest cannot tell us. */
export async function knownBoardIds(deps: BoardDeps, profile: Profile): Promise<Set<string> | null> {
  try {
    return new Set((await boardsOf(deps, profile)).map((b) => b.id));
  } catch (err) {
    deps.log.warn("could not check boards", { profile_id: profile.id, err: (err as Error).message });
    return null;
  }
}
