/**
 * Applies migrations/*.sql in registry order. Each file runs with raw.exec() (bun:sqlite's prepare
 * would silently run only the first statement) inside its own transaction together with the row
 * that records it, so a crash leaves either the whole migration or none of it.
 * An existing database is copied aside before the first pending migration touches it, so an upgrade
 * can always be undone by putting the old binary and that copy back.
 */
import type { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { MIGRATIONS } from "../../migrations/index";
import { VERSION } from "../version";
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
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...done].filter((name) => !known.has(name)).sort();
  if (unknown.length > 0) {
    const file = raw.filename && raw.filename !== ":memory:" ? raw.filename : "the database";
    throw new MigrationError(
      `${file} was written by a newer PinFlow (it has migration ${unknown.join(", ")}, unknown to PinFlow ${VERSION}): run that version or newer, or restore the copy taken before the upgrade (backups/pinflow-*-before-*.db in the data folder)`,
    );
  }
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
