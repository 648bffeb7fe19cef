import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Config, parseConfig } from "../config";
import { type OpenDatabase, openDatabase, openPostgres } from "../db/database";
import { type MigrateOptions, type MigrationResult, migrateDatabase } from "../db/migrate";
import { createLogger, type Logger } from "../shared/log";
import { resolveMasterSecret } from "./secret";

export interface Runtime {
  config: Config;
  log: Logger;
  database: OpenDatabase;
  masterSecret: string;
  appliedMigrations: string[];
  /** The copy of the database taken before migrating it, if one was. */
  migrationBackup: string | null;
}

/** The configured database: PostgreSQL when PINFLOW_DATABASE_URL is set, else <data-dir>/pinflow.db. */
export function openConfiguredDatabase(config: Config): OpenDatabase {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : openDatabase(join(config.dataDir, "pinflow.db"));
}

/** What every command that touches data needs: parsed config, the data folder, the key and a migrated DB. */
export async function openData(
  configFlags: Record<string, string | undefined>,
  options: Pick<MigrateOptions, "migrations"> = {},
): Promise<Runtime> {
  const config = parseConfig(process.env, configFlags);
  const log = createLogger({ level: config.logLevel });
  mkdirSync(join(config.dataDir, "uploads"), { recursive: true, mode: 0o700 });
  const masterSecret = resolveMasterSecret(config.secret, config.dataDir);
  const database = openConfiguredDatabase(config);
  let result: MigrationResult;
  try {
    result = await migrateDatabase(database, { ...options, backupDir: join(config.dataDir, "backups") });
  } catch (err) {
    await database.close();
    throw err;
  }
  if (result.backup) log.info("database copied before migrating", { backup: result.backup });
  return {
    config,
    log,
    database,
    masterSecret,
    appliedMigrations: result.applied,
    migrationBackup: result.backup,
  };
}
