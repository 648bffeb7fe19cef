/**
 * A stand-in for croner that fires jobs from the test clock: `runDue()` fires every started job whose
 * time has come (by the clock), and waits for those runs. Scheduling is tested by moving the clock.
 */
import { Cron } from "croner";
import type { StartTrigger } from "../scheduler/scheduler";
import type { TestClock } from "./clock";

interface Started {
  name: string;
  next: number;
  stopped: boolean;
  advance(from: number): number;
  fire(): Promise<void>;
}

export function createFakeTriggers(clock: TestClock) {
  const started: Started[] = [];
  const start: StartTrigger = (job, fire) => {
    const cron = new Cron(job.pattern, { paused: true });
    const advance = (from: number) =>
      job.everySeconds > 0
        ? from + job.everySeconds * 1000
        : (cron.nextRun(new Date(from))?.getTime() ?? Number.POSITIVE_INFINITY);
    const entry: Started = { name: job.name, next: advance(clock.now()), stopped: false, advance, fire };
    started.push(entry);
    return {
      stop: () => {
        entry.stopped = true;
      },
      nextRun: () => (entry.stopped ? null : entry.next),
    };
  };
  return {
    start,
    /** Fires every running job that is due by the clock; `done` settles when those runs have finished. */
    fireDue(): { fired: string[]; done: Promise<unknown> } {
      const now = clock.now();
      const due = started.filter((t) => !t.stopped && t.next <= now);
      for (const t of due) t.next = t.advance(now);
      return { fired: due.map((t) => t.name), done: Promise.all(due.map((t) => t.fire())) };
    },
    /** Fires one started job now, as its trigger would (a once-per-interval job first claims its run). */
    fire(name: string): Promise<void> {
      const entry = started.find((t) => t.name === name && !t.stopped);
      if (!entry) throw new Error(`job ${name} is not started`);
      return entry.fire();
    },
  };
}
