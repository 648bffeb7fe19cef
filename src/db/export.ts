/**
 * `pinflow export-db --to postgres://…`: copies a SQLite database into an empty PostgreSQL one. The target is
 * migrated to the same schema first, then every table is copied in an order that satisfies its foreign keys,
 * inside one transaction that commits only when each table's row count matches the source (and identity
 * sequences are moved past the copied ids, so the next row gets a fresh one). A failure leaves the target
 * as it was after migrating: empty tables.
 */
import type { Database } from "bun:sqlite";
import { sql } from "kysely";
import type { PostgresDatabase } from "./database";
import { migratePostgres, postgresHasTables } from "./migrate";

/**
 * Every table, parents before children. users.selected_profile_id points forward at profiles: users go in
 * without it, and it is set once profiles are in. A table missing here stops the export (export.test.ts
 * checks the list against the migrations).
 */
export const EXPORT_ORDER = [
  "plans",
  "users",
  "profiles",
  "sessions",
  "oauth_states",
  "api_keys",
  "usage",
  "pins",
  "collections",
  "collection_pins",
  "uploads",
  "webhooks",
  "webhook_deliveries",
  "idempotency_keys",
  "feeds",
  "feed_items",
  "pin_videos",
  "pin_metrics",
  "account_metrics",
  "analytics_sync",
  "job_runs",
  "rate_counters",
  "change_events",
] as const;

/** Tables whose `id` is an identity column on PostgreSQL (its sequence is set past the copied ids). */
const IDENTITY_TABLES = [
  "users",
  "profiles",
  "sessions",
  "api_keys",
  "pins",
  "collections",
  "uploads",
  "webhooks",
  "webhook_deliveries",
  "feeds",
  "feed_items",
  "change_events",
];

/** Tables with PinFlow's own triggers (queue_version, the change feed): off while their rows are copied. */
const TRIGGERED_TABLES = ["pins", "profiles", "users"];

const BATCH = 500;

export class ExportError extends Error {}

export interface ExportResult {
  tables: Array<{ table: string; source: number; copied: number }>;
}

export function sqliteTables(raw: Database): string[] {
  return raw
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .all()
    .map((r) => r.name);
}

export async function exportToPostgres(
  raw: Database,
  target: PostgresDatabase,
  opts: { log?: (line: string) => void } = {},
): Promise<ExportResult> {
  const log = opts.log ?? (() => {});
  const unknown = sqliteTables(raw).filter((t) => !(EXPORT_ORDER as readonly string[]).includes(t));
  if (unknown.length > 0) throw new ExportError(`do not know how to copy table(s) ${unknown.join(", ")}`);
  const existing = await postgresHasTables(target);
  if (existing.length > 0) {
    throw new ExportError(
      `the PostgreSQL database is not empty (it has ${existing.slice(0, 5).join(", ")}${existing.length > 5 ? ", …" : ""}): export into a new, empty database`,
    );
  }
  await migratePostgres(target);
  const tables: ExportResult["tables"] = [];
  await target.db.transaction().execute(async (trx) => {
    // the copy brings each profile's queue_version and the change feed as they were: the triggers on pins,
    // profiles and users must not bump the one nor add to the other
    for (const table of TRIGGERED_TABLES)
      await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(trx);
    // the migration seeded the plans; the source's (edited by its admins) replace them
    await sql`DELETE FROM plans`.execute(trx);
    const selectedProfiles: Array<{ id: number; selected_profile_id: number }> = [];
    for (const table of EXPORT_ORDER) {
      const source = Number(
        raw.query<{ n: number }, []>(`SELECT count(*) AS n FROM "${table}"`).get()?.n ?? 0,
      );
      const insert = async (batch: Array<Record<string, unknown>>) => {
        if (batch.length === 0) return;
        await trx
          .insertInto(table as never)
          .values(batch as never)
          .execute();
      };
      let batch: Array<Record<string, unknown>> = [];
      // iterate, not LIMIT/OFFSET: some tables are WITHOUT ROWID, and one pass reads each row once
      for (const row of raw.query<Record<string, unknown>, []>(`SELECT * FROM "${table}"`).iterate()) {
        if (table === "users" && row.selected_profile_id !== null) {
          selectedProfiles.push({
            id: row.id as number,
            selected_profile_id: row.selected_profile_id as number,
          });
          row.selected_profile_id = null;
        }
        batch.push(row);
        if (batch.length >= BATCH) {
          await insert(batch);
          batch = [];
        }
      }
      await insert(batch);
      if (table === "profiles") {
        for (const u of selectedProfiles) {
          await sql`UPDATE users SET selected_profile_id = ${u.selected_profile_id} WHERE id = ${u.id}`.execute(
            trx,
          );
        }
      }
      const counted = Number(
        (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx)).rows[0]?.n ??
          0,
      );
      tables.push({ table, source, copied: counted });
      log(`${table}: ${counted} of ${source} rows`);
      if (counted !== source) {
        throw new ExportError(`${table}: copied ${counted} rows of ${source}; nothing was committed`);
      }
    }
    for (const table of IDENTITY_TABLES) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
        trx,
      );
    }
    for (const table of TRIGGERED_TABLES)
      await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(trx);
  });
  return { tables };
}
