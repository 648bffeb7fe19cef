/**
 * Footprint of the compiled binary (`bun run build.ts`): its size, cold start (spawn → first 200 from
 * /health, polled every 2 ms) on a brand-new data folder and on an existing one, and its RSS when idle.
 * Started as a user would: `pinflow serve --port N --data-dir D`, nothing else (so emulator mode).
 * RSS under load comes from the API benchmark (sampled while it ran).
 */
import { join } from "node:path";
import {
  buildBinary,
  cleanup,
  fileSize,
  freePort,
  rssBytes,
  sleep,
  startServer,
  stop,
  tempDir,
} from "./lib/proc";
import { saveResult } from "./lib/results";
import { type Summary, summarize } from "./lib/stats";

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? "10");
const IDLE_S = 15;

export interface FootprintResult {
  binaryBytes: number;
  coldStartFreshMs: Summary;
  coldStartExistingMs: Summary;
  idleRssBytes: number | null;
  idleAfterS: number;
}

const started = new Date();
const bin = await buildBinary();
const binaryBytes = fileSize(bin);

async function startOnce(dataDir: string) {
  const port = freePort();
  return startServer({
    cmd: [bin, "serve", "--port", String(port), "--data-dir", dataDir],
    port,
    cwd: dataDir,
    logPath: join(dataDir, `serve-${port}.log`),
    probePath: "/health",
    pollMs: 2,
  });
}

const fresh: number[] = [];
const existing: number[] = [];
let idleRss: number | null = null;
try {
  // One unmeasured start first: the binary's pages come from disk once, later starts find them cached.
  const warm = tempDir("footprint");
  await stop(await startOnce(warm));
  for (let i = 0; i < RUNS; i++) {
    const dir = tempDir("footprint");
    const first = await startOnce(dir);
    fresh.push(first.readyMs);
    await stop(first);
    const again = await startOnce(dir);
    existing.push(again.readyMs);
    await stop(again);
  }
  const dir = tempDir("footprint");
  const idle = await startOnce(dir);
  await sleep(IDLE_S * 1000);
  idleRss = rssBytes(idle.pid);
  await stop(idle);
} finally {
  cleanup();
}

const result: FootprintResult = {
  binaryBytes,
  coldStartFreshMs: summarize(fresh),
  coldStartExistingMs: summarize(existing),
  idleRssBytes: idleRss,
  idleAfterS: IDLE_S,
};
console.log(
  `binary ${(binaryBytes / 2 ** 20).toFixed(1)} MiB, cold start fresh p50 ${result.coldStartFreshMs.p50?.toFixed(0)} ms, existing p50 ${result.coldStartExistingMs.p50?.toFixed(0)} ms, idle RSS ${((idleRss ?? 0) / 2 ** 20).toFixed(1)} MiB`,
);
saveResult<FootprintResult>("footprint", "npm run bench (bun bench/footprint.ts)", started, result);
