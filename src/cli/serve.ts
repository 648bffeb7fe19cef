import { join } from "node:path";
import type { Server } from "bun";
import { type App, createApp } from "../app";
import { type Config, withPort } from "../config";
import { buildDeps } from "../deps";
import { closeStreams } from "../events/events.service";
import { underBasePath } from "../http/base-path";
import { BUN_LIMITS, raiseBunHeaderLimit } from "../http/limits";
import { createRuntime } from "../runtime";
import { VERSION } from "../version";
import { releaseInterruptedDeliveries } from "../webhooks/webhooks.service";
import type { ParsedArgs } from "./args";
import { openData } from "./open-data";

/** Each shutdown stage (HTTP drain, scheduler, in-flight publishes) gets this long; deploy/ allows for all three. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Listens, then starts the scheduler; on SIGINT/SIGTERM drains requests and jobs and exits 0. */
export async function serve(args: ParsedArgs): Promise<void> {
  const runtime = await openData(args.configFlags);
  const { log, database, masterSecret, appliedMigrations } = runtime;
  if (appliedMigrations.length > 0) log.info("migrations applied", { migrations: appliedMigrations });
  // Port 0 is resolved first, so every URL built from the config (OAuth redirect, uploads) is final.
  const config =
    runtime.config.port === 0 ? withPort(runtime.config, freePort(runtime.config.host)) : runtime.config;
  const deps = buildDeps({
    config,
    db: database.db,
    log,
    masterSecret,
    emulatorStatePath: join(config.dataDir, "emulator.db"),
  });
  const { publisher, scheduler } = createRuntime({ deps, optimizeDatabase: database.optimize });
  const app = createApp({ deps, publisher, scheduler });

  // Handlers go in before listening so a signal that arrives during start-up still shuts down cleanly.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const server = app.server;
    // Event streams never end by themselves: end them, or the drain below would wait its whole grace time.
    closeStreams(deps);
    if (server) {
      await Promise.race([server.stop(false), Bun.sleep(SHUTDOWN_GRACE_MS).then(() => server.stop(true))]);
    }
    await scheduler.stop(SHUTDOWN_GRACE_MS);
    await publisher.stop(SHUTDOWN_GRACE_MS);
    await database.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  // Over-long headers and URLs reach PinFlow's own check (a JSON 431 / 414) instead of Bun's bare 431.
  await raiseBunHeaderLimit();
  const server = listen(app, config);
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${server.port}${config.basePath}`;
  log.info(`PinFlow ${VERSION} listening on ${url} (${config.mode} mode)`, {
    url,
    public_url: config.publicUrl,
    mode: config.mode,
    data_dir: config.dataDir,
    database: database.engine,
    instance: deps.instanceId,
    uploads: deps.storage.where,
  });
  if (config.mode === "emulator") {
    log.warn(
      "EMULATOR MODE: no Pinterest app is configured, so sign-in and publishing use the built-in demo Pinterest. Nothing reaches real Pinterest.",
    );
  }
  // Whatever a previous process left mid-flight is settled before anything new starts. With several
  // processes on PostgreSQL, only what is past its lease: younger work may be in flight in another process
  // (the reconcile job picks up the rest once its lease has passed).
  const shared = database.engine === "postgres";
  await releaseInterruptedDeliveries(deps, { shared });
  const orphans = await publisher.reconcileOrphans(shared ? undefined : Number.POSITIVE_INFINITY);
  if (orphans.length > 0) log.info("reconciled pins left publishing", { count: orphans.length });
  scheduler.start();
}

/**
 * Without a base path, Elysia listens (and routes with Bun's own router). With one, every request goes through
 * the edge that takes the prefix off (src/http/base-path.ts) and then to app.handle; the socket's address
 * travels with the rewritten request, and app.server is set so routes see the server as usual.
 */
function listen(app: App, config: Config): Server<unknown> {
  // idleTimeout above the Pinterest call timeout (30 s): "publish now" waits for Pinterest's answer.
  const options = { hostname: config.host, port: config.port, idleTimeout: 60 };
  if (config.basePath === "") {
    app.listen(options);
    if (!app.server) throw new Error("server did not start");
    return app.server;
  }
  const edge = underBasePath(config.basePath, (request) => app.handle(request));
  const server = Bun.serve({ ...BUN_LIMITS, ...options, fetch: edge });
  app.server = server;
  return server;
}

function freePort(hostname: string): number {
  const probe = Bun.serve({ hostname, port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}
