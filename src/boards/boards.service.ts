/**
 * Boards come live from Pinterest (every page), cached per profile for about a minute: the dashboard's
 * board picker and the pin pre-flight both read them, and Pinterest rate-limits reads. A board's sections are
 * read and cached the same way. Boards and sections made through PinFlow are made on Pinterest, and the
 * cache is refreshed at once so the new one is there for the picker and the pre-flight.
 */

import { publicLink } from "../config";
import { engineOf } from "../db/database";
import type { Profile, User } from "../db/schema";
import type { Deps } from "../deps";
import { isTrialAccessRefusal, PinterestError, trialAccessHelp } from "../pinterest/pinterest.errors";
import type { Board, BoardSection } from "../pinterest/pinterest.schema";
import { resolveProfile } from "../profiles/profiles.service";
import { withAccessToken } from "../profiles/profiles.tokens";
import { metricsOf, noMetrics } from "../shared/schema";
import {
  boardNameTaken,
  boardNotFound,
  pinterestRefused,
  pinterestUnavailable,
  sectionNameTaken,
} from "./boards.errors";
import { countPinsByBoard, metricTotalsByBoard } from "./boards.repo";
import type {
  BoardAnalyticsDto,
  BoardSectionDto,
  BoardSectionsDto,
  BoardsDto,
  CreateBoardInput,
  CreateSectionInput,
} from "./boards.schema";

type BoardDeps = Pick<Deps, "db" | "clock" | "keys" | "pinterest" | "log" | "inProcess" | "config">;

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

/**
 * The cached board list when fresh enough, else a live read; null when Pinterest cannot tell us. With
 * several processes (PostgreSQL), a board made through another one is not in this one's cache yet: a board
 * `wanted` that the cached list lacks is looked for in a live read before it is called unknown.
 */
export async function knownBoardIds(
  deps: BoardDeps,
  profile: Profile,
  wanted?: string,
): Promise<Set<string> | null> {
  try {
    const ids = new Set((await boardsOf(deps, profile)).map((b) => b.id));
    if (wanted === undefined || ids.has(wanted) || engineOf(deps.db) !== "postgres") return ids;
    return new Set((await boardsOf(deps, profile, { refresh: true })).map((b) => b.id));
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
  const metrics = new Map(
    (await metricTotalsByBoard(deps.db, profile.id)).map((row) => [row.board_id, metricsOf(row)]),
  );
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
        pinterest: metrics.get(id) ?? noMetrics(),
      };
    }),
  };
}

const sectionKey = (profile: Profile, boardId: string) => `${profile.id}:${boardId}`;

/** A failed call to Pinterest, as the API answers it: a 404 board, a refusal (why), or "not answering". */
function fromPinterest(
  deps: Pick<Deps, "config">,
  err: unknown,
  profile: Profile,
  boardId: string | null,
  what: string,
): unknown {
  if (!(err instanceof PinterestError)) return err;
  if (boardId !== null && err.status === 404) return boardNotFound(boardId, profile.pinterest_username);
  if (isTrialAccessRefusal(err)) {
    return pinterestRefused(trialAccessHelp(err, publicLink(deps.config, "/docs"), what));
  }
  if (err.kind === "permanent") return pinterestRefused(err.message);
  return pinterestUnavailable(err.message);
}

/** Every section of a board of the profile's account; `refresh` skips the cache. */
export async function sectionsOf(
  deps: BoardDeps,
  profile: Profile,
  boardId: string,
  opts: { refresh?: boolean } = {},
): Promise<BoardSection[]> {
  const cache = deps.inProcess.boardSections;
  const key = sectionKey(profile, boardId);
  const hit = opts.refresh ? undefined : cache.get(key, deps.clock.now());
  if (hit) return hit;
  try {
    const sections = await withAccessToken(deps, profile, (token) =>
      deps.pinterest.listBoardSections(token, boardId),
    );
    cache.set(key, sections, deps.clock.now());
    return sections;
  } catch (err) {
    throw fromPinterest(deps, err, profile, boardId, "list the board's sections");
  }
}

/** The ids of a board's sections, or null when Pinterest cannot tell us (the pre-flight then does not judge). */
export async function knownSectionIds(
  deps: BoardDeps,
  profile: Profile,
  boardId: string,
  wanted?: string,
): Promise<Set<string> | null> {
  try {
    const ids = new Set((await sectionsOf(deps, profile, boardId)).map((s) => s.id));
    // another process may have made the section since this one cached the list (see knownBoardIds)
    if (wanted === undefined || ids.has(wanted) || engineOf(deps.db) !== "postgres") return ids;
    return new Set((await sectionsOf(deps, profile, boardId, { refresh: true })).map((s) => s.id));
  } catch (err) {
    deps.log.warn("could not check board sections", {
      profile_id: profile.id,
      board_id: boardId,
      err: (err as Error).message,
    });
    return null;
  }
}

/** A board the profile's account has, by the (cached) board list; 404 when Pinterest lists no such board. */
async function ownBoard(deps: BoardDeps, profile: Profile, boardId: string): Promise<void> {
  const boards = await boardsOf(deps, profile);
  if (!boards.some((b) => b.id === boardId)) throw boardNotFound(boardId, profile.pinterest_username);
}

export async function listSections(
  deps: BoardDeps,
  user: User,
  boardId: string,
  q: { profileId?: number; refresh?: boolean },
): Promise<BoardSectionsDto> {
  const profile = await resolveProfile(deps, user, q.profileId);
  const sections = await sectionsOf(deps, profile, boardId, { refresh: q.refresh });
  return { board_id: boardId, items: sections.map((s) => ({ id: s.id, name: s.name })) };
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Makes a board on the profile's Pinterest account (a name it already has is 409 before Pinterest is asked),
 * then re-reads the board list so the picker and the pre-flight know it at once.
 */
export async function createBoard(deps: BoardDeps, user: User, input: CreateBoardInput) {
  const profile = await resolveProfile(deps, user, input.profile_id);
  const existing = await boardsOf(deps, profile);
  if (existing.some((b) => sameName(b.name, input.name))) {
    throw boardNameTaken(input.name, profile.pinterest_username);
  }
  let board: Board;
  try {
    board = await withAccessToken(deps, profile, (token) =>
      deps.pinterest.createBoard(token, {
        name: input.name,
        description: input.description || null,
        privacy: input.privacy ?? "PUBLIC",
      }),
    );
  } catch (err) {
    throw fromPinterest(deps, err, profile, null, "create the board");
  }
  deps.log.info("board created on Pinterest", { profile_id: profile.id, board_id: board.id });
  await refreshed(
    deps,
    profile,
    () => boardsOf(deps, profile, { refresh: true }),
    () => {
      deps.inProcess.boards.set(profile.id, [...existing, board], deps.clock.now());
    },
  );
  return { id: board.id, name: board.name, description: board.description ?? null };
}

/** Makes a section on one of the profile's boards, then re-reads that board's sections. */
export async function createSection(
  deps: BoardDeps,
  user: User,
  boardId: string,
  input: CreateSectionInput,
): Promise<BoardSectionDto> {
  const profile = await resolveProfile(deps, user, input.profile_id);
  await ownBoard(deps, profile, boardId);
  const existing = await sectionsOf(deps, profile, boardId);
  if (existing.some((s) => sameName(s.name, input.name))) throw sectionNameTaken(input.name);
  let section: BoardSection;
  try {
    section = await withAccessToken(deps, profile, (token) =>
      deps.pinterest.createBoardSection(token, boardId, input.name),
    );
  } catch (err) {
    throw fromPinterest(deps, err, profile, boardId, "create the board section");
  }
  await refreshed(
    deps,
    profile,
    () => sectionsOf(deps, profile, boardId, { refresh: true }),
    () => {
      deps.inProcess.boardSections.set(
        sectionKey(profile, boardId),
        [...existing, section],
        deps.clock.now(),
      );
    },
  );
  return { id: section.id, name: section.name };
}

/** Re-reads a list after a change; when Pinterest does not answer that, the change is added to the cached one. */
async function refreshed(
  deps: BoardDeps,
  profile: Profile,
  reread: () => Promise<unknown>,
  fallback: () => void,
): Promise<void> {
  try {
    await reread();
  } catch (err) {
    deps.log.warn("could not re-read from Pinterest after a change", {
      profile_id: profile.id,
      err: (err as Error).message,
    });
    fallback();
  }
}
