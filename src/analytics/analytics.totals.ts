/**
 * Pinterest's totals per board, for the boards feature's GET /boards/analytics. A module of its own because
 * the summary (analytics.service.ts) reads board names from the boards feature: boards → totals → repo, and
 * service → boards, without a circle.
 */
import type { Deps } from "../deps";
import * as repo from "./analytics.repo";
import type { Metrics } from "./analytics.schema";

/** Every day PinFlow stored for the profile's pins, summed per board (boards without numbers are absent). */
export async function pinterestTotalsByBoard(
  deps: Pick<Deps, "db">,
  profileId: number,
): Promise<Map<string, Metrics>> {
  const totals = new Map<string, Metrics>();
  for (const pin of await repo.totalsByPin(deps.db, profileId, "0000-01-01", "9999-12-31")) {
    const board = totals.get(pin.board_id) ?? { impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 };
    board.impressions += Number(pin.impressions);
    board.saves += Number(pin.saves);
    board.pin_clicks += Number(pin.pin_clicks);
    board.outbound_clicks += Number(pin.outbound_clicks);
    totals.set(pin.board_id, board);
  }
  return totals;
}
