/**
 * PostgreSQL for benchmarks and chaos runs: a throwaway server of the same kind the tests start (initdb +
 * pg_ctl in a temporary folder on a free port, src/testing/postgres.ts) — but durable (fsync on, as a real
 * deployment would run), and a few PinFlow processes sharing a database on it, each with a data folder of
 * its own, the same master secret and one Pinterest (the standalone emulator).
 */
import { join } from "node:path";
import pg from "pg";
import { startTestPostgres, type TestPostgresServer } from "../../src/testing/postgres";
import { freePort, type Server, startServer, stop, tempDir } from "./proc";
import { PIN_COLUMNS, type PinSpec, pinValues } from "./seed";
import { createKey, EMULATOR_ACCOUNT, type Emulator, liftQuota, pinflowEnv, signIn } from "./world";

export const BENCH_SECRET = "bench-master-secret-shared-by-every-process-0123";

export interface PgServer extends TestPostgresServer {
  admin(): Promise<pg.Client>;
  createDatabase(name: string): Promise<string>;
}

export function startPostgres(): PgServer {
  const server = startTestPostgres({ durable: true, maxConnections: 200 });
  return {
    ...server,
    async admin() {
      const client = new pg.Client({ connectionString: `${server.baseUrl}postgres` });
      await client.connect();
      return client;
    },
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: `${server.baseUrl}postgres` });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `${server.baseUrl}${name}`;
    },
  };
}

export interface Cluster {
  url: string;
  bin: string;
  emulator: Emulator;
  processes: Array<Server | null>;
  dataDirs: string[];
  key: string;
  boards: string[];
  env: Record<string, string>;
  start(i: number): Promise<Server>;
  stopAll(): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * `n` process slots on a fresh database (`name`); the first is started, signs in and makes an API key, and
 * the user's quota is lifted with the CLI (on the same database). The others are started by the caller.
 */
export async function createCluster(opts: {
  bin: string;
  emulator: Emulator;
  server: PgServer;
  name: string;
  n: number;
  env?: Record<string, string>;
}): Promise<Cluster> {
  const url = await opts.server.createDatabase(opts.name);
  const env = { PINFLOW_DATABASE_URL: url, PINFLOW_SECRET: BENCH_SECRET, ...opts.env };
  const dataDirs = Array.from({ length: opts.n }, (_, i) => tempDir(`${opts.name}-${i}`));
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => {});
  let logCounter = 0;
  const cluster: Cluster = {
    url,
    bin: opts.bin,
    emulator: opts.emulator,
    processes: dataDirs.map(() => null),
    dataDirs,
    key: "",
    boards: [],
    env,
    async start(i) {
      const port = freePort();
      const dataDir = dataDirs[i] as string;
      const server = await startServer({
        cmd: [opts.bin, "serve", "--port", String(port)],
        port,
        cwd: dataDir,
        env: {
          ...pinflowEnv(opts.emulator.url, dataDir, env),
          PINFLOW_INSTANCE_ID: `${opts.name}-${i}`,
        },
        logPath: join(dataDir, `pinflow-${++logCounter}.log`),
        probePath: "/health",
        pollMs: 5,
      });
      cluster.processes[i] = server;
      return server;
    },
    async stopAll() {
      await Promise.all(cluster.processes.map((p) => stop(p)));
      cluster.processes = cluster.processes.map(() => null);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async close() {
      await pool.end();
    },
  };
  const first = await cluster.start(0);
  const session = await signIn(first.url, opts.emulator.url, EMULATOR_ACCOUNT);
  cluster.key = await createKey(first.url, session);
  liftQuota(opts.bin, dataDirs[0] as string, env);
  const res = await fetch(`${first.url}/boards`, { headers: { authorization: `Bearer ${cluster.key}` } });
  cluster.boards = ((await res.json()) as { items: Array<{ id: string }> }).items.map((b) => b.id);
  return cluster;
}

/** Inserts pins for the cluster's user straight into PostgreSQL, 1 000 a statement; returns their ids. */
export async function insertPinsPg(cluster: Cluster, pins: Iterable<PinSpec>): Promise<number[]> {
  const [owner] = await cluster.query<{ userId: number; profileId: number }>(
    'SELECT user_id AS "userId", id AS "profileId" FROM profiles ORDER BY id LIMIT 1',
  );
  if (!owner) throw new Error("no profile: sign in first");
  const now = Date.now();
  const ids: number[] = [];
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const cols = 16;
    const values = batch
      .map((_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(", ")})`)
      .join(", ");
    const rows = await cluster.query<{ id: number }>(
      `INSERT INTO pins (${PIN_COLUMNS}) VALUES ${values} RETURNING id`,
      batch.flat(),
    );
    for (const r of rows) ids.push(Number(r.id));
    batch = [];
  };
  let count = 0;
  for (const p of pins) {
    batch.push(pinValues(owner, p, count, now));
    count++;
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return ids;
}
