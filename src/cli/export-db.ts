/**
 * `pinflow export-db --to postgres://…`: the path from one machine to several. Copies the SQLite database of
 * the data folder (migrated first, with its usual copy before an upgrade) into an empty PostgreSQL database,
 * verified table by table by row counts. Uploads stay where they are (the folder, or a bucket), and the
 * master key must come along: every process on the PostgreSQL database needs PINFLOW_SECRET set to it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../config";
import { openDatabase, openPostgres } from "../db/database";
import { ExportError, exportToPostgres } from "../db/export";
import { migrate } from "../db/migrate";
import { type ParsedArgs, UsageError } from "./args";

const USAGE = "usage: pinflow export-db --to postgres://user:password@host:5432/database";

export async function exportDbCommand(args: ParsedArgs): Promise<void> {
  const to = args.options.to;
  if (!to || !/^postgres(ql)?:\/\//i.test(to) || args.positionals.length > 0) throw new UsageError(USAGE);
  // the SQLite side is the data folder's, whatever PINFLOW_DATABASE_URL says
  const config = parseConfig({ ...process.env, PINFLOW_DATABASE_URL: undefined }, args.configFlags);
  const file = join(config.dataDir, "pinflow.db");
  if (!existsSync(file)) throw new ExportError(`there is no database at ${file}: check --data-dir`);
  const source = openDatabase(file);
  const target = openPostgres(to, { max: 2 });
  try {
    const migrated = migrate(source.raw, { backupDir: join(config.dataDir, "backups") });
    if (migrated.applied.length > 0) console.log(`Migrated ${file} first: ${migrated.applied.join(", ")}`);
    const result = await exportToPostgres(source.raw, target, { log: (line) => console.log(line) });
    const rows = result.tables.reduce((n, t) => n + t.copied, 0);
    console.log(`Copied ${rows} rows in ${result.tables.length} tables; every table's count matches.`);
    console.log(
      `Next: on every PinFlow set PINFLOW_DATABASE_URL to the new database and PINFLOW_SECRET to the contents of ${join(config.dataDir, "secret.key")} (unless PINFLOW_SECRET is already set), and keep uploads/ where every process can read it.`,
    );
  } catch (err) {
    if (err instanceof ExportError) throw err;
    throw new ExportError(`export failed, nothing was committed: ${(err as Error).message}`);
  } finally {
    await target.close();
    await source.close();
  }
}
