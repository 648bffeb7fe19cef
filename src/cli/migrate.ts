import type { ParsedArgs } from "./args";
import { openData } from "./open-data";

export async function migrateCommand(args: ParsedArgs): Promise<void> {
  const { database, appliedMigrations, migrationBackup } = await openData(args.configFlags);
  if (migrationBackup) console.log(`Database copied to ${migrationBackup} before migrating.`);
  console.log(
    appliedMigrations.length === 0
      ? "Database is up to date."
      : `Applied ${appliedMigrations.length} migration(s): ${appliedMigrations.join(", ")}`,
  );
  await database.close();
}
