/**
 * Chooses who PinFlow's Pinterest client talks to: real Pinterest with the configured app, or, in emulator
 * mode, the built-in emulator mounted at /emulator/pinterest and reached in-process (no socket, no network).
 */
import { type Config, publicLink, publicPath } from "../config";
import type { Clock } from "../shared/clock";
import { createEmulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Emulator } from "./emulator/index";
import { createPinterestClient, type PinterestClient } from "./pinterest.client";

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export const EMULATOR_MOUNT = "/emulator/pinterest";

export function createPinterest(opts: {
  config: Config;
  clock: Clock;
  fetch: Fetch;
  /** Where the mounted emulator keeps its state; null keeps it in memory (tests). */
  emulatorStatePath: string | null;
  timeoutMs?: number;
  deadline?: (ms: number) => AbortSignal;
}): { pinterest: PinterestClient; emulator: Emulator | null } {
  const { config, clock } = opts;
  const redirectUri = publicLink(config, "/auth/callback");
  if (config.mode === "pinterest") {
    const pinterest = createPinterestClient({
      apiUrl: config.pinterestApiUrl,
      oauthUrl: config.pinterestOauthUrl,
      clientId: config.pinterestClientId as string,
      clientSecret: config.pinterestClientSecret as string,
      redirectUri,
      fetch: opts.fetch,
      clock,
      timeoutMs: opts.timeoutMs,
      deadline: opts.deadline,
    });
    return { pinterest, emulator: null };
  }
  const emulator = createEmulator({
    clock,
    redirectUris: [redirectUri],
    basePath: EMULATOR_MOUNT,
    publicPath: publicPath(config, EMULATOR_MOUNT),
    statePath: opts.emulatorStatePath ?? undefined,
    controlApi: false,
  });
  const pinterest = createPinterestClient({
    apiUrl: publicLink(config, `${EMULATOR_MOUNT}/v5`),
    oauthUrl: publicLink(config, `${EMULATOR_MOUNT}/oauth/`),
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    redirectUri,
    fetch: emulator.fetch,
    clock,
    timeoutMs: opts.timeoutMs,
    deadline: opts.deadline,
  });
  return { pinterest, emulator };
}
