/**
 * `npm run bench` / `npm run chaos`: runs each part in its own process, one after the other (they would
 * disturb each other's timings), then rebuilds BENCHMARKS.md. A part that fails is reported and the others
 * still run; the exit code is non-zero if any failed.
 */
import { join } from "node:path";
import { BUN, ROOT } from "./lib/proc";

const SUITES: Record<string, string[]> = {
  bench: [
    "bench/api.ts",
    "bench/queue.ts",
    "bench/import.ts",
    "bench/scheduler.ts",
    "bench/webhooks.ts",
    "bench/analytics.ts",
    "bench/emulator.ts",
    "bench/footprint.ts",
    "bench/dashboard.ts",
    "bench/processes.ts",
  ],
  chaos: [
    "bench/chaos/kill.ts",
    "bench/chaos/kill-postgres.ts",
    "bench/chaos/flaky.ts",
    "bench/chaos/fuzz.ts",
    "bench/chaos/receiver-down.ts",
  ],
};

const suite = process.argv[2] ?? "";
const parts = SUITES[suite];
if (!parts) {
  console.error(`usage: bun bench/run.ts ${Object.keys(SUITES).join("|")}`);
  process.exit(2);
}
const failed: string[] = [];
const t0 = performance.now();
for (const part of parts) {
  const started = performance.now();
  console.log(`\n=== ${part}`);
  const proc = Bun.spawn([BUN, join(ROOT, part)], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  const code = await proc.exited;
  console.log(
    `=== ${part}: ${code === 0 ? "done" : `FAILED (exit ${code})`} in ${Math.round((performance.now() - started) / 1000)} s`,
  );
  if (code !== 0) failed.push(part);
}
const report = Bun.spawnSync([BUN, join(ROOT, "bench/report.ts")], {
  cwd: ROOT,
  stdout: "inherit",
  stderr: "inherit",
});
console.log(
  `\n${suite}: ${parts.length - failed.length} of ${parts.length} parts done in ${Math.round((performance.now() - t0) / 1000)} s`,
);
if (failed.length) console.log(`failed: ${failed.join(", ")}`);
process.exit(failed.length || report.exitCode ? 1 : 0);
