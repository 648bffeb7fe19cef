import { Database } from "bun:sqlite";
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { optimizeDatabase } from "./maintenance";
import type { DB } from "./schema";

export type Db = Kysely<DB>;

/** SQLite (one file, the default) or PostgreSQL (PINFLOW_DATABASE_URL, several processes). */
export type Engine = "sqlite" | "postgres";

interface Common {
  db: Db;
  close(): Promise<void>;
}

export interface SqliteDatabase extends Common {
  engine: "sqlite";
  /** The bun:sqlite handle, for migrations, backups and maintenance; features use `db`. */
  raw: Database;
  /** Lets SQLite refresh its query-planner statistics (cheap; run daily). */
  optimize(): Promise<void>;
}

export interface PostgresDatabase extends Common {
  engine: "postgres";
  pool: pg.Pool;
  /** ANALYZE: PostgreSQL's autovacuum does this too; the daily job keeps the statistics fresh after bulk loads. */
  optimize(): Promise<void>;
}

export type OpenDatabase = SqliteDatabase | PostgresDatabase;

/**
 * Opens the SQLite file with the pragmas PinFlow relies on: WAL (readers never block the writer),
 * synchronous=FULL (an acknowledged write survives power loss), foreign keys, and a busy timeout
 * so the CLI can work on the file while the server runs.
 */
export function openDatabase(path: string): SqliteDatabase {
  const raw = new Database(path, { create: true, strict: true });
  raw.run("PRAGMA busy_timeout = 5000");
  if (path !== ":memory:") raw.run("PRAGMA journal_mode = WAL");
  raw.run("PRAGMA synchronous = FULL");
  raw.run("PRAGMA foreign_keys = ON");
  // NB: prepare → raw.query() reuses Bun's cached statements (≈1.7× faster than re-preparing each time).
  const database = { prepare: (sql: string) => raw.query(sql), close: () => {} };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: database as never }) });
  return {
    engine: "sqlite",
    db,
    raw,
    optimize: async () => optimizeDatabase(raw),
    close: async () => {
      await db.destroy();
      raw.close();
    },
  };
}

/**
 * int8 (ids, epoch-ms times, count(*)) and numeric (sum() of int8) come back as JS numbers, as SQLite's
 * integers do, so repos and types are the same on both engines. Every integer PinFlow stores is far below
 * 2^53. Set on this pool only, not on pg's global parsers.
 */
const NUMBER_TYPES = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    NUMBER_TYPES.has(oid) && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections kept open (default 10): each process holds at most this many. */
  max?: number;
  /** How long an unused connection stays open (default 10 s). */
  idleTimeoutMs?: number;
  /** Waited for before the first query (the test harness creates the database meanwhile). */
  ready?: Promise<unknown>;
}

/** Distinct statements a connection keeps prepared; past that, queries go unnamed (parsed each time). */
const PREPARED_PER_CONNECTION = 1000;

/**
 * Parameterised queries run as named prepared statements, one per distinct SQL text on each connection, so
 * PostgreSQL parses and plans them once per connection instead of on every call (measured 25-40 % more
 * queries/s under Bun; Kysely's dialect sends every query unnamed). The text is PinFlow's compiled SQL, so
 * the set is small; a cap bounds it anyway (an `IN` list of every length is a text of its own).
 */
function preparePerConnection(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    text: unknown,
    values?: unknown,
    callback?: unknown,
  ) => {
    if (typeof text === "string" && Array.isArray(values) && values.length > 0 && callback === undefined) {
      let name = names.get(text);
      if (name === undefined && names.size < PREPARED_PER_CONNECTION) {
        name = `pinflow_${names.size}`;
        names.set(text, name);
      }
      if (name !== undefined) return query({ name, text, values });
    }
    return callback === undefined ? query(text, values) : query(text, values, callback);
  };
}

/** A pool on PostgreSQL through node-postgres (`pg`, the driver measured fastest under Bun; ARCHITECTURE.md). */
export function openPostgres(url: string, opts: PostgresOptions = {}): PostgresDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    idleTimeoutMillis: opts.idleTimeoutMs ?? 10_000,
    types,
  });
  // An idle connection that the server drops (a restart, a failover) must not crash the process.
  pool.on("error", () => {});
  pool.on("connect", preparePerConnection);
  const ready = opts.ready;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: ready
        ? async () => {
            await ready;
            return pool;
          }
        : pool,
    }),
  });
  return {
    engine: "postgres",
    db,
    pool,
    optimize: async () => {
      await sql`ANALYZE`.execute(db);
    },
    close: async () => {
      await db.destroy();
      // Kysely ends only a pool it has used: one never queried is ended here
      if (!pool.ended) await pool.end();
    },
  };
}

/** Which engine a Kysely instance (or a transaction of it) talks to. */
export function engineOf(db: Kysely<unknown> | Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** True when the database answers a trivial query (for /health). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
