import type { Database } from "bun:sqlite";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Lets SQLite refresh its query-planner statistics; cheap, and recommended to run periodically. */
export function optimizeDatabase(raw: Database): void {
  raw.run("PRAGMA optimize");
}

export class BackupError extends Error {}

/**
 * A consistent copy of the live database (VACUUM INTO works while other connections read and write).
 * Refuses to overwrite an existing file.
 */
export function backupDatabase(raw: Database, target: string): void {
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name`);
  raw.query("VACUUM INTO ?").run(target);
}

/** `20261207T204512.345Z`: sorts in time order as text and is safe in a file name. */
export function backupTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "");
}

/** Names of the copies `pinflow backup FOLDER` writes (and `--keep` rotates). */
export const ROTATED_BACKUP = /^pinflow-\d{8}T\d{6}\.\d{3}Z\.db$/;

/**
 * Writes `<folder>/pinflow-<timestamp>.db` (folder created, owner-only) and returns its path.
 * With `keep`, only the `keep` newest copies of that name pattern stay: other files in the folder, such
 * as the copies taken before a migration (`pinflow-<timestamp>-before-<migration>.db`), are never removed.
 */
export function backupIntoFolder(
  raw: Database,
  folder: string,
  now: number,
  keep?: number,
): { path: string; removed: string[] } {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const name = `pinflow-${backupTimestamp(now)}.db`;
  const path = join(folder, name);
  backupDatabase(raw, path);
  const removed: string[] = [];
  if (keep !== undefined) {
    const older = readdirSync(folder)
      .filter((f) => ROTATED_BACKUP.test(f) && f !== name)
      .sort()
      .reverse();
    // The copy just written always counts as one of the kept, even if the clock went backwards.
    for (const old of older.slice(Math.max(keep - 1, 0))) {
      rmSync(join(folder, old));
      removed.push(join(folder, old));
    }
  }
  return { path, removed };
}
