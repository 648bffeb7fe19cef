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
  /**
   * Runs once per interval however many processes share the database (token refresh, analytics, clean-ups):
   * each firing first asks `claimRun`, and a process that loses lets the winner run it.
   */
  oncePerInterval?: true;
  run(deps: D): Promise<unknown>;
}

/**
 * Decides, across processes, whether this firing of a once-per-interval job runs here (db/job-runs.ts on
 * PostgreSQL). Absent (SQLite: one process), every firing runs.
 */
export interface RunClaims {
  claim(job: { name: string; now: number; intervalMs: number }): Promise<boolean>;
  finish(name: string): Promise<void>;
}

export interface JobStatus {
  name: string;
  description: string;
  schedule: string;
  running: boolean;
  /** Firings another process ran instead (once-per-interval jobs on a shared database). */
  skipped_count: number;
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
  /** Computed on first use: enumerating a pattern's runs costs milliseconds a start-up need not pay. */
  intervalMs: number | null;
}

/** The shortest gap between two runs of a croner pattern (its interval), from its next few runs. */
export function intervalOf(pattern: string, tickMs: number): number {
  if (pattern === "tick") return tickMs;
  const runs = new Cron(pattern, { paused: true }).nextRuns(4).map((d) => d.getTime());
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < runs.length; i++) min = Math.min(min, (runs[i] as number) - (runs[i - 1] as number));
  return Number.isFinite(min) ? min : 60_000;
}

export function createScheduler<D>(opts: {
  jobs: ReadonlyArray<JobDefinition<D>>;
  deps: D;
  clock: Clock;
  log: Logger;
  tickMs: number;
  triggers?: StartTrigger;
  runClaims?: RunClaims;
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
        skipped_count: 0,
      },
      intervalMs: null,
    });
  }
  let tickAt: number | null = null;
  const createdAt = opts.clock.now();

  /**
   * A firing of a once-per-interval job runs only if this process wins its claim; a run from /admin/jobs
   * (runNow) always runs. Claiming counts as part of the run, so a trigger meanwhile joins it.
   */
  function fire(state: State): Promise<void> {
    const claims = opts.runClaims;
    if (!state.def.oncePerInterval || !claims) return execute(state);
    if (state.running) return state.running;
    const name = state.def.name;
    state.running = (async () => {
      let won = false;
      try {
        state.intervalMs ??= intervalOf(state.def.schedule, opts.tickMs);
        won = await claims.claim({ name, now: opts.clock.now(), intervalMs: state.intervalMs });
      } catch (err) {
        opts.log.error("job claim failed", { job: name, err });
      }
      state.running = null;
      if (!won) {
        state.status.skipped_count += 1;
        return;
      }
      try {
        await execute(state);
      } finally {
        await claims.finish(name).catch((err) => opts.log.error("job release failed", { job: name, err }));
      }
    })();
    return state.running;
  }

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
          () => fire(state),
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
