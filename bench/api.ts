/**
 * API benchmark: authenticated GET /pins?status=scheduled (one page of 100; at 100k also with with_total=true,
 * which adds the count of every match), GET /pins/{id} (random ids)
 * and POST /pins, each measured on PinFlow (the compiled binary, rate limits off) and on the bare baseline
 * (bench/baseline.ts) against the same database file, back to back, at 1k, 10k and 100k pins. Then GET /pins
 * at a fixed 1 000 req/s for its p99 at each size. RSS of PinFlow is sampled throughout. Every comparison
 * runs twice: with autocannon (Node.js) and with wrk (C), so a figure does not hang on one client's costs;
 * GET /health is compared with the baseline's bare handler.
 *
 * Env: BENCH_SCALES=1000,10000 (default 1000,10000,100000), BENCH_DURATION_S (per run, default 5),
 * BENCH_ROUNDS (default 3).
 */
import { join } from "node:path";
import { AUTOCANNON_VERSION, type LoadOptions, type LoadResult, load } from "./lib/load";
import { BUN, cleanup, freePort, ROOT, rssBytes, sampleRss, sleep, startServer, stop } from "./lib/proc";
import { saveResult } from "./lib/results";
import { deletePinsAbove, historyPins, insertPins, maxPinId } from "./lib/seed";
import { createWorld } from "./lib/world";
import { loadWrk, WRK_VERSION } from "./lib/wrk";

const SCALES = (process.env.BENCH_SCALES ?? "1000,10000,100000").split(",").map(Number);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? "3");
const FIXED_DURATION_S = Math.max(DURATION_S, 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");
const WARMUP_S = 1;
const CONNECTIONS = 16;
const FIXED_RATE = 1000;

export interface FixedRateRun {
  rate: number;
  durationS: number;
  pinflow: LoadResult;
  baseline: LoadResult | null;
}

/** Medians over the rounds (each round: both servers, order alternating). */
export interface EndpointResult {
  endpoint: string;
  /** The same comparison measured with wrk (1 thread). */
  wrk?: Omit<EndpointResult, "endpoint" | "wrk">;
  pinflow: LoadResult;
  baseline: LoadResult;
  /** Median of the per-round ratios of requests/s (PinFlow / baseline). */
  ratio: number;
  rounds: Array<{ pinflowRps: number; baselineRps: number; ratio: number }>;
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

/** The run whose requests/s is the median of the rounds (so its latencies come from one real run). */
const medianRun = (runs: LoadResult[]) => {
  const m = medianOf(runs.map((r) => r.rps));
  return runs.find((r) => r.rps === m) as LoadResult;
};

/**
 * ROUNDS rounds of baseline and PinFlow back to back, alternating which goes first, after one warm-up
 * of each: this machine is shared and noisy, so a single pair of runs can be off by 30 %.
 */
async function compare(
  opts: Omit<LoadOptions, "url">,
  baselineUrl: string,
  pinflowUrl: string,
  generator: (o: LoadOptions) => Promise<LoadResult> = load,
) {
  const load = generator;
  await load({ ...opts, url: baselineUrl, durationS: WARMUP_S });
  await load({ ...opts, url: pinflowUrl, durationS: WARMUP_S });
  const base: LoadResult[] = [];
  const pf: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      base.push(await load({ ...opts, url: baselineUrl }));
      pf.push(await load({ ...opts, url: pinflowUrl }));
    } else {
      pf.push(await load({ ...opts, url: pinflowUrl }));
      base.push(await load({ ...opts, url: baselineUrl }));
    }
  }
  const rounds = pf.map((p, i) => {
    const b = base[i] as LoadResult;
    return { pinflowRps: p.rps, baselineRps: b.rps, ratio: p.rps / b.rps };
  });
  return {
    pinflow: medianRun(pf),
    baseline: medianRun(base),
    ratio: medianOf(rounds.map((r) => r.ratio)),
    rounds,
  };
}

export interface ScaleResult {
  pins: number;
  endpoints: EndpointResult[];
  fixedRate: FixedRateRun[];
  rss: { idleBytes: number | null; peakUnderLoadBytes: number };
}

export interface ApiResult {
  loadGenerator: string;
  connections: number;
  durationS: number;
  warmupS: number;
  rounds: number;
  scales: ScaleResult[];
}

const started = new Date();
const world = await createWorld({ name: "api" });
await world.stop();

const scales: ScaleResult[] = [];
let seeded = 0;
try {
  for (const scale of SCALES) {
    if (scale > seeded) {
      insertPins(world.dataDir, historyPins(scale - seeded, world.boards, seeded));
      seeded = scale;
    }
    const lastId = maxPinId(world.dataDir);
    const pinflow = await world.start();
    const basePort = freePort();
    const baseline = await startServer({
      cmd: [
        BUN,
        join(ROOT, "bench/baseline.ts"),
        "--db",
        join(world.dataDir, "pinflow.db"),
        "--port",
        String(basePort),
      ],
      port: basePort,
      cwd: world.dataDir,
      logPath: join(world.dataDir, "baseline.log"),
      probePath: "/health",
    });
    await sleep(3000);
    const idleRss = rssBytes(pinflow.pid);
    const rss = sampleRss(pinflow.pid);
    const headers = { authorization: `Bearer ${world.key}`, "content-type": "application/json" };
    const body = JSON.stringify({
      board_id: world.boards[0],
      media_url: "https://images.example.com/photo.jpg",
      title: "Benchmark pin",
      description: "Created by bench/api.ts",
      link: "https://shop.example.com/products/42",
      scheduled_at: "2031-01-01T12:00:00Z",
    });
    const cases = [
      { endpoint: "GET /health", path: "/health" },
      { endpoint: "GET /pins?status=scheduled", path: "/pins?status=scheduled" },
      // With the count of every match (what the dashboard asks for): only at the largest size, where it costs.
      ...(scale >= 100_000
        ? [
            {
              endpoint: "GET /pins?status=scheduled&with_total=true",
              path: "/pins?status=scheduled&with_total=true",
            },
          ]
        : []),
      { endpoint: "GET /pins/{id}", path: "/pins/{id}", idRange: [1, lastId] as [number, number] },
      { endpoint: "POST /pins", path: "/pins", method: "POST", body },
    ];
    const endpoints: EndpointResult[] = [];
    const fixedRuns: FixedRateRun[] = [];
    // GETs first, POST last (it adds pins); the fixed-rate runs right after the page's own runs.
    for (const c of cases) {
      const common = {
        path: c.path,
        idRange: c.idRange,
        method: c.method,
        body: c.body,
        headers,
        connections: CONNECTIONS,
        durationS: DURATION_S,
      };
      const result = await compare(common, baseline.url, pinflow.url);
      // wrk adds pins too on POST: the runs are the same length, so both see similar table sizes
      const viaWrk = await compare(common, baseline.url, pinflow.url, loadWrk);
      endpoints.push({ endpoint: c.endpoint, ...result, wrk: viaWrk });
      const pf = result.pinflow;
      const base = result.baseline;
      console.log(
        `${scale} pins  ${c.endpoint.padEnd(28)} PinFlow ${pf.rps.toFixed(0)} req/s p50 ${pf.latencyMs.p50.toFixed(2)} p99 ${pf.latencyMs.p99.toFixed(2)} | baseline ${base.rps.toFixed(0)} req/s p50 ${base.latencyMs.p50.toFixed(2)} p99 ${base.latencyMs.p99.toFixed(2)} | ratio ${result.ratio.toFixed(2)} | wrk ratio ${viaWrk.ratio.toFixed(2)} (${viaWrk.pinflow.rps.toFixed(0)} vs ${viaWrk.baseline.rps.toFixed(0)} req/s)`,
      );
      if (c.endpoint === "GET /pins?status=scheduled") {
        // The target rate, and half of what PinFlow sustained when it cannot sustain the target.
        const rates = [FIXED_RATE];
        const half = Math.floor(pf.rps / 2 / 10) * 10;
        if (half < FIXED_RATE && half > 0) rates.push(half);
        for (const rate of rates) {
          const fixed = {
            ...common,
            connections: 32,
            overallRate: rate,
            durationS: FIXED_DURATION_S,
            warmupS: WARMUP_S,
          };
          // The baseline only at the target rate: it is context, the target is PinFlow's.
          const fixedBase = rate === FIXED_RATE ? await load({ ...fixed, url: baseline.url }) : null;
          const fixedPf = await load({ ...fixed, url: pinflow.url });
          fixedRuns.push({ rate, durationS: FIXED_DURATION_S, pinflow: fixedPf, baseline: fixedBase });
          console.log(
            `${scale} pins  GET /pins at ${rate} req/s: PinFlow p50 ${fixedPf.latencyMs.p50.toFixed(2)} p99 ${fixedPf.latencyMs.p99.toFixed(2)} ms (${fixedPf.rps.toFixed(0)} req/s done)${fixedBase ? ` | baseline p99 ${fixedBase.latencyMs.p99.toFixed(2)} ms (${fixedBase.rps.toFixed(0)} req/s done)` : ""}`,
          );
        }
      }
    }
    const peak = rss.stop().peak;
    scales.push({
      pins: scale,
      endpoints,
      fixedRate: fixedRuns,
      rss: { idleBytes: idleRss, peakUnderLoadBytes: peak },
    });
    await stop(baseline);
    await world.stop();
    deletePinsAbove(world.dataDir, lastId); // what POST added: the next size starts from the seed again
  }
} finally {
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}

saveResult<ApiResult>("api", "npm run bench (bun bench/api.ts)", started, {
  loadGenerator: `autocannon ${AUTOCANNON_VERSION} (npm) on Node.js, and wrk ${WRK_VERSION} (1 thread)`,
  connections: CONNECTIONS,
  durationS: DURATION_S,
  warmupS: WARMUP_S,
  rounds: ROUNDS,
  scales,
});
