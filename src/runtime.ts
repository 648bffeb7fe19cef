/**
 * The composition root: puts together what is built from features — the publisher and the scheduler
 * with THE job list — on top of the infrastructure in deps.ts. cli/serve.ts and the test harness build
 * PinFlow through here; app.ts mounts the routes on what it returns.
 */
import { engineOf } from "./db/database";
import { claimJobRun, finishJobRun } from "./db/job-runs";
import type { Deps } from "./deps";
import { createPublisher, type Publisher } from "./publishing/publishing.pool";
import { JOBS } from "./scheduler/jobs";
import { createScheduler, type RunClaims, type Scheduler, type StartTrigger } from "./scheduler/scheduler";

export interface Runtime {
  deps: Deps;
  publisher: Publisher;
  scheduler: Scheduler;
}

export function createRuntime(input: {
  deps: Deps;
  /** The database's own upkeep (PRAGMA optimize, or ANALYZE), run by the db-optimize job. */
  optimizeDatabase: () => Promise<void>;
  /** What fires the jobs (default croner; tests fire them from the test clock). */
  triggers?: StartTrigger;
}): Runtime {
  const { deps } = input;
  const publisher = createPublisher(deps);
  const scheduler = createScheduler({
    jobs: JOBS,
    deps: { deps, publisher, optimizeDatabase: input.optimizeDatabase },
    clock: deps.clock,
    log: deps.log,
    tickMs: deps.config.schedulerTickMs,
    triggers: input.triggers,
    runClaims: engineOf(deps.db) === "postgres" ? sharedRunClaims(deps) : undefined,
  });
  return { deps, publisher, scheduler };
}

/** A run's lease: a process that died mid-run holds its job this long at most. */
export const JOB_LEASE_MS = 10 * 60_000;

/**
 * Several processes on one PostgreSQL: a once-per-interval job runs in whichever process takes its row first
 * (db/job-runs.ts), at least half an interval after the last run anywhere.
 */
function sharedRunClaims(deps: Deps): RunClaims {
  return {
    claim: ({ name, now, intervalMs }) =>
      claimJobRun(deps.db, {
        name,
        now,
        minGapMs: Math.floor(intervalMs / 2),
        leaseMs: JOB_LEASE_MS,
        instance: deps.instanceId,
      }),
    finish: (name) => finishJobRun(deps.db, name, deps.instanceId),
  };
}
