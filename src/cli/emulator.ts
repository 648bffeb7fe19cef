/**
 * `pinflow emulator [--port N] [--host H] [--data-dir D]`: the Pinterest emulator on its own port, for
 * pointing a PinFlow (or curl) at a Pinterest that needs no internet. Binds 127.0.0.1 unless told otherwise.
 * State is kept in <data-dir>/emulator.db when --data-dir is given, in memory otherwise. Flags only: the
 * PINFLOW_* environment configures PinFlow itself, not this command.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import * as v from "valibot";
import { CONFIG_ENTRIES } from "../config";
import {
  createEmulator,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  MAX_VIDEO_BYTES,
} from "../pinterest/emulator/index";
import { systemClock } from "../shared/clock";
import { type ParsedArgs, UsageError } from "./args";

export const EMULATOR_DEFAULT_PORT = "8090";

function flag<T>(schema: v.GenericSchema<string, T>, name: string, value: string): T {
  const result = v.safeParse(schema, value);
  if (!result.success)
    throw new UsageError(`invalid --${name} ${JSON.stringify(value)}: ${result.issues[0].message}`);
  return result.output;
}

export async function emulatorCommand(args: ParsedArgs): Promise<void> {
  const flags = args.configFlags;
  const host = flag(CONFIG_ENTRIES.host.schema, "host", flags.host ?? "127.0.0.1");
  const port = flag(CONFIG_ENTRIES.port.schema, "port", flags.port ?? EMULATOR_DEFAULT_PORT);
  const dataDir = flags["data-dir"] ? resolve(flags["data-dir"]) : null;
  const clientId = flags["pinterest-client-id"] ?? EMULATOR_CLIENT_ID;
  const clientSecret = flags["pinterest-client-secret"] ?? EMULATOR_CLIENT_SECRET;
  const redirectUris = args.options["redirect-uri"]
    ? args.options["redirect-uri"]
        .split(",")
        .map((uri) => uri.trim())
        .filter(Boolean)
    : "loopback";
  if (Array.isArray(redirectUris) && redirectUris.some((uri) => !URL.canParse(uri))) {
    throw new UsageError("--redirect-uri takes a comma list of absolute URLs");
  }
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const statePath = dataDir ? join(dataDir, "emulator.db") : undefined;

  const emulator = createEmulator({
    clock: systemClock,
    clientId,
    clientSecret,
    redirectUris,
    basePath: "",
    statePath,
    controlApi: true,
  });
  // idleTimeout 0: a request the emulator hangs on purpose stays open until the client gives up. Bodies up to
  // Pinterest's video limit: its upload URL takes videos (streamed, never held whole).
  emulator.app.listen({
    hostname: host,
    port,
    idleTimeout: 0,
    maxRequestBodySize: MAX_VIDEO_BYTES + 1024 * 1024,
  });
  const server = emulator.app.server;
  if (!server) throw new Error("the emulator did not start");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop(true);
    emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${server.port}`;
  console.log(`Pinterest emulator listening on ${url}`);
  console.log(`  demo accounts and their pins: ${url}/`);
  console.log(`  state: ${statePath ?? "in memory (use --data-dir to keep it)"}`);
  console.log(
    `  redirect URIs allowed: ${redirectUris === "loopback" ? "any http(s) URL on 127.0.0.1/localhost/[::1]" : redirectUris.join(", ")}`,
  );
  console.log("Point PinFlow at it with:");
  console.log(`  PINFLOW_PINTEREST_API_URL=${url}/v5`);
  console.log(`  PINFLOW_PINTEREST_OAUTH_URL=${url}/oauth/`);
  console.log(`  PINFLOW_PINTEREST_CLIENT_ID=${clientId}`);
  console.log(`  PINFLOW_PINTEREST_CLIENT_SECRET=${clientSecret}`);
  if (!/^(127\.|localhost$|::1$)/.test(host)) {
    console.log(`WARNING: bound to ${host}: the demo Pinterest is reachable from the network.`);
  }
}
