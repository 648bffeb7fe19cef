import { createApp } from "../app";
import { buildDeps } from "../deps";
import { VERSION } from "../version";
import type { ParsedArgs } from "./args";
import { openRuntime } from "./runtime";

const SHUTDOWN_GRACE_MS = 10_000;

/** Listens, then starts the scheduler; on SIGINT/SIGTERM drains requests and jobs and exits 0. */
export async function serve(args: ParsedArgs): Promise<void> {
  const { config, log, database, masterSecret, appliedMigrations } = openRuntime(args.configFlags);
  if (appliedMigrations.length > 0) log.info("migrations applied", { migrations: appliedMigrations });
  const deps = buildDeps({ config, db: database.db, raw: database.raw, log, masterSecret });
  const app = createApp(deps);

  // Handlers go in before listening so a signal that arrives during start-up still shuts down cleanly.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const server = app.server;
    if (server) {
      await Promise.race([server.stop(false), Bun.sleep(SHUTDOWN_GRACE_MS).then(() => server.stop(true))]);
    }
    await deps.scheduler.stop(SHUTDOWN_GRACE_MS);
    await database.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  app.listen({ hostname: config.host, port: config.port });
  const server = app.server;
  if (!server) throw new Error("server did not start");
  if (config.publicUrl.endsWith(":0")) config.publicUrl = config.publicUrl.replace(/:0$/, `:${server.port}`);
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${server.port}`;
  log.info(`PinFlow ${VERSION} listening on ${url} (${config.mode} mode)`, {
    url,
    public_url: config.publicUrl,
    mode: config.mode,
    data_dir: config.dataDir,
  });
  if (config.mode === "emulator") {
    log.warn(
      "EMULATOR MODE: no Pinterest app is configured, so sign-in and publishing use the built-in demo Pinterest. Nothing reaches real Pinterest.",
    );
  }
  deps.scheduler.start();
}
