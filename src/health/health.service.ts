import { databaseAnswers, engineOf } from "../db/database";
import type { Deps } from "../deps";
import { countOverduePins } from "../publishing/publishing.pool";
import type { Scheduler } from "../scheduler/scheduler";
import { toApiTime } from "../shared/time";
import { anyUser } from "../users/users.service";
import { VERSION } from "../version";
import { webhookBacklog } from "../webhooks/webhooks.service";
import type { HealthDto } from "./health.schema";

export type HealthDeps = Pick<Deps, "db" | "clock" | "config" | "instanceId">;

/** The scheduler is stalled when it has not ticked for 3 ticks (counted from start-up before the first). */
export const STALLED_AFTER_TICKS = 3;

interface DatabaseReading {
  at: number;
  db: "ok" | "error";
  overdue: number | null;
  backlog: number | null;
  /** No user yet: the first to sign in becomes the admin (the sign-in page says so only then). */
  awaitingOwner: boolean | null;
}

async function readDatabase(deps: HealthDeps): Promise<DatabaseReading> {
  const at = deps.clock.now();
  const failed = { at, db: "error" as const, overdue: null, backlog: null, awaitingOwner: null };
  if (!(await databaseAnswers(deps.db))) return failed;
  try {
    return {
      at,
      db: "ok",
      overdue: await countOverduePins(deps),
      backlog: await webhookBacklog(deps),
      awaitingOwner: !(await anyUser(deps)),
    };
  } catch {
    return failed;
  }
}

/** How old the database figures of /health may be: a monitor polling every second costs one reading. */
export const HEALTH_READING_MAX_AGE_MS = 1_000;

/**
 * /health for monitors: `ok` is false when the database does not answer or the scheduler stopped ticking.
 * The database figures (reachable, overdue pins, webhook backlog) are read at most once a second however
 * often it is polled, and never twice at once; the scheduler's heartbeat is looked at on every call.
 */
export function createHealthProbe(deps: HealthDeps, scheduler: Pick<Scheduler, "lastTickAt" | "createdAt">) {
  let reading: DatabaseReading | null = null;
  let pending: Promise<DatabaseReading> | null = null;
  const fresh = async () => {
    const now = deps.clock.now();
    if (reading && now - reading.at < HEALTH_READING_MAX_AGE_MS) return reading;
    pending ??= readDatabase(deps).finally(() => {
      pending = null;
    });
    reading = await pending;
    return reading;
  };
  return async (): Promise<{ ok: boolean; body: HealthDto }> => {
    const { db, overdue, backlog, awaitingOwner } = await fresh();
    // An empty install asks again on every call: the sign-in page must stop promising "admin" at once.
    const awaiting = awaitingOwner
      ? await anyUser(deps).then(
          (any) => !any,
          () => null,
        )
      : awaitingOwner;
    const now = deps.clock.now();
    const lastTick = scheduler.lastTickAt();
    const stalled =
      now - (lastTick ?? scheduler.createdAt) > STALLED_AFTER_TICKS * deps.config.schedulerTickMs;
    const ok = db === "ok" && !stalled;
    return {
      ok,
      body: {
        status: ok ? "ok" : "degraded",
        version: VERSION,
        mode: deps.config.mode,
        instance: deps.instanceId,
        database: engineOf(deps.db),
        uptime_s: Math.floor((now - scheduler.createdAt) / 1000),
        db,
        scheduler: { last_tick_at: toApiTime(lastTick), stalled, tick_ms: deps.config.schedulerTickMs },
        overdue_pins: overdue,
        webhook_backlog: backlog,
        awaiting_owner: awaiting,
      },
    };
  };
}
