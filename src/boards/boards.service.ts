/**
 * Boards come live from Pinterest (every page), cached per profile for about a minute: the dashboard's
 * board picker and the pin pre-flight both read them, and Pinterest rate-limits reads.
 */

import { pinterestTotalsByBoard } from "../analytics/analytics.totals";
import type { Profile, User } from "../db/schema";
import type { Deps } from "../deps";
import { PinterestError } from "../pinterest/pinterest.errors";
import type { Board } from "../pinterest/pinterest.schema";
import { resolveProfile } from "../profiles/profiles.service";
import { withAccessToken } from "../profiles/profiles.tokens";
import { pinterestUnavailable } from "./boards.errors";
import { countPinsByBoard } from "./boards.repo";
import type { BoardAnalyticsDto, BoardsDto } from "./boards.schema";

type BoardDeps = Pick<Deps, "db" | "clock" | "keys" | "pinterest" | "log" | "inProcess">;

/** Every board of the profile's Pinterest account; `refresh` skips the cache. */
export async function boardsOf(
  deps: BoardDeps,
  profile: Profile,
  opts: { refresh?: boolean } = {},
): Promise<Board[]> {
  const cache = deps.inProcess.boards;
  const hit = opts.refresh ? undefined : cache.get(profile.id, deps.clock.now());
  if (hit) return hit;
  try {
    const boards = await withAccessToken(deps, profile, (token) => deps.pinterest.listBoards(token));
    cache.set(profile.id, boards, deps.clock.now());
    return boards;
  } catch (err) {
    if (err instanceof PinterestError) throw pinterestUnavailable(err.message);
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

/** Board id → name from the cached board list (or a live read); empty when Pinterest cannot tell us. */
export async function boardNamesOf(deps: BoardDeps, profile: Profile): Promise<Map<string, string>> {
  try {
    return new Map((await boardsOf(deps, profile)).map((b) => [b.id, b.name]));
  } catch (err) {
    deps.log.warn("board names unavailable", { profile_id: profile.id, err: (err as Error).message });
    return new Map();
  }
}

export async function listBoards(
  deps: BoardDeps,
  user: User,
  q: { profileId?: number; refresh?: boolean },
): Promise<BoardsDto> {
  const profile = await resolveProfile(deps, user, q.profileId);
  const boards = await boardsOf(deps, profile, { refresh: q.refresh });
  return {
    pinterest_user_id: profile.pinterest_user_id,
    pinterest_username: profile.pinterest_username,
    items: boards.map((b) => ({ id: b.id, name: b.name, description: b.description ?? null })),
  };
}

/**
 * Per board of the account: PinFlow's own counts, and beside them Pinterest's totals of every day PinFlow
 * stored for the board's pins (zeros before any). Every board Pinterest lists appears (also those with no
 * pins yet), plus boards that only PinFlow's pins still mention. Pinterest being down leaves the counts
 * available, without the empty boards.
 */
export async function boardAnalytics(
  deps: BoardDeps,
  user: User,
  q: { profileId?: number },
): Promise<BoardAnalyticsDto> {
  const profile = await resolveProfile(deps, user, q.profileId);
  const counts = new Map((await countPinsByBoard(deps.db, profile.id)).map((c) => [c.board_id, c]));
  const metrics = await pinterestTotalsByBoard(deps, profile.id);
  let live: Board[] = [];
  try {
    live = await boardsOf(deps, profile);
  } catch (err) {
    deps.log.warn("board analytics without Pinterest's board list", {
      profile_id: profile.id,
      err: (err as Error).message,
    });
  }
  const names = new Map(live.map((b) => [b.id, b.name]));
  const ids = [...live.map((b) => b.id), ...[...counts.keys()].filter((id) => !names.has(id))];
  return {
    pinterest_user_id: profile.pinterest_user_id,
    pinterest_username: profile.pinterest_username,
    boards: ids.map((id) => {
      const c = counts.get(id);
      return {
        board_id: id,
        name: names.get(id) ?? null,
        total_pins: Number(c?.total ?? 0),
        published_pins: Number(c?.published ?? 0),
        scheduled_pins: Number(c?.scheduled ?? 0),
        draft_pins: Number(c?.draft ?? 0),
        failed_pins: Number(c?.failed ?? 0),
        pinterest: metrics.get(id) ?? { impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 },
      };
    }),
  };
}
