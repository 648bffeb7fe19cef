import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS } from "../../migrations/index";
import { openDatabase } from "./database";
import { MigrationError, migrate } from "./migrate";

const columns = (raw: Database, table: string) =>
  raw
    .query<{ name: string }, []>(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => c.name);

describe("migrations", () => {
  test("the registry lists every .sql file in migrations/ exactly once, in order of their numbers", () => {
    const files = readdirSync(new URL("../../migrations/", import.meta.url))
      .filter((f) => f.endsWith(".sql"))
      .map((f) => f.replace(/\.sql$/, ""))
      .sort();
    const names = MIGRATIONS.map((m) => m.name);
    expect(names).toEqual(files);
    expect(new Set(names).size).toBe(names.length);
    // numbered NNNN_, ascending; a number may be missing while the branches that hold it are not merged yet
    const numbers = names.map((name) => Number(/^(\d{4})_/.exec(name)?.[1] ?? Number.NaN));
    expect(numbers.every((n, i) => n > 0 && (i === 0 || n > (numbers[i - 1] as number)))).toBe(true);
  });

  test("every migration applies to an empty in-memory database with foreign keys on", () => {
    const { raw } = openDatabase(":memory:");
    const result = migrate(raw);
    expect(result.applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(raw.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()?.foreign_keys).toBe(1);
    expect(raw.query<{ c: number }, []>("SELECT count(*) AS c FROM pragma_foreign_key_check").get()?.c).toBe(
      0,
    );
  });

  test("0002 gives uploads that existed before it their creation time as last use", () => {
    const { raw } = openDatabase(":memory:");
    migrate(raw, { migrations: MIGRATIONS.slice(0, 1) });
    raw.run("INSERT INTO users (id, pinterest_user_id, username, created_at) VALUES (1, 'p1', 'u', 0)");
    raw.run(
      "INSERT INTO uploads (user_id, file_name, content_type, size_bytes, created_at) VALUES (1, 'a.png', 'image/png', 3, 1234)",
    );
    expect(migrate(raw).applied).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
    expect(raw.query("SELECT created_at, last_used_at FROM uploads").get()).toEqual({
      created_at: 1234,
      last_used_at: 1234,
    });
  });

  test("running it again applies nothing", () => {
    const { raw } = openDatabase(":memory:");
    migrate(raw);
    expect(migrate(raw).applied).toEqual([]);
  });

  test("the schema has every table and the columns the code relies on", () => {
    const { raw } = openDatabase(":memory:");
    migrate(raw);
    const tables = raw
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    for (const t of [
      "api_keys",
      "collection_pins",
      "collections",
      "idempotency_keys",
      "oauth_states",
      "pins",
      "plans",
      "profiles",
      "sessions",
      "uploads",
      "usage",
      "users",
      "webhook_deliveries",
      "webhooks",
      "feeds",
      "feed_items",
      "pin_metrics",
      "account_metrics",
      "analytics_sync",
    ]) {
      expect(tables).toContain(t);
    }
    expect(columns(raw, "pins")).toEqual(
      expect.arrayContaining([
        "user_id",
        "profile_id",
        "board_id",
        "status",
        "scheduled_at",
        "retry_count",
        "sort_order",
        "next_attempt_at",
        "publish_started_at",
        "updated_at",
      ]),
    );
    expect(columns(raw, "uploads")).toEqual([
      "id",
      "user_id",
      "file_name",
      "content_type",
      "size_bytes",
      "original_name",
      "created_at",
      "last_used_at",
      "duration_ms",
      "width",
      "height",
    ]);
    // src/db/schema.ts names exactly these columns (the types are checked by tsc against the code using them)
    expect(columns(raw, "feeds")).toEqual([
      "id",
      "user_id",
      "profile_id",
      "board_id",
      "url",
      "mode",
      "backfill",
      "is_active",
      "paused_reason",
      "title",
      "format",
      "etag",
      "last_modified",
      "seeded",
      "next_poll_at",
      "polling_since",
      "last_polled_at",
      "last_success_at",
      "last_status",
      "last_error",
      "failures",
      "created_at",
      "updated_at",
    ]);
    expect(columns(raw, "feed_items")).toEqual([
      "id",
      "feed_id",
      "item_key",
      "title",
      "link",
      "published_at",
      "outcome",
      "pin_id",
      "note",
      "seen_at",
    ]);
    const plans = raw.query("SELECT name, monthly_pin_limit, bulk_allowed FROM plans ORDER BY name").all();
    expect(plans).toEqual([
      { name: "growth", monthly_pin_limit: 1000, bulk_allowed: 1 },
      { name: "pro", monthly_pin_limit: null, bulk_allowed: 1 },
      { name: "starter", monthly_pin_limit: 200, bulk_allowed: 0 },
    ]);
  });

  test("the due-pin query is served by an index, not a table scan", () => {
    const { raw } = openDatabase(":memory:");
    migrate(raw);
    const plan = (q: string) =>
      raw
        .query<{ detail: string }, []>(`EXPLAIN QUERY PLAN ${q}`)
        .all()
        .map((r) => r.detail)
        .join(" | ");
    expect(plan("SELECT id FROM pins WHERE status = 'scheduled' AND scheduled_at <= 5")).toContain(
      "pins_due_scheduled",
    );
    expect(plan("SELECT id FROM pins WHERE status = 'queued' ORDER BY sort_order, id")).toContain(
      "pins_due_queued",
    );
    expect(plan("SELECT id FROM pins WHERE user_id = 1 AND status = 'draft' ORDER BY id")).toContain(
      "pins_user_status",
    );
  });

  test("a failing migration leaves nothing behind and is not recorded", () => {
    const raw = new Database(":memory:");
    const broken = [
      { name: "0001_broken", sql: "CREATE TABLE a (id INTEGER); CREATE TABLE a (id INTEGER);" },
    ];
    expect(() => migrate(raw, { migrations: broken })).toThrow();
    expect(raw.query("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
    expect(raw.query("SELECT * FROM schema_migrations").all()).toEqual([]);
  });

  test("a database written by a newer PinFlow is refused with one line naming the file and the way back", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinflow-migrate-"));
    const raw = new Database(join(dir, "pinflow.db"));
    migrate(raw, { migrations: [A, B] });
    let error: unknown;
    try {
      migrate(raw, { migrations: [A] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MigrationError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toStartWith(`${join(dir, "pinflow.db")} was written by a newer PinFlow`);
    expect(message).toContain("0002_b");
    expect(message).toContain("backups/pinflow-*-before-*.db");
  });

  test("an existing database is copied aside before a pending migration runs, and the copy is the old schema", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinflow-migrate-"));
    const raw = new Database(join(dir, "pinflow.db"));
    const backupDir = join(dir, "backups");
    migrate(raw, { migrations: [A], backupDir });
    raw.run("INSERT INTO a (id) VALUES (42)");
    const now = () => Date.UTC(2026, 11, 7, 20, 45, 12, 345);
    const result = migrate(raw, { migrations: [A, B, C], backupDir, now });
    expect(result.applied).toEqual(["0002_b", "0003_c"]);
    expect(result.backup).toBe(join(backupDir, "pinflow-20261207T204512.345Z-before-0002_b.db"));
    expect(readdirSync(backupDir)).toEqual(["pinflow-20261207T204512.345Z-before-0002_b.db"]);
    const copy = new Database(result.backup as string, { readonly: true });
    expect(copy.query("SELECT id FROM a").all()).toEqual([{ id: 42 }]);
    expect(copy.query("SELECT name FROM schema_migrations").all()).toEqual([{ name: "0001_a" }]);
    expect(copy.query("SELECT name FROM sqlite_master WHERE name = 'c'").all()).toEqual([]);
    copy.close();
    expect(raw.query("SELECT name FROM sqlite_master WHERE name = 'c'").all()).toEqual([{ name: "c" }]);
  });

  test("no copy is taken of a new database, of an up-to-date one, or without a backup folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinflow-migrate-"));
    const backupDir = join(dir, "backups");
    const raw = new Database(join(dir, "pinflow.db"));
    expect(migrate(raw, { migrations: [A, B], backupDir }).backup).toBeNull();
    expect(migrate(raw, { migrations: [A, B], backupDir }).backup).toBeNull();
    expect(migrate(raw, { migrations: [A, B, C] }).backup).toBeNull();
    expect(existsSync(backupDir)).toBe(false);
  });

  test("when the copy cannot be written the migration does not run", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinflow-migrate-"));
    const raw = new Database(join(dir, "pinflow.db"));
    migrate(raw, { migrations: [A] });
    writeFileSync(join(dir, "backups"), "a file where the folder should be");
    expect(() => migrate(raw, { migrations: [A, B, C], backupDir: join(dir, "backups") })).toThrow(
      MigrationError,
    );
    expect(raw.query("SELECT name FROM schema_migrations").all()).toEqual([{ name: "0001_a" }]);
  });
});

const A = { name: "0001_a", sql: "CREATE TABLE a (id INTEGER);" };
const B = { name: "0002_b", sql: "CREATE TABLE b (id INTEGER);" };
const C = { name: "0003_c", sql: "CREATE TABLE c (id INTEGER);" };
