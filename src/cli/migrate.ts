import type { ParsedArgs } from "./args";
import { openRuntime } from "./runtime";

export async function migrateCommand(args: ParsedArgs): Promise<void> {
  const { database, appliedMigrations } = openRuntime(args.configFlags);
  console.log(
    appliedMigrations.length === 0
      ? "Database is up to date."
      : `Applied ${appliedMigrations.length} migration(s): ${appliedMigrations.join(", ")}`,
  );
  await database.close();
}
