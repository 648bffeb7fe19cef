#!/usr/bin/env bun
import { type ParsedArgs, parseCliArgs, UsageError } from "./cli/args";
import { backupCommand } from "./cli/backup";
import { emulatorCommand } from "./cli/emulator";
import { exportDbCommand } from "./cli/export-db";
import { healthcheckCommand } from "./cli/healthcheck";
import { helpText } from "./cli/help";
import { migrateCommand } from "./cli/migrate";
import { migrateStorageCommand, StorageCopyError } from "./cli/migrate-storage";
import { SecretFileError } from "./cli/secret";
import { serve } from "./cli/serve";
import { keysCommand, usersCommand } from "./cli/users";
/** CLI entry: `pinflow [serve|migrate|backup|…]`. Errors a user can fix print one line and exit 2. */
import { ConfigError } from "./config";
import { ExportError } from "./db/export";
import { BackupError } from "./db/maintenance";
import { MigrationError } from "./db/migrate";
import { VERSION } from "./version";

const COMMANDS: Record<string, { usage: string; summary: string; run(args: ParsedArgs): Promise<void> }> = {
  serve: { usage: "serve", summary: "Run the server, scheduler and dashboard (the default)", run: serve },
  migrate: { usage: "migrate", summary: "Apply pending database migrations and exit", run: migrateCommand },
  users: {
    usage: "users list|approve|suspend|set USER",
    summary: "Manage users (set: --plan P --daily-limit N --admin true|false)",
    run: usersCommand,
  },
  keys: {
    usage: "keys create --user USER --name LABEL",
    summary: "Create an API key for a user and print its secret once",
    run: keysCommand,
  },
  emulator: {
    usage: "emulator [--port N] [--data-dir D]",
    summary: "Run the Pinterest emulator alone (default 127.0.0.1:8090; also --host H, --redirect-uri URLS)",
    run: emulatorCommand,
  },
  "migrate-storage": {
    usage: "migrate-storage",
    summary:
      "Copy <data-dir>/uploads into the S3 bucket (PINFLOW_S3_*); files already there with the same size are skipped",
    run: migrateStorageCommand,
  },
  backup: {
    usage: "backup FILE | FOLDER/ [--keep N]",
    summary:
      "Consistent copy of the database, safe while serving (into FOLDER/ as pinflow-<time>.db, keeping the N newest)",
    run: backupCommand,
  },
  "export-db": {
    usage: "export-db --to postgres://…",
    summary:
      "Copy this data folder's SQLite database into an empty PostgreSQL database, verified by row counts",
    run: exportDbCommand,
  },
  healthcheck: {
    usage: "healthcheck",
    summary: "Ask the running server for /health on this machine: exit 0 when healthy, 1 otherwise",
    run: healthcheckCommand,
  },
};

const USER_ERRORS = [
  ConfigError,
  UsageError,
  MigrationError,
  SecretFileError,
  BackupError,
  ExportError,
  StorageCopyError,
];

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv);
  if (args.options.version) return void console.log(VERSION);
  if (args.options.help || args.command === "help")
    return void console.log(helpText(Object.values(COMMANDS)));
  const command = COMMANDS[args.command];
  if (!command) throw new UsageError(`unknown command "${args.command}" (see pinflow --help)`);
  await command.run(args);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (USER_ERRORS.some((E) => err instanceof E)) {
    console.error(`pinflow: ${(err as Error).message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
