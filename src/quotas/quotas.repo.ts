import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";

/** Adds `again` (= n) to the period's count, or starts it at n; with `room`, only while the count is ≤ room. */
const upsertCount = (db: Db, userId: number, period: string, n: number, again: number, room?: number) =>
  db
    .insertInto("usage")
    .values({ user_id: userId, period, count: n })
    .onConflict((oc) => {
      const update = oc
        .columns(["user_id", "period"])
        .doUpdateSet((eb) => ({ count: eb("usage.count", "+", again) }));
      return room === undefined ? update : update.where("usage.count", "<=", room);
    })
    .returning("count");

// Compiled once (every create counts against two periods); `n` is bound twice, so it is passed twice.
const countUnlimited = compiledOnce(
  (db, userId: number, period: string, n: number, again: number) => upsertCount(db, userId, period, n, again),
  -1,
  "-2",
  -3,
  -4,
);
const countLimited = compiledOnce(
  (db, userId: number, period: string, n: number, again: number, room: number) =>
    upsertCount(db, userId, period, n, again, room),
  -1,
  "-2",
  -3,
  -4,
  -5,
);

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
  const row =
    limit === null
      ? await countUnlimited(db, userId, period, n, n)
      : await countLimited(db, userId, period, n, n, limit - n);
  return row !== undefined;
}
