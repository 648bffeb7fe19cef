/**
 * Several processes on PostgreSQL, against one process on SQLite.
 * 1. Publishing throughput: BENCH_PROCESSES_PINS pins (default 3 000) due at once, the emulator answering
 *    every call after 50 ms, concurrency 16 per process: SQLite with one process, then PostgreSQL with 1, 2
 *    and 3 processes on one database (each case a fresh database). Pins/s = due / drain time; duplicates
 *    counted on the emulator by title.
 * 2. API: GET /pins?status=scheduled (a page of 100), GET /pins/{id} (random ids) and POST /pins on 10 000
 *    pins, one process each, SQLite and PostgreSQL back to back (autocannon, 16 connections, rate limits off),
 *    BENCH_PROCESSES_ROUNDS rounds (default 3); the ratio is PostgreSQL / SQLite requests per second (median
 *    of the rounds).
 * PostgreSQL is the tests' kind of throwaway server (initdb + pg_ctl) with fsync on, on the same 2 cores.
 */
import { type LoadResult, load } from "./lib/load";
import { type Cluster, createCluster, insertPinsPg, startPostgres } from "./lib/postgres";
import { buildBinary, cleanup, sleep, stop } from "./lib/proc";
import { BENCH_CONCURRENCY, BENCH_LATENCY_MS } from "./lib/publishing";
import { saveResult } from "./lib/results";
import { historyPins, insertPins, openDb, type PinSpec } from "./lib/seed";
import { createWorld, startEmulator } from "./lib/world";

const PINS = Number(process.env.BENCH_PROCESSES_PINS ?? "3000");
const ROUNDS = Number(process.env.BENCH_PROCESSES_ROUNDS ?? "3");
const API_PINS = 10_000;
const DURATION_S = 3;

export interface ThroughputCase {
  engine: "sqlite" | "postgres";
  processes: number;
  due: number;
  published: number;
  drainS: number;
  pinsPerSecond: number;
  duplicatesOnPinterest: number;
}

export interface ApiCase {
  endpoint: string;
  sqliteRps: number;
  postgresRps: number;
  /** PostgreSQL / SQLite requests per second, median of the rounds. */
  ratio: number;
  sqliteP99Ms: number;
  postgresP99Ms: number;
  rounds: Array<{ sqlite: number; postgres: number }>;
}

export interface ProcessesResult {
  emulatorLatencyMs: number;
  concurrencyPerProcess: number;
  throughput: ThroughputCase[];
  api: ApiCase[];
  apiPins: number;
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

const burst = (boards: string[], tag: string, at: number): Iterable<PinSpec> =>
  Array.from({ length: PINS }, (_, i) => ({
    status: "scheduled" as const,
    boardId: boards[i % boards.length] as string,
    title: `${tag} ${i}`,
    scheduledAt: at,
  }));

const started = new Date();
const bin = await buildBinary();
const emulator = await startEmulator({ bin });
const pgServer = startPostgres();
const throughput: ThroughputCase[] = [];
const api: ApiCase[] = [];

async function onEmulatorByTitle(tag: string) {
  const state = await emulator.state();
  const titles = state.pins.filter((p) => p.title?.startsWith(`${tag} `)).map((p) => p.title);
  return { total: titles.length, distinct: new Set(titles).size };
}

try {
  await emulator.faults({ latencyMs: BENCH_LATENCY_MS });
  const env = { PINFLOW_PUBLISH_CONCURRENCY: String(BENCH_CONCURRENCY) };

  // ---- throughput: SQLite, one process ----
  {
    const world = await createWorld({ name: "proc-sqlite", emulator, env });
    await world.stop();
    const at = Date.now() + 3000;
    insertPins(world.dataDir, burst(world.boards.slice(0, 4), "sqlite-burst", at));
    await world.start();
    const db = openDb(world.dataDir, true);
    const left = db.query("SELECT count(*) AS n FROM pins WHERE status IN ('scheduled', 'publishing')");
    while ((left.get() as { n: number }).n > 0) await sleep(200);
    const last = db
      .query("SELECT max(published_at) AS t, count(*) AS n FROM pins WHERE status = 'published'")
      .get() as {
      t: number;
      n: number;
    };
    db.close();
    const seen = await onEmulatorByTitle("sqlite-burst");
    const drainS = (last.t - at) / 1000;
    throughput.push({
      engine: "sqlite",
      processes: 1,
      due: PINS,
      published: last.n,
      drainS,
      pinsPerSecond: PINS / drainS,
      duplicatesOnPinterest: seen.total - seen.distinct,
    });
    console.log(`sqlite x1: ${PINS} in ${drainS.toFixed(1)} s = ${(PINS / drainS).toFixed(0)} pins/s`);
    await world.stop();
  }

  // ---- throughput: PostgreSQL, 1, 2 and 3 processes ----
  for (const n of [1, 2, 3]) {
    const cluster: Cluster = await createCluster({ bin, emulator, server: pgServer, name: `tp${n}`, n, env });
    await cluster.stopAll();
    const at = Date.now() + 4000;
    const tag = `pg${n}-burst`;
    await insertPinsPg(cluster, burst(cluster.boards.slice(0, 4), tag, at));
    await Promise.all(Array.from({ length: n }, (_, i) => cluster.start(i)));
    for (;;) {
      const [row] = await cluster.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pins WHERE status IN ('scheduled', 'publishing')",
      );
      if ((row?.n ?? 0) === 0) break;
      await sleep(200);
    }
    const [last] = await cluster.query<{ t: string; n: number }>(
      "SELECT max(published_at) AS t, count(*)::int AS n FROM pins WHERE status = 'published'",
    );
    const seen = await onEmulatorByTitle(tag);
    const drainS = (Number(last?.t) - at) / 1000;
    throughput.push({
      engine: "postgres",
      processes: n,
      due: PINS,
      published: Number(last?.n),
      drainS,
      pinsPerSecond: PINS / drainS,
      duplicatesOnPinterest: seen.total - seen.distinct,
    });
    console.log(`postgres x${n}: ${PINS} in ${drainS.toFixed(1)} s = ${(PINS / drainS).toFixed(0)} pins/s`);
    await cluster.stopAll();
    await cluster.close();
  }

  // ---- API: one process each, SQLite vs PostgreSQL, the same 10 000 pins ----
  const noLimits = { ...env, PINFLOW_RATE_LIMITS: "off" };
  const world = await createWorld({ name: "proc-api-sqlite", emulator, env: noLimits });
  await world.stop();
  insertPins(world.dataDir, historyPins(API_PINS, world.boards));
  const sqliteIds = (() => {
    const db = openDb(world.dataDir, true);
    const r = db.query("SELECT min(id) AS a, max(id) AS b FROM pins").get() as { a: number; b: number };
    db.close();
    return [r.a, r.b] as [number, number];
  })();
  const cluster = await createCluster({ bin, emulator, server: pgServer, name: "api", n: 1, env: noLimits });
  await cluster.stopAll();
  const pgIds = await insertPinsPg(cluster, historyPins(API_PINS, cluster.boards));
  await cluster.query("ANALYZE");
  const endpoints: Array<{
    name: string;
    path: string;
    method?: string;
    body?: (boards: string[]) => string;
  }> = [
    { name: "GET /pins?status=scheduled (100 of 10k)", path: "/pins?status=scheduled&limit=100" },
    { name: "GET /pins/{id}", path: "/pins/{id}" },
    {
      name: "POST /pins",
      path: "/pins",
      method: "POST",
      body: (boards) =>
        JSON.stringify({
          board_id: boards[0],
          media_url: "https://images.example.com/p.jpg",
          status: "draft",
        }),
    },
  ];
  const results = new Map<string, Array<{ sqlite: LoadResult; postgres: LoadResult }>>();
  for (let round = 0; round < ROUNDS; round++) {
    const sqliteServer = await world.start();
    const pgProc = await cluster.start(0);
    for (const e of endpoints) {
      const run = (url: string, key: string, ids: [number, number], boards: string[]) =>
        load({
          url,
          path: e.path,
          method: e.method,
          body: e.body?.(boards),
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          connections: 16,
          durationS: DURATION_S,
          warmupS: 1,
          idRange: e.path.includes("{id}") ? ids : undefined,
        });
      const pgRange: [number, number] = [pgIds[0] as number, pgIds.at(-1) as number];
      const runSqlite = () => run(sqliteServer.url, world.key, sqliteIds, world.boards);
      const runPostgres = () => run(pgProc.url, cluster.key, pgRange, cluster.boards);
      // which engine goes first alternates from round to round
      let pair: { sqlite: LoadResult; postgres: LoadResult };
      if (round % 2 === 0) {
        const sqlite = await runSqlite();
        pair = { sqlite, postgres: await runPostgres() };
      } else {
        const postgres = await runPostgres();
        pair = { postgres, sqlite: await runSqlite() };
      }
      results.set(e.name, [...(results.get(e.name) ?? []), pair]);
      console.log(
        `${e.name} round ${round + 1}: sqlite ${pair.sqlite.rps.toFixed(0)} req/s, postgres ${pair.postgres.rps.toFixed(0)} req/s`,
      );
    }
    await world.stop();
    await cluster.stopAll();
  }
  for (const e of endpoints) {
    const rounds = results.get(e.name) ?? [];
    api.push({
      endpoint: e.name,
      sqliteRps: medianOf(rounds.map((r) => r.sqlite.rps)),
      postgresRps: medianOf(rounds.map((r) => r.postgres.rps)),
      ratio: medianOf(rounds.map((r) => r.postgres.rps / r.sqlite.rps)),
      sqliteP99Ms: medianOf(rounds.map((r) => r.sqlite.latencyMs.p99)),
      postgresP99Ms: medianOf(rounds.map((r) => r.postgres.latencyMs.p99)),
      rounds: rounds.map((r) => ({ sqlite: Math.round(r.sqlite.rps), postgres: Math.round(r.postgres.rps) })),
    });
  }
  await cluster.close();
} finally {
  await stop(emulator.server);
  pgServer.stop();
  cleanup();
}

saveResult<ProcessesResult>("processes", "bun bench/processes.ts", started, {
  emulatorLatencyMs: BENCH_LATENCY_MS,
  concurrencyPerProcess: BENCH_CONCURRENCY,
  throughput,
  api,
  apiPins: API_PINS,
});
