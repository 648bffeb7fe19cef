import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BackupError,
  backupDatabase,
  backupIntoFolder,
  backupTimestamp,
  ROTATED_BACKUP,
} from "./maintenance";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 7, 3, 15, 0, 7);

function database() {
  const raw = new Database(":memory:");
  raw.run("CREATE TABLE t (v TEXT)");
  raw.run("INSERT INTO t VALUES ('kept')");
  return raw;
}

describe("backups", () => {
  test("timestamps sort in time order as text and match the rotated name pattern", () => {
    expect(backupTimestamp(T0)).toBe("20261207T031500.007Z");
    expect(backupTimestamp(T0 + 1) > backupTimestamp(T0)).toBe(true);
    expect(ROTATED_BACKUP.test(`pinflow-${backupTimestamp(T0)}.db`)).toBe(true);
    expect(ROTATED_BACKUP.test(`pinflow-${backupTimestamp(T0)}-before-0002_x.db`)).toBe(false);
  });

  test("a backup into a folder creates it and writes a readable copy named by the time", () => {
    const folder = join(mkdtempSync(join(tmpdir(), "pinflow-backup-")), "nested", "backups");
    const { path, removed } = backupIntoFolder(database(), folder, T0);
    expect(path).toBe(join(folder, "pinflow-20261207T031500.007Z.db"));
    expect(removed).toEqual([]);
    expect(new Database(path, { readonly: true }).query("SELECT v FROM t").all()).toEqual([{ v: "kept" }]);
  });

  test("--keep N leaves the N newest rotated copies and never touches pre-migration copies or other files", () => {
    const folder = mkdtempSync(join(tmpdir(), "pinflow-backup-"));
    const raw = database();
    for (let day = 0; day < 4; day++) backupIntoFolder(raw, folder, T0 + day * DAY);
    const beforeMigration = `pinflow-${backupTimestamp(T0 - DAY)}-before-0002_x.db`;
    writeFileSync(join(folder, beforeMigration), "");
    writeFileSync(join(folder, "notes.txt"), "mine");
    const { removed } = backupIntoFolder(raw, folder, T0 + 4 * DAY, 2);
    expect(removed.map((p) => p.slice(folder.length + 1))).toEqual([
      `pinflow-${backupTimestamp(T0 + 2 * DAY)}.db`,
      `pinflow-${backupTimestamp(T0 + DAY)}.db`,
      `pinflow-${backupTimestamp(T0)}.db`,
    ]);
    expect(readdirSync(folder).sort()).toEqual(
      [
        beforeMigration,
        "notes.txt",
        `pinflow-${backupTimestamp(T0 + 3 * DAY)}.db`,
        `pinflow-${backupTimestamp(T0 + 4 * DAY)}.db`,
      ].sort(),
    );
  });

  test("the copy just written is kept even when the clock went backwards", () => {
    const folder = mkdtempSync(join(tmpdir(), "pinflow-backup-"));
    const raw = database();
    backupIntoFolder(raw, folder, T0 + DAY);
    const { path } = backupIntoFolder(raw, folder, T0, 1);
    expect(readdirSync(folder)).toEqual([path.slice(folder.length + 1)]);
  });

  test("an existing file is never overwritten", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinflow-backup-"));
    writeFileSync(join(dir, "copy.db"), "precious");
    expect(() => backupDatabase(database(), join(dir, "copy.db"))).toThrow(BackupError);
  });
});
