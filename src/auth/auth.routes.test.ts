import { describe, expect, test } from "bun:test";
import { PINTEREST_SCOPES } from "../pinterest/pinterest.client";
import { demoAccounts, signIn } from "../testing/fixtures";
import { createTestApp } from "../testing/test-app";

const setCookies = (res: Response) => res.headers.getSetCookie();

/** /auth/login, then "Allow" on the demo Pinterest: the state (and its cookie) and a fresh code. */
async function startSignIn(t: ReturnType<typeof createTestApp>) {
  const login = await t.request("/auth/login");
  const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
  const code = t.deps.emulator?.authorize({
    accountId: demoAccounts(t)[0]?.id as string,
    redirectUri: "http://127.0.0.1:8080/auth/callback",
    scope: PINTEREST_SCOPES.join(","),
    state,
  }) as string;
  return { state, code };
}

const finishSignIn = (
  t: ReturnType<typeof createTestApp>,
  started: { state: string },
  code: string,
  headers: Record<string, string> = {},
) =>
  t.request(`/auth/callback?code=${encodeURIComponent(code)}&state=${started.state}`, {
    headers: { cookie: `oauth_state=${started.state}`, ...headers },
  });

describe("signing in with Pinterest", () => {
  test("GET /auth/login redirects to the authorize page with a one-time state bound to a cookie", async () => {
    const t = createTestApp();
    const res = await t.request("/auth/login");
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") as string);
    expect(location.pathname).toBe("/emulator/pinterest/oauth/");
    expect(location.searchParams.get("response_type")).toBe("code");
    expect(location.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:8080/auth/callback");
    expect(location.searchParams.get("scope")).toBe(
      "boards:read,boards:write,pins:read,pins:write,user_accounts:read",
    );
    const state = location.searchParams.get("state") as string;
    expect(state).toMatch(/^[0-9a-f]{64}$/);
    const cookie = setCookies(res).find((c) => c.startsWith("oauth_state="));
    expect(cookie).toContain(`oauth_state=${state}`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Max-Age=600");
    const row = (await t.one("SELECT state_hash FROM oauth_states")) as { state_hash: string };
    expect(row.state_hash).not.toBe(state); // only its hash is stored
  });

  test("the first user to sign in becomes an approved admin with a 30-day HttpOnly session", async () => {
    const t = createTestApp();
    const login = await t.request("/auth/login");
    const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
    const code = t.deps.emulator?.authorize({
      accountId: demoAccounts(t)[0]?.id as string,
      redirectUri: "http://127.0.0.1:8080/auth/callback",
      scope: "boards:read,boards:write,pins:read,pins:write,user_accounts:read",
      state,
    });
    const res = await t.request(`/auth/callback?code=${code}&state=${state}`, {
      headers: { cookie: `oauth_state=${state}` },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    const session = setCookies(res).find((c) => c.startsWith("session=")) as string;
    expect(session).toMatch(/^session=[0-9a-f]{64}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    const me = await (
      await t.request("/auth/me", { headers: { cookie: session.split(";")[0] as string } })
    ).json();
    expect(me).toMatchObject({
      username: demoAccounts(t)[0]?.username,
      pinterest_user_id: demoAccounts(t)[0]?.id,
      timezone: "UTC",
      daily_pin_limit: 100,
      is_admin: true,
      status: "approved",
      plan: "pro",
      mode: "emulator",
    });
    expect(me.selected_profile_id).toBeNumber();
  });

  test("Pinterest tokens are stored encrypted, never in plaintext", async () => {
    const t = createTestApp();
    await signIn(t);
    const row = (await t.one("SELECT access_token_enc, refresh_token_enc FROM profiles")) as Record<
      string,
      string
    >;
    expect(row.access_token_enc).toStartWith("v1.");
    expect(row.access_token_enc).not.toContain("pina");
    expect(row.refresh_token_enc).toStartWith("v1.");
    const dump = JSON.stringify(await t.query("SELECT * FROM profiles"));
    expect(dump).not.toMatch(/pin[ar]\./);
  });

  test("later users start pending: they can read /auth/me and nothing else", async () => {
    const t = createTestApp();
    await signIn(t, 0);
    const second = await signIn(t, 1);
    expect(second.user).toMatchObject({ status: "pending", is_admin: false });
    const keys = await t.request("/api-keys", { headers: second.browser });
    expect(keys.status).toBe(403);
    expect(await keys.json()).toEqual({ detail: "Account pending approval" });
  });

  test.each([
    [
      "a missing state",
      (_state: string) => `/auth/callback?code=x`,
      (state: string) => `oauth_state=${state}`,
    ],
    [
      "a state that does not match the cookie",
      () => `/auth/callback?code=x&state=${"a".repeat(64)}`,
      (state: string) => `oauth_state=${state}`,
    ],
    ["no state cookie", (state: string) => `/auth/callback?code=x&state=${state}`, () => ""],
  ])("the callback with %s answers 400 and starts no session", async (_name, path, cookie) => {
    const t = createTestApp();
    const login = await t.request("/auth/login");
    const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
    const res = await t.request(path(state), { headers: { cookie: cookie(state) } });
    expect(res.status).toBe(400);
    expect(setCookies(res).some((c) => c.startsWith("session="))).toBe(false);
    expect(await t.one("SELECT count(*) AS n FROM sessions")).toEqual({ n: 0 });
  });

  test("a state can be used once: replaying the callback answers 400", async () => {
    const t = createTestApp();
    const login = await t.request("/auth/login");
    const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
    const code = t.deps.emulator?.authorize({
      accountId: demoAccounts(t)[0]?.id as string,
      redirectUri: "http://127.0.0.1:8080/auth/callback",
      scope: "boards:read,boards:write,pins:read,pins:write,user_accounts:read",
      state,
    });
    const path = `/auth/callback?code=${code}&state=${state}`;
    expect((await t.request(path, { headers: { cookie: `oauth_state=${state}` } })).status).toBe(302);
    const replay = await t.request(path, { headers: { cookie: `oauth_state=${state}` } });
    expect(replay.status).toBe(400);
  });

  test("a browser that hits a bad callback gets a readable page, not JSON", async () => {
    const t = createTestApp();
    const res = await t.request("/auth/callback?code=x&state=y", { headers: { accept: "text/html" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("invalid or was already used");
  });

  test("a user who denies consent lands on a page that says so", async () => {
    const t = createTestApp();
    const login = await t.request("/auth/login");
    const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
    const res = await t.request(`/auth/callback?error=access_denied&state=${state}`, {
      headers: { cookie: `oauth_state=${state}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("did not allow PinFlow");
    expect(await t.one("SELECT count(*) AS n FROM users")).toEqual({ n: 0 });
  });

  test("a replayed Pinterest code is the browser's bad request: 400 saying to sign in again, no session", async () => {
    const t = createTestApp();
    const first = await startSignIn(t);
    expect((await finishSignIn(t, first, first.code)).status).toBe(302);
    const second = await startSignIn(t); // a fresh, valid state: only the code is stale
    const res = await finishSignIn(t, second, first.code);
    expect(res.status).toBe(400);
    const { detail } = await res.json();
    expect(detail).toContain("already been used");
    expect(detail).toContain("Sign in again");
    expect(setCookies(res).some((c) => c.startsWith("session="))).toBe(false);
    expect(await t.one("SELECT count(*) AS n FROM sessions")).toEqual({ n: 1 });
  });

  test("a code Pinterest never issued answers 400, and a browser gets a page that says to sign in again", async () => {
    const t = createTestApp();
    const started = await startSignIn(t);
    const res = await finishSignIn(t, started, "not-a-code", { accept: "text/html" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).toContain("Invalid authorization code");
    expect(page).toContain("Sign in again");
  });

  test("Pinterest failing at the token exchange is still a 502", async () => {
    const t = createTestApp();
    const started = await startSignIn(t);
    t.deps.emulator?.faults.errorRate(1, ["500"]);
    const res = await finishSignIn(t, started, started.code);
    expect(res.status).toBe(502);
    expect((await res.json()).detail).toContain("Signing in with Pinterest failed");
  });

  test("an expired state is refused", async () => {
    const t = createTestApp();
    const login = await t.request("/auth/login");
    const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
    t.clock.advance(11 * 60_000);
    const res = await t.request(`/auth/callback?code=x&state=${state}`, {
      headers: { cookie: `oauth_state=${state}` },
    });
    expect(res.status).toBe(400);
  });

  test("without an explicit public URL, sign-in started on another host moves to the canonical one first", async () => {
    const t = createTestApp();
    const res = await t.request("/auth/login?connect=1", { headers: { host: "localhost:8080" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://127.0.0.1:8080/auth/login?connect=1");
  });

  test("connect=1 adds another Pinterest account to the signed-in user and selects it", async () => {
    const t = createTestApp();
    const me = await signIn(t, 0);
    await signIn(t, 2, { connectWith: me });
    const profiles = await (await t.request("/profiles", { headers: me.browser })).json();
    expect(profiles.map((p: { pinterest_username: string }) => p.pinterest_username)).toEqual([
      demoAccounts(t)[0]?.username,
      demoAccounts(t)[2]?.username,
    ]);
    expect(profiles[1].is_selected).toBe(true);
    expect(await t.one("SELECT count(*) AS n FROM users")).toEqual({ n: 1 });
  });

  test("signing in again reuses the user and profile and starts a fresh session", async () => {
    const t = createTestApp();
    const first = await signIn(t, 0);
    const again = await signIn(t, 0);
    expect(again.cookie).not.toBe(first.cookie);
    expect(again.user.id).toBe(first.user.id);
    expect(await t.one("SELECT count(*) AS n FROM profiles")).toEqual({ n: 1 });
  });
});

describe("the owner is not a tenant", () => {
  test("the first user gets the pro plan and the owner's daily limit; later users the defaults", async () => {
    const t = createTestApp();
    const owner = await signIn(t, 0);
    const later = await signIn(t, 1);
    const me = async (who: typeof owner) =>
      (await t.request("/auth/me", { headers: { cookie: who.cookie } })).json();
    expect(await me(owner)).toMatchObject({ plan: "pro", daily_pin_limit: 100, is_admin: true });
    expect(await me(later)).toMatchObject({ plan: "starter", daily_pin_limit: 2, status: "pending" });
  });

  test("PINFLOW_OWNER_DAILY_LIMIT, PINFLOW_DEFAULT_DAILY_LIMIT and PINFLOW_DEFAULT_PLAN change them", async () => {
    const t = createTestApp({
      env: {
        PINFLOW_OWNER_DAILY_LIMIT: "40",
        PINFLOW_DEFAULT_DAILY_LIMIT: "5",
        PINFLOW_DEFAULT_PLAN: "growth",
      },
    });
    const owner = await signIn(t, 0);
    const later = await signIn(t, 1);
    const me = async (who: typeof owner) =>
      (await t.request("/auth/me", { headers: { cookie: who.cookie } })).json();
    expect(await me(owner)).toMatchObject({ plan: "pro", daily_pin_limit: 40 });
    expect(await me(later)).toMatchObject({ plan: "growth", daily_pin_limit: 5 });
  });
});

describe("sessions", () => {
  test("logout deletes the session server-side and answers 303 to /", async () => {
    const t = createTestApp();
    const me = await signIn(t);
    const res = await t.request("/auth/logout", { method: "POST", headers: me.browser });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.getSetCookie()[0]).toContain("session=; Path=/; Max-Age=0");
    expect((await t.request("/auth/me", { headers: me.browser })).status).toBe(401);
  });

  test("a session expires 30 days after its last use, and using it slides the expiry", async () => {
    const t = createTestApp();
    const me = await signIn(t);
    t.clock.advance(20 * 86_400_000);
    const used = await t.request("/auth/me", { headers: me.browser });
    expect(used.status).toBe(200);
    expect(used.headers.get("set-cookie")).toContain("Max-Age=2592000");
    t.clock.advance(20 * 86_400_000);
    expect((await t.request("/auth/me", { headers: me.browser })).status).toBe(200);
    t.clock.advance(31 * 86_400_000);
    expect((await t.request("/auth/me", { headers: me.browser })).status).toBe(401);
  });

  test("a cookie-authenticated unsafe request from another site is refused", async () => {
    const t = createTestApp();
    const me = await signIn(t);
    const crossSite = await t.request("/auth/me", {
      method: "PUT",
      json: { timezone: "Europe/Paris" },
      headers: { cookie: me.cookie, "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const evilOrigin = await t.request("/auth/me", {
      method: "PUT",
      json: { timezone: "Europe/Paris" },
      headers: { cookie: me.cookie, origin: "https://evil.example" },
    });
    expect(evilOrigin.status).toBe(403);
    const sameOrigin = await t.request("/auth/me", {
      method: "PUT",
      json: { timezone: "Europe/Paris" },
      headers: { cookie: me.cookie, origin: "http://127.0.0.1:8080" },
    });
    expect(sameOrigin.status).toBe(200);
  });

  test("an API-key request needs no same-origin check", async () => {
    const t = createTestApp();
    const me = await signIn(t);
    const created = await (
      await t.request("/api-keys", { method: "POST", json: { name: "n8n" }, headers: me.browser })
    ).json();
    const res = await t.request("/auth/me", {
      method: "PUT",
      json: { timezone: "America/New_York" },
      headers: { authorization: `Bearer ${created.secret_key}`, origin: "https://elsewhere.example" },
    });
    expect(res.status).toBe(200);
  });
});

describe("/auth/me", () => {
  test("without credentials it answers 401 Not authenticated", async () => {
    const t = createTestApp();
    const res = await t.request("/auth/me");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Not authenticated" });
  });

  test("PUT changes the timezone to a valid IANA name and refuses anything else with 422", async () => {
    const t = createTestApp();
    const me = await signIn(t);
    const ok = await t.request("/auth/me", {
      method: "PUT",
      json: { timezone: "Asia/Tokyo" },
      headers: me.browser,
    });
    expect((await ok.json()).timezone).toBe("Asia/Tokyo");
    for (const bad of ["EST", "Mars/Olympus", "not a zone"]) {
      const res = await t.request("/auth/me", {
        method: "PUT",
        json: { timezone: bad },
        headers: me.browser,
      });
      expect(res.status).toBe(422);
      expect((await res.json()).detail[0].loc).toEqual(["body", "timezone"]);
    }
  });
});
