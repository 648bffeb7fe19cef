/** Drives a running PinFlow (and a standalone emulator) over real HTTP, as a browser and a script would. */
import { expect } from "bun:test";
import { BUN, type Running, startPinflow } from "./process";

export const SCOPES = "boards:read,boards:write,pins:read,pins:write,user_accounts:read";

/** `pinflow emulator` on a free port, state in `dataDir`. */
export async function startEmulator(dataDir: string): Promise<Running> {
  return startPinflow([BUN, "src/main.ts", "emulator", "--port", "0", "--data-dir", dataDir], {
    urlPattern: /Pinterest emulator listening on (http:\/\/\S+)/,
  });
}

export const pinflowEnvFor = (emulatorUrl: string, extra: Record<string, string> = {}) => ({
  PINFLOW_PINTEREST_API_URL: `${emulatorUrl}/v5`,
  PINFLOW_PINTEREST_OAUTH_URL: `${emulatorUrl}/oauth/`,
  PINFLOW_PINTEREST_CLIENT_ID: "1500000",
  PINFLOW_PINTEREST_CLIENT_SECRET: "emulator-secret",
  ...extra,
});

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith(`${name}=`)) as string;

/** Signs in through /auth/login → the emulator's "Allow" → /auth/callback; returns the session cookie. */
export async function signInOver(
  pinflowUrl: string,
  emulatorUrl: string,
  accountId: string,
): Promise<string> {
  const login = await fetch(`${pinflowUrl}/auth/login`, { redirect: "manual" });
  expect(login.status).toBe(302);
  const authorize = new URL(login.headers.get("location") as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set("account_id", accountId);
  const allow = await fetch(`${emulatorUrl}/oauth/`, { method: "POST", body: form, redirect: "manual" });
  const callback = await fetch(allow.headers.get("location") as string, {
    redirect: "manual",
    headers: { cookie: cookieOf(login, "oauth_state") },
  });
  expect(callback.status).toBe(302);
  return cookieOf(callback, "session");
}

export async function createKey(pinflowUrl: string, session: string): Promise<string> {
  const res = await fetch(`${pinflowUrl}/api-keys`, {
    method: "POST",
    headers: { cookie: session, origin: pinflowUrl, "content-type": "application/json" },
    body: JSON.stringify({ name: "e2e" }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).secret_key;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => null);
    if (value) return value;
    await Bun.sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
