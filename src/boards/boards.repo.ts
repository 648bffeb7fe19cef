import type { Db } from "../db/database";
import { countWhere } from "../db/sql";

/** Pin counts per board of one profile, from PinFlow's own data. */
export const countPinsByBoard = (db: Db, profileId: number) =>
  db
    .selectFrom("pins")
    .select([
      "board_id",
      (eb) => eb.fn.countAll<number>().as("total"),
      countWhere("status", "published").as("published"),
      countWhere("status", "scheduled").as("scheduled"),
      countWhere("status", "draft").as("draft"),
      countWhere("status", "failed").as("failed"),
    ])
    .where("profile_id", "=", profileId)
    .groupBy("board_id")
    .execute();

/**
 * Pinterest's numbers of the profile's published pins, every stored day summed per board (boards without
 * numbers are absent): the analytics feature's daily job writes them (pin_metrics, migration 0008).
 */
export const metricTotalsByBoard = (db: Db, profileId: number) =>
  db
    .selectFrom("pins as p")
    .innerJoin("pin_metrics as m", "m.pin_id", "p.id")
    .select((eb) => [
      "p.board_id",
      eb.fn.sum<number>("m.impressions").as("impressions"),
      eb.fn.sum<number>("m.saves").as("saves"),
      eb.fn.sum<number>("m.pin_clicks").as("pin_clicks"),
      eb.fn.sum<number>("m.outbound_clicks").as("outbound_clicks"),
    ])
    .where("p.profile_id", "=", profileId)
    .where("p.status", "=", "published")
    .groupBy("p.board_id")
    .execute();
