/**
 * `pinflow backup FILE` writes one consistent copy of the database; `pinflow backup FOLDER/ [--keep N]`
 * writes `FOLDER/pinflow-<timestamp>.db` and keeps the N newest of those (the daily timer's form).
 * The database is copied as it is: no migration runs, no key or folder is created.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseConfig } from "../config";
import { openDatabase } from "../db/database";
import { BackupError, backupDatabase, backupIntoFolder } from "../db/maintenance";
import { systemClock } from "../shared/clock";
import { type ParsedArgs, UsageError } from "./args";

const USAGE = "usage: pinflow backup FILE | pinflow backup FOLDER/ [--keep N]";

export async function backupCommand(args: ParsedArgs): Promise<void> {
  const target = args.positionals[0];
  if (!target || args.positionals.length > 1) throw new UsageError(USAGE);
  const keep = parseKeep(args.options.keep);
  const path = resolve(target);
  const intoFolder = target.endsWith("/") || (existsSync(path) && statSync(path).isDirectory());
  if (keep !== undefined && !intoFolder) {
    throw new UsageError(`--keep rotates copies in a folder: give a folder ending in / (${USAGE})`);
  }
  const config = parseConfig(process.env, args.configFlags);
  if (config.databaseUrl) {
    throw new BackupError(
      'the data is in PostgreSQL (PINFLOW_DATABASE_URL): back it up with pg_dump, e.g. pg_dump -Fc "$PINFLOW_DATABASE_URL" > pinflow.dump',
    );
  }
  const file = join(config.dataDir, "pinflow.db");
  if (!existsSync(file)) throw new BackupError(`there is no database at ${file}: check --data-dir`);
  const database = openDatabase(file);
  try {
    if (!intoFolder) {
      backupDatabase(database.raw, path);
      console.log(`Backup written to ${path}`);
      return;
    }
    const written = backupIntoFolder(database.raw, path, systemClock.now(), keep);
    console.log(`Backup written to ${written.path}`);
    for (const old of written.removed) console.log(`Removed old backup ${old}`);
  } finally {
    await database.close();
  }
}

function parseKeep(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError("--keep takes a whole number ≥ 1");
  return Number(value);
}
