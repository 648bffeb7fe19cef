/**
 * Scheduler benchmark: N pins due evenly within one minute, the emulator answering every call after 50 ms,
 * PinFlow (compiled binary) at PINFLOW_PUBLISH_CONCURRENCY=16 and the default 1 s tick. Reports time to
 * drain, pins/s and lateness (published_at − scheduled_at) p50/p99/max, at 1k and 10k due per minute; 10k
 * due among 100k pins (the table-size effect); a burst of 3 000 pins due at once (the ceiling in pins/s);
 * and 10k due per minute at the default settings (PINFLOW_PUBLISH_CONCURRENCY=auto, adapting to Pinterest).
 *
 * Env: BENCH_SCHEDULER_QUICK=1 (1k only, for trying it), BENCH_SCHEDULER_100K_DUE=1 (also 100k due within
 * one minute: about 8 more minutes on the reference machine, so off by default).
 */

import { cleanup, stop } from "./lib/proc";
import { BENCH_CONCURRENCY, BENCH_LATENCY_MS, type PublishRun, publishRun } from "./lib/publishing";
import { saveResult } from "./lib/results";
import { historyPins, insertPins } from "./lib/seed";
import { createWorld } from "./lib/world";

const CONCURRENCY = BENCH_CONCURRENCY;
const LATENCY_MS = BENCH_LATENCY_MS;

export interface SchedulerCase {
  name: string;
  pinsInTable: number;
  run: Omit<PublishRun, "rows">;
}

export interface SchedulerResult {
  concurrency: number;
  emulatorLatencyMs: number;
  tickMs: number;
  cases: SchedulerCase[];
}

const started = new Date();
const quick = process.env.BENCH_SCHEDULER_QUICK === "1";
const world = await createWorld({ name: "scheduler" });
const cases: SchedulerCase[] = [];
let inTable = 0;

async function measure(
  name: string,
  due: number,
  opts: { windowMs?: number; concurrency?: number | "auto" } = {},
) {
  const { rows: _rows, ...run } = await publishRun(world, {
    tag: `sched-${cases.length}`,
    due,
    windowMs: opts.windowMs,
    concurrency: opts.concurrency ?? CONCURRENCY,
    emulatorLatencyMs: LATENCY_MS,
  });
  inTable += due;
  cases.push({ name, pinsInTable: inTable, run });
  const l = run.latenessMs;
  console.log(
    `${name}: ${run.published}/${due} published, drain ${(run.drainMs / 1000).toFixed(1)} s, ${run.pinsPerSecond.toFixed(0)} pins/s (peak ${run.peakPinsPerSecond}/s), lateness p50 ${l.p50} p99 ${l.p99} max ${l.max} ms, duplicates ${run.duplicatesOnPinterest}`,
  );
}

try {
  await measure("1k due within 1 min", 1_000);
  if (!quick) {
    await measure("10k due within 1 min", 10_000);
    await measure("burst: 3k due at once", 3_000, { windowMs: 1 });
    await measure("10k due within 1 min, default settings (concurrency auto)", 10_000, {
      concurrency: "auto",
    });
    // Grow the table to 100k pins (published history and far-future schedules), then 10k due again.
    await world.stop();
    const add = 100_000 - 10_000 - inTable;
    insertPins(world.dataDir, historyPins(add, world.boards));
    inTable += add;
    await measure("10k due within 1 min, 100k pins in the table", 10_000);
    if (process.env.BENCH_SCHEDULER_100K_DUE === "1") await measure("100k due within 1 min", 100_000);
  }
} finally {
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}

saveResult<SchedulerResult>("scheduler", "npm run bench (bun bench/scheduler.ts)", started, {
  concurrency: CONCURRENCY,
  emulatorLatencyMs: LATENCY_MS,
  tickMs: 1000,
  cases,
});
