/**
 * A PinFlow to measure: the compiled binary against a standalone Pinterest emulator (also the binary,
 * state in memory), one signed-in user (real OAuth round trip, so its tokens are real), an API key, the
 * quota raised (`pinflow users set … --plan pro --daily-limit 1000000`). Pins are then written straight
 * into the SQLite file of the stopped server (lib/seed.ts) and the server started again.
 */
import { join } from "node:path";
import { buildBinary, freePort, runSync, type Server, startServer, stop, tempDir } from "./proc";

export const EMULATOR_ACCOUNT = "2783136121146311751"; // pinflow_studio: 37 boards
export const EMULATOR_USERNAME = "pinflow_studio";

export interface Emulator {
  server: Server;
  url: string;
  faults(patch: Record<string, unknown>): Promise<void>;
  state(): Promise<EmulatorState>;
  reset(): Promise<void>;
}

export interface EmulatorPin {
  id: string;
  boardId: string;
  title: string | null;
  createdAt: number;
  deletedAt: number | null;
  responseLost: boolean;
}

export interface EmulatorState {
  accounts: Array<{ id: string; boards: Array<{ id: string }> }>;
  pins: EmulatorPin[];
}

/**
 * The standalone emulator. State in memory unless `dataDir` is given (bench/emulator.ts measures that one:
 * the benchmarks of PinFlow leave the emulator's own disk writes out of PinFlow's numbers).
 */
export async function startEmulator(
  opts: { bin?: string; logDir?: string; dataDir?: string } = {},
): Promise<Emulator> {
  const bin = opts.bin ?? (await buildBinary());
  const dir = opts.logDir ?? tempDir("emulator");
  const port = freePort();
  const persistence = opts.dataDir ? ["--data-dir", opts.dataDir] : [];
  const server = await startServer({
    cmd: [bin, "emulator", "--port", String(port), ...persistence],
    port,
    cwd: dir,
    logPath: join(dir, "emulator.log"),
    probePath: "/_emulator/state",
  });
  const url = server.url;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  return {
    server,
    url,
    faults: (patch) => post("/_emulator/faults", patch),
    reset: () => post("/_emulator/reset", {}),
    async state() {
      const res = await fetch(`${url}/_emulator/state`);
      return (await res.json()) as EmulatorState;
    },
  };
}

export interface PinflowOptions {
  bin: string;
  dataDir: string;
  emulatorUrl: string;
  env?: Record<string, string>;
  port?: number;
  logName?: string;
}

export const pinflowEnv = (emulatorUrl: string, dataDir: string, extra: Record<string, string> = {}) => ({
  PINFLOW_PINTEREST_API_URL: `${emulatorUrl}/v5`,
  PINFLOW_PINTEREST_OAUTH_URL: `${emulatorUrl}/oauth/`,
  PINFLOW_PINTEREST_CLIENT_ID: "1500000",
  PINFLOW_PINTEREST_CLIENT_SECRET: "emulator-secret",
  PINFLOW_DATA_DIR: dataDir,
  PINFLOW_RATE_LIMITS: "off",
  ...extra,
});

let logCounter = 0;
export async function startPinflow(opts: PinflowOptions): Promise<Server> {
  const port = opts.port ?? freePort();
  return startServer({
    cmd: [opts.bin, "serve", "--port", String(port)],
    port,
    cwd: opts.dataDir,
    env: pinflowEnv(opts.emulatorUrl, opts.dataDir, opts.env),
    logPath: join(opts.dataDir, `${opts.logName ?? "pinflow"}-${++logCounter}.log`),
    probePath: "/health",
    pollMs: 5,
  });
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith(`${name}=`));

/** /auth/login → the emulator's consent form ("Allow") → /auth/callback; returns the session cookie. */
export async function signIn(pinflowUrl: string, emulatorUrl: string, accountId: string): Promise<string> {
  const login = await fetch(`${pinflowUrl}/auth/login`, { redirect: "manual" });
  if (login.status !== 302) throw new Error(`/auth/login answered ${login.status}`);
  const authorize = new URL(login.headers.get("location") as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set("account_id", accountId);
  const allow = await fetch(`${emulatorUrl}/oauth/`, { method: "POST", body: form, redirect: "manual" });
  const callback = await fetch(allow.headers.get("location") as string, {
    redirect: "manual",
    headers: { cookie: cookieOf(login, "oauth_state") ?? "" },
  });
  const session = cookieOf(callback, "session");
  if (callback.status !== 302 || !session) throw new Error(`/auth/callback answered ${callback.status}`);
  return session;
}

export async function createKey(pinflowUrl: string, session: string): Promise<string> {
  const res = await fetch(`${pinflowUrl}/api-keys`, {
    method: "POST",
    headers: { cookie: session, origin: pinflowUrl, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench" }),
  });
  if (res.status !== 201) throw new Error(`POST /api-keys answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { secret_key: string }).secret_key;
}

export interface World {
  bin: string;
  dataDir: string;
  emulator: Emulator;
  pinflow: Server | null;
  key: string;
  session: string;
  boards: string[];
  env: Record<string, string>;
  /** GET/POST/… on PinFlow with the API key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  start(extraEnv?: Record<string, string>): Promise<Server>;
  stop(): Promise<void>;
}

/** Lifts the signed-in user's quota with the CLI (plan pro, 1 000 000 a day); `env` may name its database. */
export function liftQuota(bin: string, dataDir: string, env: Record<string, string> = {}): void {
  runSync(
    [
      bin,
      "users",
      "set",
      EMULATOR_USERNAME,
      "--daily-limit",
      "1000000",
      "--plan",
      "pro",
      "--data-dir",
      dataDir,
    ],
    dataDir,
    env,
  );
}

/**
 * Emulator up, PinFlow migrated and started, user signed in with an API key and an unlimited quota.
 * PinFlow is left running; `env` is applied to every start.
 */
export async function createWorld(
  opts: { env?: Record<string, string>; emulator?: Emulator; name?: string } = {},
): Promise<World> {
  const bin = await buildBinary();
  const dataDir = tempDir(opts.name ?? "world");
  const emulator = opts.emulator ?? (await startEmulator({ bin }));
  const env = { ...opts.env };
  runSync([bin, "migrate", "--data-dir", dataDir], dataDir);
  const world: World = {
    bin,
    dataDir,
    emulator,
    pinflow: null,
    key: "",
    session: "",
    boards: [],
    env,
    api(path, init = {}) {
      if (!world.pinflow) throw new Error("PinFlow is not running");
      return fetch(`${world.pinflow.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${world.key}`,
          "content-type": "application/json",
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    },
    async start(extraEnv = {}) {
      world.pinflow = await startPinflow({
        bin,
        dataDir,
        emulatorUrl: emulator.url,
        env: { ...env, ...extraEnv },
      });
      return world.pinflow;
    },
    async stop() {
      await stop(world.pinflow);
      world.pinflow = null;
    },
  };
  const pinflow = await world.start();
  world.session = await signIn(pinflow.url, emulator.url, EMULATOR_ACCOUNT);
  world.key = await createKey(pinflow.url, world.session);
  liftQuota(bin, dataDir);
  const boards = (await (await world.api("/boards")).json()) as { items: Array<{ id: string }> };
  world.boards = boards.items.map((b) => b.id);
  if (world.boards.length === 0) throw new Error("no boards");
  return world;
}
