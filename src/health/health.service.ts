import { sql } from "kysely";
import type { Deps } from "../deps";
import { toApiTime } from "../shared/time";
import { VERSION } from "../version";

export type HealthDeps = Pick<Deps, "db" | "clock" | "config" | "scheduler" | "startedAt">;

/** What /health reports; `ok` is false when the database does not answer. */
export async function checkHealth(deps: HealthDeps) {
  let db: "ok" | "error" = "ok";
  try {
    await sql`SELECT 1`.execute(deps.db);
  } catch {
    db = "error";
  }
  const ok = db === "ok";
  return {
    ok,
    body: {
      status: ok ? "ok" : "degraded",
      version: VERSION,
      mode: deps.config.mode,
      uptime_s: Math.floor((deps.clock.now() - deps.startedAt) / 1000),
      db,
      scheduler: { last_tick_at: toApiTime(deps.scheduler.lastTickAt()) },
    },
  };
}
