import type { Database } from "bun:sqlite";
import { existsSync } from "node:fs";

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
