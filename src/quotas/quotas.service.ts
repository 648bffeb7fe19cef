/**
 * Pin quotas: a daily cap per user (UTC day) and a monthly cap per plan (UTC month). Checking and counting
 * are one conditional statement per period (quotas.repo.ts countWithin), inside the caller's transaction: a
 * refusal rolls back what was counted before it, and concurrent creates can never overshoot — on SQLite
 * (one writer at a time) as on PostgreSQL with several processes (the second transaction waits on the
 * usage row and sees the first's count). Deleting a pin does not give quota back.
 */
import type { Db } from "../db/database";
import type { User } from "../db/schema";
import { findPlan } from "../plans/plans.service";
import { utcDay, utcMonth } from "../shared/time";
import { bulkNotAllowed, dailyLimitReached, monthlyLimitReached } from "./quotas.errors";
import { countWithin } from "./quotas.repo";

/** Takes `n` pins of quota or throws 429 without taking any (a batch is accepted or refused whole). */
export async function consumePinQuota(trx: Db, user: User, n: number, now: number): Promise<void> {
  if (!(await countWithin(trx, user.id, `d:${utcDay(now)}`, n, user.daily_pin_limit)))
    throw dailyLimitReached(user.daily_pin_limit);
  const monthly = (await findPlan({ db: trx }, user.plan))?.monthly_pin_limit ?? null;
  if (!(await countWithin(trx, user.id, `m:${utcMonth(now)}`, n, monthly)))
    throw monthlyLimitReached(monthly as number, user.plan);
}

export async function assertBulkAllowed(db: Db, user: User): Promise<void> {
  if (!(await findPlan({ db }, user.plan))?.bulk_allowed) throw bulkNotAllowed(user.plan);
}
