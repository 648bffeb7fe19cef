/** Signing in through the emulator exactly as a browser would, and other shortcuts for HTTP tests. */
import { expect } from "bun:test";
import { publicLink, publicPath } from "../config";
import type { Deps } from "../deps";
import { PINTEREST_SCOPES } from "../pinterest/pinterest.client";
import type { createTestApp } from "./test-app";

type TestApp = ReturnType<typeof createTestApp>;

export interface SignedIn {
  cookie: string;
  /** Headers for a same-origin browser request with the session cookie. */
  browser: Record<string, string>;
  user: { id: number; status: string; is_admin: boolean; selected_profile_id: number | null };
}

function emulatorOf(deps: Deps) {
  if (!deps.emulator) throw new Error("the test app is not in emulator mode");
  return deps.emulator;
}

export const demoAccounts = (t: TestApp) => emulatorOf(t.deps).accounts();

const cookieValue = (res: Response, name: string) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [k, v] = (pair ?? "").split("=");
    if (k === name) return decodeURIComponent(v ?? "");
  }
  return null;
};

/**
 * GET /auth/login → consent ("Allow" on `accountIndex`) → GET /auth/callback; returns the session. Paths are
 * under the app's base path when it has one, as a browser's would be.
 */
export async function signIn(
  t: TestApp,
  accountIndex = 0,
  opts: { connectWith?: SignedIn } = {},
): Promise<SignedIn> {
  const account = demoAccounts(t)[accountIndex];
  if (!account) throw new Error(`no demo account #${accountIndex}`);
  const at = (path: string) => publicPath(t.deps.config, path);
  const login = await t.request(at(`/auth/login${opts.connectWith ? "?connect=1" : ""}`), {
    headers: opts.connectWith ? { cookie: opts.connectWith.cookie } : {},
  });
  expect(login.status).toBe(302);
  const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
  const stateCookie = cookieValue(login, "oauth_state");
  const code = emulatorOf(t.deps).authorize({
    accountId: account.id,
    redirectUri: publicLink(t.deps.config, "/auth/callback"),
    scope: PINTEREST_SCOPES.join(","),
    state,
  });
  const cookies = [`oauth_state=${stateCookie}`, ...(opts.connectWith ? [opts.connectWith.cookie] : [])].join(
    "; ",
  );
  const callback = await t.request(at(`/auth/callback?code=${encodeURIComponent(code)}&state=${state}`), {
    headers: { cookie: cookies },
  });
  expect(callback.status).toBe(302);
  const session = cookieValue(callback, "session") as string;
  const cookie = `session=${session}`;
  const browser = { cookie, "sec-fetch-site": "same-origin" };
  const me = await (await t.request(at("/auth/me"), { headers: { cookie } })).json();
  return { cookie, browser, user: me };
}

/** An approved user with an API key: `Authorization: Bearer …` headers for script-style tests. */
export async function apiKeyFor(t: TestApp, who: SignedIn, name = "tests"): Promise<Record<string, string>> {
  const res = await t.request(publicPath(t.deps.config, "/api-keys"), {
    method: "POST",
    json: { name },
    headers: who.browser,
  });
  expect(res.status).toBe(201);
  const { secret_key } = await res.json();
  return { authorization: `Bearer ${secret_key}` };
}

/** Approves a pending user through the admin API. */
export async function approve(t: TestApp, admin: SignedIn, userId: number) {
  const res = await t.request(publicPath(t.deps.config, `/admin/users/${userId}`), {
    method: "PUT",
    json: { status: "approved" },
    headers: admin.browser,
  });
  expect(res.status).toBe(200);
}
