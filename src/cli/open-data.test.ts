import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqliteDatabase } from "../db/database";
import { openData } from "./open-data";

const A = { name: "0001_a", sql: "CREATE TABLE a (id INTEGER);" };
const B = { name: "0002_b", sql: "ALTER TABLE a ADD COLUMN note TEXT;" };

describe("opening the data folder", () => {
  test("an upgrade copies the existing database into <data>/backups before migrating it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pinflow-runtime-"));
    const flags = { "data-dir": dataDir };
    const first = await openData(flags, { migrations: [A] });
    expect(first.migrationBackup).toBeNull();
    (first.database as SqliteDatabase).raw.run("INSERT INTO a (id) VALUES (7)");
    await first.database.close();

    const upgraded = await openData(flags, { migrations: [A, B] });
    expect(upgraded.appliedMigrations).toEqual(["0002_b"]);
    const backups = readdirSync(join(dataDir, "backups"));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^pinflow-\d{8}T\d{6}\.\d{3}Z-before-0002_b\.db$/);
    expect(upgraded.migrationBackup).toBe(join(dataDir, "backups", backups[0] as string));
    await upgraded.database.close();

    const copy = new Database(join(dataDir, "backups", backups[0] as string), { readonly: true });
    expect(copy.query("SELECT * FROM a").all()).toEqual([{ id: 7 }]);
    copy.close();
  });
});
