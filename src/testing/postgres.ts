/**
 * A PostgreSQL server for tests, started by the tests themselves: Debian's binaries (`apt-get install
 * postgresql`), `initdb` into a temporary folder and `pg_ctl` on a free port of 127.0.0.1, never a server
 * that was already running. One per test process, started on first use and stopped when the process ends.
 * Durability is off (fsync, synchronous_commit): a test database lives for one test.
 *
 * Each test app gets a database of its own, copied from a migrated template (CREATE DATABASE … TEMPLATE,
 * ~30 ms against ~100 ms for migrating a fresh schema). Databases of finished tests are dropped a few tests
 * later (dropTestDatabases), so the disk holds a handful, not one per test.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPostgres, type PostgresDatabase } from "../db/database";
import { migratePostgres } from "../db/migrate";

export interface TestPostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/ — append a database name. */
  baseUrl: string;
  port: number;
  dataDir: string;
  stop(): void;
}

/** The newest PostgreSQL under /usr/lib/postgresql (Debian installs each major version there). */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL is not installed: apt-get install -y postgresql (the tests start their own server)",
    );
  }
  return join(root, versions[0] as string, "bin");
}

function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}

/** initdb and postgres refuse to run as root: as root, they run as Debian's `postgres` user. */
function asServerUser(cmd: string[]): string[] {
  return userInfo().uid === 0 ? ["runuser", "-u", "postgres", "--", ...cmd] : cmd;
}

function run(cmd: string[]): void {
  const res = spawnSync(cmd[0] as string, cmd.slice(1), { stdio: "pipe", encoding: "utf8" });
  if (res.status !== 0)
    throw new Error(`${cmd.join(" ")} failed (${res.status}): ${res.stderr}${res.stdout}`);
}

/** Starts a throwaway server (synchronously: it is the first thing a test run needs). */
export function startTestPostgres(
  opts: {
    maxConnections?: number /** fsync and synchronous commit on (benchmarks) */;
    durable?: boolean;
  } = {},
): TestPostgresServer {
  const bin = postgresBinDir();
  const dataDir = mkdtempSync(join(tmpdir(), "pinflow-pg-"));
  // the server user must own its folder (and reach it: mkdtemp makes it 0700)
  chmodSync(dataDir, 0o777);
  const pgdata = join(dataDir, "data");
  run(
    asServerUser([
      join(bin, "initdb"),
      "-D",
      pgdata,
      "-A",
      "trust",
      "-U",
      "postgres",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]),
  );
  const port = freePort();
  const options = [
    `-p ${port}`,
    `-k ${dataDir}`,
    "-c listen_addresses=127.0.0.1",
    ...(opts.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
    `-c max_connections=${opts.maxConnections ?? 400}`,
    "-c shared_buffers=64MB",
  ].join(" ");
  run(
    asServerUser([
      join(bin, "pg_ctl"),
      "-D",
      pgdata,
      "-o",
      options,
      "-l",
      join(dataDir, "log"),
      "-w",
      "start",
    ]),
  );
  let stopped = false;
  return {
    baseUrl: `postgres://postgres@127.0.0.1:${port}/`,
    port,
    dataDir,
    stop() {
      if (stopped) return;
      stopped = true;
      const cmd = asServerUser([join(bin, "pg_ctl"), "-D", pgdata, "-m", "immediate", "-w", "stop"]);
      spawnSync(cmd[0] as string, cmd.slice(1), { stdio: "ignore" });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- the shared server of this test process, and a database per test app ----

let server: TestPostgresServer | null = null;
let admin: Promise<pg.Client> | null = null;
let counter = 0;

/** The process's server, started on first use and stopped when the process exits. */
export function sharedTestPostgres(): TestPostgresServer {
  if (!server) {
    server = startTestPostgres();
    const started = server;
    process.on("exit", () => started.stop());
  }
  return server;
}

const TEMPLATE = "pinflow_template";

/** A connection to the maintenance database, which made (once) the migrated template. */
function adminClient(): Promise<pg.Client> {
  admin ??= (async () => {
    const s = sharedTestPostgres();
    const client = new pg.Client({ connectionString: `${s.baseUrl}postgres` });
    await client.connect();
    client.on("error", () => {});
    await client.query(`CREATE DATABASE ${TEMPLATE}`);
    const template = openPostgres(`${s.baseUrl}${TEMPLATE}`, { max: 1 });
    await migratePostgres(template);
    await template.close();
    // CREATE DATABASE … TEMPLATE needs the template without sessions; a closed pool's backend may linger
    await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [TEMPLATE],
    );
    return client;
  })();
  return admin;
}

interface Created {
  name: string;
  database: PostgresDatabase;
  /** Made while a test ran (dropped after it), or while a file was loaded (kept to the end). */
  duringTest: boolean;
}

const created: Created[] = [];
let inTest = false;

/**
 * A migrated database of its own, opened lazily: the app is built synchronously, and its first query
 * waits for CREATE DATABASE (Kysely's PostgresDialect takes a pool factory).
 */
export function openTestPostgres(): PostgresDatabase {
  const name = `pinflow_t${process.pid}_${++counter}`;
  const s = sharedTestPostgres();
  const ready = adminClient().then((client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE} STRATEGY FILE_COPY`),
  );
  const database = openPostgres(`${s.baseUrl}${name}`, { max: 8, idleTimeoutMs: 1000, ready });
  created.push({ name, database, duringTest: inTest });
  opened.set(database, { url: `${s.baseUrl}${name}`, ready });
  return database;
}

const opened = new WeakMap<PostgresDatabase, { url: string; ready: Promise<unknown> }>();

/** A second pool on a test app's database: what another PinFlow process sharing it would have. */
export function openSameTestPostgres(database: PostgresDatabase): PostgresDatabase {
  const known = opened.get(database);
  if (!known) throw new Error("not a test database");
  const other = openPostgres(known.url, { max: 8, idleTimeoutMs: 1000, ready: known.ready });
  // closed with the first (its database is dropped with it)
  const close = database.close;
  database.close = async () => {
    await Promise.all([close(), other.close().catch(() => {})]);
  };
  return other;
}

/** Databases of tests that finished this many tests ago are dropped (their stray work has long settled). */
const KEEP_FINISHED = 8;
const finished: Created[] = [];

/** Called around every test (setup.ts, in the PostgreSQL pass). */
export function testStarted(): void {
  inTest = true;
}

export async function testFinished(): Promise<void> {
  inTest = false;
  for (let i = created.length - 1; i >= 0; i--) {
    const c = created[i] as Created;
    if (c.duringTest) {
      finished.push(c);
      created.splice(i, 1);
    }
  }
  while (finished.length > KEEP_FINISHED) await drop(finished.shift() as Created);
}

async function drop(c: Created): Promise<void> {
  // FORCE ends its sessions first; the pool is closed without waiting for it (a test may have left a
  // connection checked out at a gate it never released, and pool.end() would wait for it forever)
  const client = await adminClient();
  await client.query(`DROP DATABASE IF EXISTS ${c.name} WITH (FORCE)`).catch(() => {});
  void c.database.close().catch(() => {});
}

/** At the end of the run: every database closed and the server stopped. */
export async function stopTestPostgres(): Promise<void> {
  if (!server) return;
  for (const c of [...finished.splice(0), ...created.splice(0)]) void c.database.close().catch(() => {});
  if (admin) await (await admin).end().catch(() => {});
  server.stop();
}

/** An empty database (no tables at all), dropped at the end of the run: export-db's target. */
export async function emptyTestPostgres(): Promise<{ url: string; database: PostgresDatabase }> {
  const name = `pinflow_e${process.pid}_${++counter}`;
  const client = await adminClient();
  await client.query(`CREATE DATABASE ${name}`);
  const url = `${sharedTestPostgres().baseUrl}${name}`;
  const database = openPostgres(url, { max: 4, idleTimeoutMs: 1000 });
  created.push({ name, database, duringTest: inTest });
  return { url, database };
}
