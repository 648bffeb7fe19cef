import type { Db } from "../db/database";

/**
 * Counts `n` more pins against `period` ("d:2026-05-01" or "m:2026-05") for a user, unless the count would
 * then pass `limit` (null: no limit); false when it would, and nothing is counted. Check and count are one
 * statement, an upsert whose update is conditional (both engines take it): on PostgreSQL two transactions
 * counting at once queue on the row, and the second sees the first's count, so they never overshoot.
 */
export async function countWithin(
  db: Db,
  userId: number,
  period: string,
  n: number,
  limit: number | null,
): Promise<boolean> {
  if (limit !== null && n > limit) return false;
  const row = await db
    .insertInto("usage")
    .values({ user_id: userId, period, count: n })
    .onConflict((oc) => {
      const update = oc
        .columns(["user_id", "period"])
        .doUpdateSet((eb) => ({ count: eb("usage.count", "+", n) }));
      return limit === null ? update : update.where("usage.count", "<=", limit - n);
    })
    .returning("count")
    .executeTakeFirst();
  return row !== undefined;
}
