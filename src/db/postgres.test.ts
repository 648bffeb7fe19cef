/**
 * PostgreSQL's side of the schema (PostgreSQL only: these tests need the pass that starts the server):
 * the twins in migrations/postgres/ end where SQLite's migrations end, and `pinflow export-db` carries a
 * SQLite database over whole.
 */
import { describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { MIGRATIONS, postgresTwinNames } from "../../migrations/index";
import { pinSetup } from "../testing/pin-setup";
import { emptyTestPostgres } from "../testing/postgres";
import { createTestApp, TEST_ENGINE } from "../testing/test-app";
import { openDatabase } from "./database";
import { EXPORT_ORDER, ExportError, exportToPostgres, sqliteTables } from "./export";
import { MigrationError, migrate, migratePostgres } from "./migrate";

const sqliteSchema = () => {
  const { raw } = openDatabase(":memory:");
  migrate(raw);
  const schema: Record<string, Array<{ name: string; notnull: boolean; pk: boolean }>> = {};
  for (const table of sqliteTables(raw)) {
    schema[table] = raw
      .query<{ name: string; notnull: number; pk: number }, []>(`PRAGMA table_info(${table})`)
      .all()
      .map((c) => ({ name: c.name, notnull: c.notnull === 1 || c.pk > 0, pk: c.pk > 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const indexes = raw
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )
    .all()
    .map((r) => r.name);
  return { schema, indexes };
};

describe.skipIf(TEST_ENGINE !== "postgres")("PostgreSQL's schema and export-db (PostgreSQL only)", () => {
  test("every landed migration that must differ has its twin; the others are shared as written", () => {
    for (const name of postgresTwinNames()) expect(MIGRATIONS.map((m) => m.name)).toContain(name);
    expect(postgresTwinNames()).not.toContain("0009_several_processes");
  });

  test("both engines end with the same tables, columns, NOT NULLs, primary keys and named indexes", async () => {
    const { database } = await emptyTestPostgres();
    await migratePostgres(database);
    const columns = await sql<{
      table_name: string;
      column_name: string;
      is_nullable: string;
      data_type: string;
    }>`SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`.execute(database.db);
    const pks = await sql<{ table_name: string; column_name: string }>`
      SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
       WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()`.execute(database.db);
    const pkSet = new Set(pks.rows.map((r) => `${r.table_name}.${r.column_name}`));
    const pg: Record<string, Array<{ name: string; notnull: boolean; pk: boolean }>> = {};
    for (const c of columns.rows) {
      const table = pg[c.table_name] ?? [];
      pg[c.table_name] = table;
      table.push({
        name: c.column_name,
        notnull: c.is_nullable === "NO",
        pk: pkSet.has(`${c.table_name}.${c.column_name}`),
      });
    }
    for (const t of Object.values(pg)) t.sort((a, b) => a.name.localeCompare(b.name));
    const sqlite = sqliteSchema();
    expect(pg).toEqual(sqlite.schema);
    // every integer is a BIGINT on PostgreSQL: epoch milliseconds do not fit an int4
    expect(columns.rows.filter((c) => c.data_type === "integer")).toEqual([]);
    const pgIndexes = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey'
        AND indexname NOT LIKE '%_key' ORDER BY indexname`.execute(database.db);
    expect(pgIndexes.rows.map((r) => r.indexname)).toEqual(sqlite.indexes);
  });

  test("a failing PostgreSQL migration leaves nothing behind and is not recorded", async () => {
    const { database } = await emptyTestPostgres();
    const bad = [{ name: "0001_bad", sql: "CREATE TABLE a (id BIGINT); CREATE TABLE a (id BIGINT);" }];
    await expect(migratePostgres(database, { migrations: bad })).rejects.toThrow(MigrationError);
    const tables = await sql<{ n: number }>`
      SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'a'`.execute(
      database.db,
    );
    expect(tables.rows[0]?.n).toBe(0);
    expect((await migratePostgres(database, { migrations: [] })).applied).toEqual([]);
  });

  test("export-db copies a SQLite database whole: every table's rows, the pins as the API shows them, and new ids follow", async () => {
    const s = await pinSetup({ engine: "sqlite" });
    const made = [];
    for (let i = 0; i < 12; i++)
      made.push(await s.createOk({ title: `pin ${i}`, status: i % 3 ? undefined : "draft" }));
    await s.as("/collections", { method: "POST", json: { name: "Best" } });
    s.t.clock.advance(1000);
    await s.t.publisher.tick();
    await s.t.publisher.settled();
    const before = await (await s.as("/pins?limit=100")).json();

    const { database } = await emptyTestPostgres();
    const lines: string[] = [];
    const result = await exportToPostgres(s.t.raw, database, { log: (l) => lines.push(l) });
    expect(result.tables.map((t) => t.table)).toEqual([...EXPORT_ORDER]);
    for (const t of result.tables) expect(t.copied).toBe(t.source);
    expect(result.tables.find((t) => t.table === "pins")?.copied).toBe(12);
    expect(lines).toContain("pins: 12 of 12 rows");

    // the same PinFlow on the copy: the same pins, and a new one takes the next id
    const onPg = createTestApp({ database, now: s.t.clock.now() });
    const after = await (await onPg.request("/pins?limit=100", { headers: s.key })).json();
    expect(after).toEqual(before);
    const next = await onPg.request("/pins", {
      method: "POST",
      json: { board_id: s.board, media_url: "https://example.com/a.jpg" },
      headers: s.key,
    });
    expect(next.status).toBe(201);
    expect((await next.json()).id).toBe(Math.max(...made.map((p) => p.id)) + 1);
  });

  test("export-db refuses a PostgreSQL database that is not empty, and changes nothing there", async () => {
    const s = await pinSetup({ engine: "sqlite" });
    const { database } = await emptyTestPostgres();
    await sql`CREATE TABLE keep_me (id BIGINT)`.execute(database.db);
    await expect(exportToPostgres(s.t.raw, database)).rejects.toThrow(ExportError);
    await expect(exportToPostgres(s.t.raw, database)).rejects.toThrow(/not empty \(it has keep_me\)/);
  });
});
