import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Config, parseConfig } from "../config";
import { type OpenDatabase, openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { resolveMasterSecret } from "../secret";
import { createLogger, type Logger } from "../shared/log";

export interface Runtime {
  config: Config;
  log: Logger;
  database: OpenDatabase;
  masterSecret: string;
  appliedMigrations: string[];
}

/** What every command that touches data needs: parsed config, the data folder, the key and a migrated DB. */
export function openRuntime(configFlags: Record<string, string | undefined>): Runtime {
  const config = parseConfig(process.env, configFlags);
  const log = createLogger({ level: config.logLevel });
  mkdirSync(join(config.dataDir, "uploads"), { recursive: true, mode: 0o700 });
  const masterSecret = resolveMasterSecret(config.secret, config.dataDir);
  const database = openDatabase(join(config.dataDir, "pinflow.db"));
  const { applied } = migrate(database.raw);
  return { config, log, database, masterSecret, appliedMigrations: applied };
}
