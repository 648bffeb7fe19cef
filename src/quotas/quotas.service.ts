/**
 * Pin quotas: a daily cap per user (UTC day) and a monthly cap per plan (UTC month). Counting happens
 * inside the caller's transaction, after the check, so concurrent creates can never overshoot: SQLite
 * runs one write transaction at a time and PinFlow holds its single connection for the whole of it.
 * Deleting a pin does not give quota back.
 */
import type { Db } from "../db/database";
import type { User } from "../db/schema";
import { findPlan } from "../plans/plans.service";
import { utcDay, utcMonth } from "../shared/time";
import { bulkNotAllowed, dailyLimitReached, monthlyLimitReached } from "./quotas.errors";
import { addToPeriods, usedInPeriods } from "./quotas.repo";

/** Takes `n` pins of quota or throws 429 without taking any (a batch is accepted or refused whole). */
export async function consumePinQuota(trx: Db, user: User, n: number, now: number): Promise<void> {
  const day = `d:${utcDay(now)}`;
  const month = `m:${utcMonth(now)}`;
  const used = await usedInPeriods(trx, user.id, [day, month]);
  if ((used.get(day) ?? 0) + n > user.daily_pin_limit) throw dailyLimitReached(user.daily_pin_limit);
  const monthly = (await findPlan({ db: trx }, user.plan))?.monthly_pin_limit ?? null;
  if (monthly !== null && (used.get(month) ?? 0) + n > monthly) throw monthlyLimitReached(monthly, user.plan);
  await addToPeriods(trx, user.id, [day, month], n);
}

export async function assertBulkAllowed(db: Db, user: User): Promise<void> {
  if (!(await findPlan({ db }, user.plan))?.bulk_allowed) throw bulkNotAllowed(user.plan);
}
