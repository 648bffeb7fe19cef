import type { Db } from "../db/database";

/** Pins counted against `period` ("d:2026-05-01" or "m:2026-05") for a user; 0 when none yet. */
export async function usedInPeriod(db: Db, userId: number, period: string): Promise<number> {
  const row = await db
    .selectFrom("usage")
    .select("count")
    .where("user_id", "=", userId)
    .where("period", "=", period)
    .executeTakeFirst();
  return row?.count ?? 0;
}

export async function addToPeriod(db: Db, userId: number, period: string, n: number): Promise<void> {
  await db
    .insertInto("usage")
    .values({ user_id: userId, period, count: n })
    .onConflict((oc) =>
      oc.columns(["user_id", "period"]).doUpdateSet((eb) => ({ count: eb("usage.count", "+", n) })),
    )
    .execute();
}
