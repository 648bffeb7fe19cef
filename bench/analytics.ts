/**
 * Analytics: GET /analytics/summary over a year (totals, the daily series of the pins and of the account, top
 * 5 pins by each of the four metrics, per board) at 100 published pins × 365 days of stored metrics (36 500
 * pin rows + 365 account rows), on the compiled binary. For scale: the same summary over 30 days, one pin's
 * year (GET /pins/{id}/analytics) and the plain pin list (GET /pins?status=published, a page of 100).
 * Closed loop, 16 connections; the median of the rounds (requests/s, p50, p99).
 *
 * Env: BENCH_ANALYTICS_PINS (default 100), BENCH_ANALYTICS_DAYS (default 365), BENCH_DURATION_S (per run,
 * default 3), BENCH_ROUNDS (default 3).
 */
import { type LoadResult, load } from "./lib/load";
import { cleanup, stop } from "./lib/proc";
import { saveResult } from "./lib/results";
import { insertPins, openDb, owner, type PinSpec } from "./lib/seed";
import { createWorld } from "./lib/world";

const PINS = Number(process.env.BENCH_ANALYTICS_PINS ?? "100");
const DAYS = Number(process.env.BENCH_ANALYTICS_DAYS ?? "365");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? "3");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");
const CONNECTIONS = 16;
const DAY = 86_400_000;

export interface AnalyticsCase {
  name: string;
  path: string;
  run: LoadResult;
}

export interface AnalyticsResult {
  pins: number;
  days: number;
  pinRows: number;
  connections: number;
  rounds: number;
  durationS: number;
  cases: AnalyticsCase[];
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const median = (runs: LoadResult[]) => {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult;
};

/** Published pins, one a few days apart over the year, spread over the boards. */
function* publishedPins(n: number, boards: string[]): Generator<PinSpec> {
  for (let i = 0; i < n; i++) {
    yield {
      status: "published",
      boardId: boards[i % boards.length] as string,
      title: `Published pin ${i}`,
      scheduledAt: null,
      publishedAt: Date.now() - Math.round(((i + 1) * DAYS * DAY) / (n + 1)),
      mediaUrl: `https://images.example.com/${i}.jpg`,
    };
  }
}

/** DAYS days of numbers for every pin (a decaying curve with noise) and for the account. */
function insertMetrics(dataDir: string, first: number, last: number): number {
  const db = openDb(dataDir);
  try {
    const { profileId } = owner(db);
    const today = Math.floor(Date.now() / DAY) * DAY;
    const pin = db.prepare(
      `INSERT INTO pin_metrics (profile_id, date, pin_id, impressions, saves, pin_clicks, outbound_clicks, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const account = db.prepare(
      `INSERT INTO account_metrics (profile_id, date, impressions, saves, pin_clicks, outbound_clicks, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    let rows = 0;
    db.transaction(() => {
      for (let d = 1; d <= DAYS; d++) {
        const date = utcDay(today - d * DAY);
        account.run(profileId, date, 800 + (d % 97), 12, 20, 6, Date.now());
        for (let id = first; id <= last; id++) {
          const impressions = Math.round(50 + 300 * Math.exp(-((d + id) % DAYS) / 40) + ((id * 7 + d) % 23));
          pin.run(
            profileId,
            date,
            id,
            impressions,
            Math.round(impressions * 0.02),
            Math.round(impressions * 0.03),
            Math.round(impressions * 0.01),
            Date.now(),
          );
          rows++;
        }
      }
    })();
    db.run("ANALYZE");
    return rows;
  } finally {
    db.close();
  }
}

const started = new Date();
const world = await createWorld({ name: "analytics" });
const cases: AnalyticsCase[] = [];
let pinRows = 0;
try {
  await world.stop();
  const { first, last } = insertPins(world.dataDir, publishedPins(PINS, world.boards));
  pinRows = insertMetrics(world.dataDir, first, last);
  const pinflow = await world.start();
  const headers = { authorization: `Bearer ${world.key}` };
  const today = utcDay(Date.now());
  const yearAgo = utcDay(Date.now() - (DAYS - 1) * DAY);
  const monthAgo = utcDay(Date.now() - 29 * DAY);
  const endpoints = [
    { name: `GET /analytics/summary, ${DAYS} days`, path: `/analytics/summary?from=${yearAgo}&to=${today}` },
    { name: "GET /analytics/summary, 30 days", path: `/analytics/summary?from=${monthAgo}&to=${today}` },
    {
      name: `GET /pins/{id}/analytics, ${DAYS} days`,
      path: `/pins/${first}/analytics?from=${yearAgo}&to=${today}`,
    },
    { name: "GET /pins?status=published (page of 100)", path: "/pins?status=published&limit=100" },
  ];
  const check = await world.api(endpoints[0]?.path as string);
  const body = (await check.json()) as { days: unknown[]; top_pins: { saves: unknown[] }; boards: unknown[] };
  if (check.status !== 200 || body.days.length < DAYS - 1 || body.top_pins.saves.length !== 5)
    throw new Error(`the summary does not answer what was seeded: ${check.status}`);
  const common = { url: pinflow.url, headers, connections: CONNECTIONS, durationS: DURATION_S };
  for (const e of endpoints) await load({ ...common, path: e.path, durationS: 1 });
  const runs = new Map(endpoints.map((e) => [e.name, [] as LoadResult[]]));
  for (let round = 0; round < ROUNDS; round++) {
    // alternate the order, so no endpoint always runs on the warmest (or the noisiest) moment
    const order = round % 2 === 0 ? endpoints : [...endpoints].reverse();
    for (const e of order) runs.get(e.name)?.push(await load({ ...common, path: e.path }));
  }
  for (const e of endpoints) {
    const run = median(runs.get(e.name) ?? []);
    cases.push({ name: e.name, path: e.path, run });
    console.log(
      `${e.name}: ${run.rps.toFixed(0)} req/s, p50 ${run.latencyMs.p50.toFixed(1)} ms, p99 ${run.latencyMs.p99.toFixed(1)} ms${run.non2xx ? ` (${run.non2xx} non-2xx)` : ""}`,
    );
  }
} finally {
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}

saveResult<AnalyticsResult>("analytics", "npm run bench (bun bench/analytics.ts)", started, {
  pins: PINS,
  days: DAYS,
  pinRows,
  connections: CONNECTIONS,
  rounds: ROUNDS,
  durationS: DURATION_S,
  cases,
});
