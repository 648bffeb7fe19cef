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
