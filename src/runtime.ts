/**
 * The composition root: puts together what is built from features — the publisher and the scheduler
 * with THE job list — on top of the infrastructure in deps.ts. cli/serve.ts and the test harness build
 * PinFlow through here; app.ts mounts the routes on what it returns.
 */
import type { Deps } from "./deps";
import { createPublisher, type Publisher } from "./publishing/publishing.pool";
import { JOBS } from "./scheduler/jobs";
import { createScheduler, type Scheduler, type StartTrigger } from "./scheduler/scheduler";

export interface Runtime {
  deps: Deps;
  publisher: Publisher;
  scheduler: Scheduler;
}

export function createRuntime(input: {
  deps: Deps;
  /** The database's own upkeep (PRAGMA optimize), run by the db-optimize job. */
  optimizeDatabase: () => void;
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
  });
  return { deps, publisher, scheduler };
}
