import { sql } from "kysely";
import type { Db } from "../db/database";

/** Pin counts per board of one profile, from PinFlow's own data. */
export const countPinsByBoard = (db: Db, profileId: number) =>
  db
    .selectFrom("pins")
    .select([
      "board_id",
      (eb) => eb.fn.countAll<number>().as("total"),
      sql<number>`sum(status = 'published')`.as("published"),
      sql<number>`sum(status = 'scheduled')`.as("scheduled"),
      sql<number>`sum(status = 'draft')`.as("draft"),
      sql<number>`sum(status = 'failed')`.as("failed"),
    ])
    .where("profile_id", "=", profileId)
    .groupBy("board_id")
    .execute();
