/**
 * Reconciliation (docs/publishing.md §6): a pin whose create may have reached Pinterest (a crash mid-call, a
 * timeout, a 5xx) is looked for among its board's newest pins before anything is re-sent. A match is a pin
 * created after publish_started_at (less some clock skew) with the same title, description, link and alt
 * text, not already attributed to another PinFlow pin. Never a blind re-post: no duplicates, no losses.
 */

import type { Pin, Profile } from "../db/schema";
import type { Deps } from "../deps";
import { PinterestError } from "../pinterest/pinterest.errors";
import type { PinterestPin } from "../pinterest/pinterest.schema";
import { withAccessToken } from "../profiles/profiles.tokens";
import { isPinterestIdTaken } from "./publishing.repo";

type ReconcileDeps = Pick<Deps, "db" | "clock" | "keys" | "pinterest" | "log" | "inProcess">;

export const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * How far down a board reconciliation reads, newest first: 20 pages of 250 (Pinterest's largest page).
 * It stops as soon as a page reaches back before the pin's claim; a board that had more pins created since
 * than this cannot prove the pin absent, so the answer is "unknown", never "absent".
 */
export const RECONCILE_PAGE_SIZE = 250;
export const RECONCILE_MAX_PAGES = 20;
/** Tries at reading the board before "cannot tell". */
export const LISTING_ATTEMPTS = 3;

/** Pinterest's created_at has no zone ("2026-05-01T12:00:00"): it is UTC. */
const pinterestTime = (s: string | undefined) =>
  s ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`) : Number.NaN;

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null);

/** The pin on Pinterest, null when confirmed absent, "unknown" when Pinterest could not be asked. */
export async function findOnPinterest(
  deps: ReconcileDeps,
  pin: Pin,
  profile: Profile,
): Promise<PinterestPin | null | "unknown"> {
  const since = (pin.publish_started_at ?? pin.updated_at) - CLOCK_SKEW_MS;
  const reachesBack = (items: PinterestPin[]) => items.some((p) => pinterestTime(p.created_at) < since);
  let recent: PinterestPin[] | null = null;
  // A board listing that fails once (a 5xx, a timeout) is asked again before the pin is given up as "could
  // not check": failing a pin for one unlucky read costs the user a manual look at Pinterest.
  for (let attempt = 1; attempt <= LISTING_ATTEMPTS && recent === null; attempt++) {
    try {
      recent = await withAccessToken(deps, profile, (token) =>
        deps.pinterest.listBoardPins(token, pin.board_id, {
          pageSize: RECONCILE_PAGE_SIZE,
          maxPages: RECONCILE_MAX_PAGES,
          stopAfter: reachesBack,
        }),
      );
    } catch (err) {
      deps.log.warn("reconciliation could not list the board", {
        pin_id: pin.id,
        attempt,
        err: (err as Error).message,
      });
      if (!(err instanceof PinterestError) || err.kind === "permanent" || err.kind === "auth") break;
    }
  }
  if (recent === null) return "unknown";
  for (const candidate of recent) {
    const created = pinterestTime(candidate.created_at);
    if (!(created >= since)) continue;
    const matches =
      same(candidate.title, pin.title) &&
      same(candidate.description, pin.description) &&
      same(candidate.link, pin.link) &&
      same(candidate.alt_text, pin.alt_text);
    if (matches && !(await isPinterestIdTaken(deps.db, candidate.id))) return candidate;
  }
  // Absent only when the listing went back past the claim or came to the board's end: on a busy board the
  // pin can be further down than the pages read, and calling it absent would post it a second time.
  if (!reachesBack(recent) && recent.length >= RECONCILE_PAGE_SIZE * RECONCILE_MAX_PAGES) {
    deps.log.warn("reconciliation could not read far enough down the board", {
      pin_id: pin.id,
      pins_read: recent.length,
    });
    return "unknown";
  }
  return null;
}
