/**
 * Chaos: Pinterest failing 30 % of calls for 5 minutes. The emulator answers 500, 429 or never answers
 * (PinFlow's 30 s timeout) to a random 30 % of every /v5 call — creates, board listings, token refreshes —
 * while 2 000 pins come due evenly over the window (emulator latency 50 ms, concurrency 16). Then the faults
 * stop and PinFlow is given time to settle. Every pin must end `published`, or `failed` with a reason; none
 * may be left `publishing`. Also watched during the run: the longest any pin stayed `publishing`.
 * Retry delays are shortened to 5s,15s (PINFLOW_PUBLISH_RETRY_DELAYS; the default 1m,10m would need a
 * 20-minute run for the third attempts): the logic is the same, only the waits are shorter.
 *
 * Env: CHAOS_FLAKY_SECONDS (default 300: the documented run; shorter for a quick try), CHAOS_FLAKY_PINS.
 */
import { sleep, stop } from "../lib/proc";
import { BENCH_CONCURRENCY, BENCH_LATENCY_MS } from "../lib/publishing";
import { saveResult } from "../lib/results";
import { insertPins, openDb, type PinSpec } from "../lib/seed";
import { createWorld } from "../lib/world";

const SECONDS = Number(process.env.CHAOS_FLAKY_SECONDS ?? "300");
const PINS = Number(process.env.CHAOS_FLAKY_PINS ?? "2000");
const ERROR_RATE = 0.3;
const RETRY_DELAYS = "5s,15s";

export interface FlakyResult {
  faultySeconds: number;
  errorRate: number;
  errorKinds: string[];
  retryDelays: string;
  pins: number;
  publishedDuringFaults: number;
  published: number;
  failed: number;
  failedWithoutReason: number;
  stuckPublishing: number;
  otherStatus: number;
  failedReasons: Record<string, number>;
  longestPublishingMs: number;
  duplicatedOnPinterest: number;
  publishedButNotOnPinterest: number;
  failedButOnPinterest: number;
  settleSeconds: number;
}

const started = new Date();
const world = await createWorld({
  name: "chaos-flaky",
  env: { PINFLOW_PUBLISH_CONCURRENCY: String(BENCH_CONCURRENCY), PINFLOW_PUBLISH_RETRY_DELAYS: RETRY_DELAYS },
});
let result: FlakyResult;
try {
  await world.stop();
  await world.emulator.faults({ latencyMs: BENCH_LATENCY_MS });
  const first = Date.now() + 5000;
  function* pins(): Generator<PinSpec> {
    for (let i = 0; i < PINS; i++) {
      yield {
        status: "scheduled",
        boardId: world.boards[i % 8] as string,
        title: `flaky ${i}`,
        scheduledAt: first + Math.floor((i * SECONDS * 1000) / PINS),
      };
    }
  }
  insertPins(world.dataDir, pins());
  await world.start();
  await world.emulator.faults({ errorRate: ERROR_RATE, errorKinds: ["500", "429", "hang"] });
  const db = openDb(world.dataDir);
  const oldestPublishing = db.query(
    "SELECT min(publish_started_at) AS t FROM pins WHERE status = 'publishing'",
  );
  const count = db.query("SELECT count(*) AS n FROM pins WHERE status = ?");
  let longest = 0;
  const watch = () => {
    const t = (oldestPublishing.get() as { t: number | null }).t;
    if (t !== null) longest = Math.max(longest, Date.now() - t);
  };
  const faultsEnd = first + SECONDS * 1000;
  let lastReport = 0;
  while (Date.now() < faultsEnd) {
    await sleep(500);
    watch();
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.log(
        `faults on, ${Math.round((faultsEnd - Date.now()) / 1000)} s left: published ${(count.get("published") as { n: number }).n}, failed ${(count.get("failed") as { n: number }).n}`,
      );
    }
  }
  const publishedDuringFaults = (count.get("published") as { n: number }).n;
  await world.emulator.faults({ errorRate: 0 });
  const settleStart = Date.now();
  const pending = db.query(
    "SELECT count(*) AS n FROM pins WHERE status IN ('scheduled', 'queued', 'publishing')",
  );
  while ((pending.get() as { n: number }).n > 0 && Date.now() - settleStart < 6 * 60_000) {
    await sleep(500);
    watch();
  }
  const settleSeconds = Math.round((Date.now() - settleStart) / 1000);
  await world.stop();
  const rows = db.query("SELECT title, status, error_message, pinterest_pin_id FROM pins").all() as Array<{
    title: string;
    status: string;
    error_message: string | null;
    pinterest_pin_id: string | null;
  }>;
  db.close();
  const state = await world.emulator.state();
  const onPinterest = new Map<string, number>();
  for (const p of state.pins) onPinterest.set(p.title ?? "", (onPinterest.get(p.title ?? "") ?? 0) + 1);
  const failed = rows.filter((r) => r.status === "failed");
  const failedReasons: Record<string, number> = {};
  for (const r of failed) {
    // Group by the reason's wording, without the numbers that vary
    const reason = (r.error_message ?? "(none)").replace(/\d+/g, "N").slice(0, 160);
    failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
  }
  result = {
    faultySeconds: SECONDS,
    errorRate: ERROR_RATE,
    errorKinds: ["500", "429", "hang (no answer: PinFlow's 30 s timeout)"],
    retryDelays: RETRY_DELAYS,
    pins: PINS,
    publishedDuringFaults,
    published: rows.filter((r) => r.status === "published").length,
    failed: failed.length,
    failedWithoutReason: failed.filter((r) => !r.error_message?.trim()).length,
    stuckPublishing: rows.filter((r) => r.status === "publishing").length,
    otherStatus: rows.filter((r) => !["published", "failed", "publishing"].includes(r.status)).length,
    failedReasons,
    longestPublishingMs: longest,
    duplicatedOnPinterest: [...onPinterest.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
    publishedButNotOnPinterest: rows.filter((r) => r.status === "published" && !onPinterest.has(r.title))
      .length,
    failedButOnPinterest: failed.filter((r) => onPinterest.has(r.title)).length,
    settleSeconds,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await world.stop();
  await stop(world.emulator.server);
  (await import("../lib/proc")).cleanup();
}
saveResult<FlakyResult>("chaos-flaky", "npm run chaos (bun bench/chaos/flaky.ts)", started, result);
