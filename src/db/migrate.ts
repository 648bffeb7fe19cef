/**
 * Applies migrations/*.sql in registry order. Each file runs with raw.exec() (bun:sqlite's prepare
 * would silently run only the first statement) inside its own transaction together with the row
 * that records it, so a crash leaves either the whole migration or none of it.
 */
import type { Database } from "bun:sqlite";
import { MIGRATIONS } from "../../migrations/index";

export interface MigrationResult {
  applied: string[];
  total: number;
}

export class MigrationError extends Error {}

export function migrate(
  raw: Database,
  migrations: ReadonlyArray<{ name: string; sql: string }> = MIGRATIONS,
  now: () => number = Date.now,
): MigrationResult {
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
  const unknown = [...done].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      `The database has migrations this PinFlow does not know (${unknown.join(", ")}): it was written by a newer version.`,
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    raw.transaction(() => {
      raw.exec(m.sql);
      raw.query("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(m.name, now());
    })();
    applied.push(m.name);
  }
  return { applied, total: migrations.length };
}
