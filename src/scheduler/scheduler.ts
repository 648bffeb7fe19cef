/**
 * The in-process scheduler: a small registry of jobs fired by croner. A run is never overlapped by the
 * next (a trigger while one runs joins it), its errors are caught and logged, and its last run is kept
 * for /health and /admin/jobs. Jobs start only after the server listens (cli/serve.ts). What fires the
 * jobs is injected: croner in production, a fake driven by the test clock in tests.
 */
import { Cron } from "croner";
import type { Clock } from "../shared/clock";
import type { Logger } from "../shared/log";

export interface JobDefinition<D> {
  name: string;
  description: string;
  /** A croner pattern, or "tick" to run every PINFLOW_SCHEDULER_TICK_MS. */
  schedule: string | "tick";
  run(deps: D): Promise<unknown>;
}

export interface JobStatus {
  name: string;
  description: string;
  schedule: string;
  running: boolean;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  run_count: number;
  next_run_at: number | null;
}

export interface Scheduler {
  start(): void;
  /** Stops triggering jobs and waits (up to `graceMs`) for running ones to finish. */
  stop(graceMs?: number): Promise<void>;
  /** Runs a job now (waits for a run already in progress instead of overlapping it). */
  runNow(name: string): Promise<JobStatus>;
  status(): JobStatus[];
  has(name: string): boolean;
  /** When a tick job last started; null before the first tick. */
  lastTickAt(): number | null;
  /** When this scheduler was made: /health counts uptime, and a stall before the first tick, from it. */
  readonly createdAt: number;
}

/** A started timer for one job. */
export interface Trigger {
  stop(): void;
  nextRun(): number | null;
}

/** Starts calling `fire` on `pattern` (croner syntax, with seconds), or every `everySeconds` when given. */
export type StartTrigger = (
  job: { name: string; pattern: string; everySeconds: number },
  fire: () => Promise<void>,
) => Trigger;

export const cronTriggers: StartTrigger = (job, fire) => {
  const cron = new Cron(
    job.pattern,
    { name: job.name, protect: true, interval: job.everySeconds, unref: false },
    fire,
  );
  return { stop: () => cron.stop(), nextRun: () => cron.nextRun()?.getTime() ?? null };
};

interface State {
  def: JobDefinition<unknown>;
  cron: Trigger | null;
  running: Promise<void> | null;
  status: Omit<JobStatus, "name" | "description" | "schedule" | "running" | "next_run_at">;
}

export function createScheduler<D>(opts: {
  jobs: ReadonlyArray<JobDefinition<D>>;
  deps: D;
  clock: Clock;
  log: Logger;
  tickMs: number;
  triggers?: StartTrigger;
}): Scheduler {
  const startTrigger = opts.triggers ?? cronTriggers;
  const states = new Map<string, State>();
  for (const def of opts.jobs) {
    states.set(def.name, {
      def: def as JobDefinition<unknown>,
      cron: null,
      running: null,
      status: {
        last_started_at: null,
        last_finished_at: null,
        last_duration_ms: null,
        last_error: null,
        run_count: 0,
      },
    });
  }
  let tickAt: number | null = null;
  const createdAt = opts.clock.now();

  function execute(state: State): Promise<void> {
    if (state.running) return state.running;
    const started = opts.clock.now();
    const t0 = performance.now();
    state.status.last_started_at = started;
    if (state.def.schedule === "tick") tickAt = started;
    state.running = (async () => {
      try {
        await state.def.run(opts.deps);
        state.status.last_error = null;
      } catch (err) {
        state.status.last_error = err instanceof Error ? err.message : String(err);
        opts.log.error("job failed", { job: state.def.name, err });
      } finally {
        state.status.last_finished_at = opts.clock.now();
        state.status.last_duration_ms = Math.round(performance.now() - t0);
        state.status.run_count += 1;
        state.running = null;
      }
    })();
    return state.running;
  }

  const toStatus = (s: State): JobStatus => ({
    name: s.def.name,
    description: s.def.description,
    schedule: s.def.schedule === "tick" ? `every ${opts.tickMs} ms` : s.def.schedule,
    running: s.running !== null,
    ...s.status,
    next_run_at: s.cron?.nextRun() ?? null,
  });

  return {
    start() {
      const seconds = Math.max(1, Math.round(opts.tickMs / 1000));
      for (const state of states.values()) {
        const tick = state.def.schedule === "tick";
        state.cron = startTrigger(
          {
            name: state.def.name,
            pattern: tick ? "* * * * * *" : state.def.schedule,
            everySeconds: tick ? seconds : 0,
          },
          () => execute(state),
        );
      }
    },
    async stop(graceMs = 10_000) {
      for (const state of states.values()) state.cron?.stop();
      const running = [...states.values()].map((s) => s.running).filter(Boolean);
      await Promise.race([Promise.all(running), Bun.sleep(graceMs)]);
    },
    async runNow(name) {
      const state = states.get(name);
      if (!state) throw new Error(`unknown job ${name}`);
      if (state.running) await state.running;
      await execute(state);
      return toStatus(state);
    },
    status: () => [...states.values()].map(toStatus),
    has: (name) => states.has(name),
    lastTickAt: () => tickAt,
    createdAt,
  };
}
