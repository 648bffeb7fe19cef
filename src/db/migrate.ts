/**
 * Applies migrations/*.sql in registry order. Each file runs with raw.exec() (bun:sqlite's prepare
 * would silently run only the first statement) inside its own transaction together with the row
 * that records it, so a crash leaves either the whole migration or none of it.
 * An existing database is copied aside before the first pending migration touches it, so an upgrade
 * can always be undone by putting the old binary and that copy back.
 * PostgreSQL (migratePostgres) runs the same list with its twins (migrations/index.ts), each file in its own
 * transaction with its record as well, under an advisory lock so that processes starting together migrate
 * once; its copy before an upgrade is the operator's pg_dump (README), as PinFlow cannot take one itself.
 */
import type { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { MIGRATIONS, type Migration, POSTGRES_MIGRATIONS } from "../../migrations/index";
import { VERSION } from "../version";
import type { OpenDatabase, PostgresDatabase } from "./database";
import { backupDatabase, backupTimestamp } from "./maintenance";

export interface MigrationResult {
  applied: string[];
  total: number;
  /** Where the database was copied before migrating, when it held data and something was pending. */
  backup: string | null;
}

export interface MigrateOptions {
  migrations?: ReadonlyArray<{ name: string; sql: string }>;
  now?: () => number;
  /** Folder for the copy taken before migrating an existing database; none is taken without it. */
  backupDir?: string;
}

export class MigrationError extends Error {}

function refuseNewer(done: Iterable<string>, migrations: ReadonlyArray<Migration>, file: string): void {
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...done].filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) {
    throw new MigrationError(
      `${file} was written by a newer PinFlow (it has migration ${unknown.join(", ")}, unknown to PinFlow ${VERSION}): run that version or newer, or restore the copy taken before the upgrade (backups/pinflow-*-before-*.db in the data folder, or your pg_dump)`,
    );
  }
}

export function migrate(raw: Database, options: MigrateOptions = {}): MigrationResult {
  const { migrations = MIGRATIONS, now = Date.now, backupDir } = options;
  raw.run(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)",
  );
  const done = new Set(
    raw
      .query<{ name: string }, []>("SELECT name FROM schema_migrations")
      .all()
      .map((r) => r.name),
  );
  refuseNewer(done, migrations, raw.filename && raw.filename !== ":memory:" ? raw.filename : "the database");
  const pending = migrations.filter((m) => !done.has(m.name));
  let backup: string | null = null;
  if (pending.length > 0 && done.size > 0 && backupDir) {
    backup = join(backupDir, `pinflow-${backupTimestamp(now())}-before-${pending[0]?.name}.db`);
    try {
      mkdirSync(backupDir, { recursive: true, mode: 0o700 });
      backupDatabase(raw, backup);
    } catch (err) {
      throw new MigrationError(
        `could not back up the database before migrating (${(err as Error).message}); nothing was changed`,
      );
    }
  }
  const applied: string[] = [];
  for (const m of pending) {
    raw.transaction(() => {
      raw.exec(m.sql);
      raw.query("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(m.name, now());
    })();
    applied.push(m.name);
  }
  return { applied, total: migrations.length, backup };
}

/** Any number (here: 0x70696e66, "pinf"), the same in every PinFlow: the key of the migration lock. */
const MIGRATION_LOCK = 1885957734;

/**
 * The same list on PostgreSQL. Each file is one simple-protocol query (several statements, no parameters)
 * inside a transaction with its record; the whole run holds a session advisory lock, so a second process
 * starting meanwhile waits and then finds nothing pending.
 */
export async function migratePostgres(
  database: PostgresDatabase,
  options: Omit<MigrateOptions, "backupDir"> = {},
): Promise<MigrationResult> {
  const { migrations = POSTGRES_MIGRATIONS, now = Date.now } = options;
  const client = await database.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
      );
      const done = new Set(
        (await client.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name),
      );
      refuseNewer(done, migrations, "the PostgreSQL database");
      const applied: string[] = [];
      for (const m of migrations.filter((x) => !done.has(x.name))) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", [
            m.name,
            now(),
          ]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw new MigrationError(`migration ${m.name} failed on PostgreSQL: ${(err as Error).message}`);
        }
        applied.push(m.name);
      }
      return { applied, total: migrations.length, backup: null };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Migrates whichever engine is open (the SQLite copy before an upgrade goes to `backupDir`). */
export function migrateDatabase(
  database: OpenDatabase,
  options: MigrateOptions = {},
): Promise<MigrationResult> {
  if (database.engine === "postgres") return migratePostgres(database, options);
  return Promise.resolve(migrate(database.raw, options));
}

/** Whether the schema is there at all (export-db refuses a PostgreSQL database that already holds tables). */
export async function postgresHasTables(database: PostgresDatabase): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
     ORDER BY table_name`.execute(database.db);
  return rows.rows.map((r) => r.table_name);
}
