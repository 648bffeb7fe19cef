import { databaseAnswers } from "../db/database";
import type { Deps } from "../deps";
import { countOverduePins } from "../publishing/publishing.pool";
import type { Scheduler } from "../scheduler/scheduler";
import { toApiTime } from "../shared/time";
import { anyUser } from "../users/users.service";
import { VERSION } from "../version";
import { webhookBacklog } from "../webhooks/webhooks.service";
import type { HealthDto } from "./health.schema";

export type HealthDeps = Pick<Deps, "db" | "clock" | "config">;

/** The scheduler is stalled when it has not ticked for 3 ticks (counted from start-up before the first). */
export const STALLED_AFTER_TICKS = 3;

/** What /health reports; `ok` is false when the database does not answer or the scheduler stopped ticking. */
export async function checkHealth(
  deps: HealthDeps,
  scheduler: Pick<Scheduler, "lastTickAt" | "createdAt">,
): Promise<{ ok: boolean; body: HealthDto }> {
  const now = deps.clock.now();
  let db: "ok" | "error" = (await databaseAnswers(deps.db)) ? "ok" : "error";
  let overdue: number | null = null;
  let backlog: number | null = null;
  let awaitingOwner: boolean | null = null;
  if (db === "ok") {
    try {
      overdue = await countOverduePins(deps);
      backlog = await webhookBacklog(deps);
      awaitingOwner = !(await anyUser(deps));
    } catch {
      db = "error";
    }
  }
  const lastTick = scheduler.lastTickAt();
  const stalled = now - (lastTick ?? scheduler.createdAt) > STALLED_AFTER_TICKS * deps.config.schedulerTickMs;
  const ok = db === "ok" && !stalled;
  return {
    ok,
    body: {
      status: ok ? "ok" : "degraded",
      version: VERSION,
      mode: deps.config.mode,
      uptime_s: Math.floor((now - scheduler.createdAt) / 1000),
      db,
      scheduler: { last_tick_at: toApiTime(lastTick), stalled, tick_ms: deps.config.schedulerTickMs },
      overdue_pins: overdue,
      webhook_backlog: backlog,
      awaiting_owner: awaitingOwner,
    },
  };
}
