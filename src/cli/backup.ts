import { resolve } from "node:path";
import { backupDatabase } from "../db/maintenance";
import { type ParsedArgs, UsageError } from "./args";
import { openRuntime } from "./runtime";

export async function backupCommand(args: ParsedArgs): Promise<void> {
  const target = args.positionals[0];
  if (!target) throw new UsageError("usage: pinflow backup FILE");
  const { database } = openRuntime(args.configFlags);
  try {
    backupDatabase(database.raw, resolve(target));
    console.log(`Backup written to ${resolve(target)}`);
  } finally {
    await database.close();
  }
}
