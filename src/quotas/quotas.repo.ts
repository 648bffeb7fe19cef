import type { Db } from "../db/database";

/** Pins counted against each of `periods` ("d:2026-05-01", "m:2026-05") for a user; 0 where none yet. */
export async function usedInPeriods(db: Db, userId: number, periods: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("usage")
    .select(["period", "count"])
    .where("user_id", "=", userId)
    .where("period", "in", periods)
    .execute();
  const used = new Map(periods.map((p) => [p, 0]));
  for (const r of rows) used.set(r.period, r.count);
  return used;
}

/** Adds `n` to each period's count, in one statement. */
export async function addToPeriods(db: Db, userId: number, periods: string[], n: number): Promise<void> {
  await db
    .insertInto("usage")
    .values(periods.map((period) => ({ user_id: userId, period, count: n })))
    .onConflict((oc) =>
      oc
        .columns(["user_id", "period"])
        .doUpdateSet((eb) => ({ count: eb("usage.count", "+", eb.ref("excluded.count")) })),
    )
    .execute();
}
