/**
 * Per-IP rate-limit counters in the database (migration 0009, rate_counters), for several processes sharing
 * PostgreSQL: each request adds one to its rule-and-client row for the current one-minute window in one
 * statement, so every process counts against the same number. (One process on SQLite counts in memory:
 * http/rate-limit.ts.) A row of another window starts over at 1, as the in-memory count does.
 */
import { sql } from "kysely";
import type { Db } from "./database";

export async function countRequest(db: Db, key: string, windowStart: number): Promise<number> {
  const result = await sql<{ count: number }>`
    INSERT INTO rate_counters (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT (key) DO UPDATE
      SET count = CASE WHEN rate_counters.window_start = excluded.window_start
                       THEN rate_counters.count + 1 ELSE 1 END,
          window_start = excluded.window_start
    RETURNING count`.execute(db);
  return Number(result.rows[0]?.count ?? 1);
}

/** Rows of windows long gone (housekeeping). */
export async function purgeRateCounters(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom("rate_counters").where("window_start", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
