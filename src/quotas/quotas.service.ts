/**
 * Pin quotas: a daily cap per user (UTC day) and a monthly cap per plan (UTC month). Counting happens
 * inside the caller's transaction, after the check, so concurrent creates can never overshoot: SQLite
 * runs one write transaction at a time and PinFlow holds its single connection for the whole of it.
 * Deleting a pin does not give quota back.
 */
import type { Db } from "../db/database";
import type { User } from "../db/schema";
import { AppError, forbidden } from "../http/errors";
import { utcDay, utcMonth } from "../shared/time";

const dailyLimitReached = (limit: number) =>
  new AppError(429, `Daily pin limit of ${limit} reached. Resets at midnight UTC.`, "quotas.daily");
const monthlyLimitReached = (limit: number, plan: string) =>
  new AppError(429, `Monthly pin limit of ${limit} reached for plan '${plan}'.`, "quotas.monthly");

async function used(db: Db, userId: number, period: string) {
  const row = await db
    .selectFrom("usage")
    .select("count")
    .where("user_id", "=", userId)
    .where("period", "=", period)
    .executeTakeFirst();
  return row?.count ?? 0;
}

async function add(db: Db, userId: number, period: string, n: number) {
  await db
    .insertInto("usage")
    .values({ user_id: userId, period, count: n })
    .onConflict((oc) =>
      oc.columns(["user_id", "period"]).doUpdateSet((eb) => ({ count: eb("usage.count", "+", n) })),
    )
    .execute();
}

/** Takes `n` pins of quota or throws 429 without taking any (a batch is accepted or refused whole). */
export async function consumePinQuota(trx: Db, user: User, n: number, now: number): Promise<void> {
  const day = `d:${utcDay(now)}`;
  const month = `m:${utcMonth(now)}`;
  if ((await used(trx, user.id, day)) + n > user.daily_pin_limit)
    throw dailyLimitReached(user.daily_pin_limit);
  const plan = await trx.selectFrom("plans").selectAll().where("name", "=", user.plan).executeTakeFirst();
  const monthly = plan?.monthly_pin_limit ?? null;
  if (monthly !== null && (await used(trx, user.id, month)) + n > monthly)
    throw monthlyLimitReached(monthly, user.plan);
  await add(trx, user.id, day, n);
  await add(trx, user.id, month, n);
}

export async function assertBulkAllowed(db: Db, user: User): Promise<void> {
  const plan = await db
    .selectFrom("plans")
    .select("bulk_allowed")
    .where("name", "=", user.plan)
    .executeTakeFirst();
  if (!plan?.bulk_allowed) {
    throw forbidden(`Bulk pin creation requires the Growth plan or higher (your plan: '${user.plan}').`);
  }
}
