import { describe, expect, test } from "bun:test";
import { NOT_API } from "../docs/docs.openapi";
import { apiKeyFor, approve, signIn } from "../testing/fixtures";
import { createTestApp } from "../testing/test-app";
import { readCookie } from "./auth";

describe("reading credentials", () => {
  test("a cookie whose value is not valid percent-encoding reads as absent", () => {
    expect(readCookie("session=%E0%A4%A; theme=dark", "session")).toBeNull();
    expect(readCookie("session=%ZZ", "session")).toBeNull();
    expect(readCookie("theme=dark; session=abc%2Fdef", "session")).toBe("abc/def");
  });

  test("a garbled session cookie is answered 401, not a server error", async () => {
    const t = createTestApp();
    const res = await t.request("/auth/me", { headers: { cookie: "session=%E0%A4%A; oauth_state=;;=" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Not authenticated" });
  });
});

/**
 * Every route of the app that needs credentials, with a path, query and body that are all invalid: the
 * caller is judged first (401, then 403), before anything of the request is read or validated.
 */
describe("credentials come before everything else in a request", () => {
  /** The API routes that need no credentials; every other route of the API must ask for them. */
  const PUBLIC = ["GET /auth/callback", "GET /auth/login", "GET /health", "POST /auth/logout"];
  const INVALID = "x".repeat(100); // not an id, and longer than any name
  const QUERY = "?limit=abc&offset=-1&year=x&month=13&status=bogus&profile_id=x&collection_id=x";

  /** Each way a request can be wrong: bad JSON, the wrong JSON, the wrong media type, no body at all. */
  const bodies: Array<{ name: string; body?: BodyInit; type?: string }> = [
    { name: "malformed JSON", body: '{"title": ', type: "application/json" },
    { name: "JSON of the wrong shape", body: '"not an object"', type: "application/json" },
    { name: "a form", body: "title=x&board_id=1", type: "application/x-www-form-urlencoded" },
    { name: "text", body: "hello", type: "text/plain" },
    { name: "no body" },
  ];

  /** Every API route of the app, its path parameters filled with something no route accepts. */
  const apiRoutes = (app: ReturnType<typeof createTestApp>["app"]) =>
    app.routes
      .filter((r) => !NOT_API.test(r.path) && r.path !== "/docs" && r.path !== "/openapi.json")
      .map((r) => ({ method: r.method, path: r.path.replace(/:\w+/g, INVALID) }));

  const send = (
    t: ReturnType<typeof createTestApp>,
    route: { method: string; path: string },
    variant: (typeof bodies)[number],
    headers: Record<string, string> = {},
  ) =>
    t.request(`${route.path}${QUERY}`, {
      method: route.method,
      body: route.method === "GET" ? undefined : variant.body,
      headers: { ...(variant.type ? { "content-type": variant.type } : {}), ...headers },
    });

  test("every route that needs credentials answers 401 without them, however wrong the rest is", async () => {
    const t = createTestApp({ env: { PINFLOW_RATE_LIMITS: "off" } });
    const routes = apiRoutes(t.app);
    const open: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const name = `${route.method} ${route.path.replaceAll(INVALID, ":x")}`;
      const first = await send(t, route, bodies[0] as (typeof bodies)[number]);
      if (first.status !== 401) {
        open.push(name);
        continue;
      }
      for (const variant of bodies) {
        const res = await send(t, route, variant);
        expect({ route: name, variant: variant.name, status: res.status, body: await res.json() }).toEqual({
          route: name,
          variant: variant.name,
          status: 401,
          body: { detail: "Not authenticated" },
        });
        checked++;
      }
    }
    expect(open.sort()).toEqual(PUBLIC);
    expect(checked).toBeGreaterThan(150); // ~40 routes × 5 ways
  });

  test("every admin route answers 403 to an approved user who is not an admin, however wrong the rest is", async () => {
    const t = createTestApp({ env: { PINFLOW_RATE_LIMITS: "off" } });
    const admin = await signIn(t, 0);
    const other = await signIn(t, 1);
    await approve(t, admin, other.user.id);
    const key = await apiKeyFor(t, other);
    const routes = apiRoutes(t.app).filter((r) => r.path.startsWith("/admin/"));
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const route of routes) {
      for (const variant of bodies) {
        const res = await send(t, route, variant, key);
        expect({ route: `${route.method} ${route.path}`, variant: variant.name, status: res.status }).toEqual(
          {
            route: `${route.method} ${route.path}`,
            variant: variant.name,
            status: 403,
          },
        );
        expect(await res.json()).toEqual({ detail: "Admin access required" });
      }
    }
  });

  test("a pending account and a cross-origin browser request are refused before the body is read", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const pending = await signIn(t, 1);
    const malformed = { body: "{", headers: { "content-type": "application/json" } };
    const asPending = await t.request("/pins", {
      method: "POST",
      ...malformed,
      headers: { ...malformed.headers, ...pending.browser },
    });
    expect(asPending.status).toBe(403);
    expect(await asPending.json()).toEqual({ detail: "Account pending approval" });
    const crossSite = await t.request("/pins", {
      method: "POST",
      body: "title=x",
      headers: {
        cookie: admin.cookie,
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({ detail: "Cross-origin request refused" });
  });
});
