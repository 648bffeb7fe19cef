import { describe, expect, test } from "bun:test";
import { apiKeyFor, demoAccounts, signIn } from "../testing/fixtures";
import { pngImage, uploadForm } from "../testing/images";
import { createTestApp } from "../testing/test-app";
import { stripBasePath, underBasePath } from "./base-path";
import { peerAddress } from "./peer";

const PUBLIC = "https://example.org/pinflow";

/** The handler behind the edge: records what reached it. */
function recorder() {
  const seen: Request[] = [];
  const handle = async (request: Request) => {
    seen.push(request);
    return new Response(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
  };
  return { seen, handle };
}

describe("the edge of a base path", () => {
  test("takes the base path off a path under it, and finds nothing outside it", () => {
    expect(stripBasePath("/pinflow", "/pinflow/pins/3")).toBe("/pins/3");
    expect(stripBasePath("/pinflow", "/pinflow/")).toBe("/");
    expect(stripBasePath("/pinflow", "/pinflow")).toBe("/");
    expect(stripBasePath("/pinflow", "/pinflowx/pins")).toBeNull();
    expect(stripBasePath("/pinflow", "/pins")).toBeNull();
    expect(stripBasePath("/a/b", "/a/b/docs")).toBe("/docs");
  });

  test("hands a request under it on without the prefix: same method, query, headers and body", async () => {
    const { seen, handle } = recorder();
    const edge = underBasePath("/pinflow", handle);
    const res = await edge(
      new Request("http://h/pinflow/pins/import?dry_run=true", {
        method: "POST",
        headers: { "x-api-key": "k", "content-type": "text/csv" },
        body: "Title\nHello",
      }),
    );
    expect(await res.text()).toBe("POST /pins/import?dry_run=true");
    expect(seen[0]?.headers.get("x-api-key")).toBe("k");
    expect(await seen[0]?.text()).toBe("Title\nHello");
    expect(await (await edge(new Request("http://h/pinflow"))).text()).toBe("GET /");
  });

  test("answers 404 outside the prefix, saying where PinFlow is, and sends / to the dashboard", async () => {
    const { seen, handle } = recorder();
    const edge = underBasePath("/pinflow", handle);
    for (const path of ["/pins", "/health", "/pinflowx/health", "/pinflow/../health"]) {
      const res = await edge(new Request(`http://h${path}`));
      expect(res.status).toBe(404);
      expect(res.headers.get("x-error-code")).toBe("request.no_route");
      expect(await res.json()).toEqual({
        detail: "Not Found: PinFlow answers under /pinflow/ (PINFLOW_BASE_PATH)",
      });
    }
    const root = await edge(new Request("http://h/"));
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/pinflow/");
    expect((await edge(new Request("http://h/", { method: "POST" }))).status).toBe(404);
    expect(seen).toEqual([]);
  });

  test("without a base path nothing is rewritten", async () => {
    const { seen, handle } = recorder();
    await underBasePath("", handle)(new Request("http://h/pinflow/pins"));
    expect(new URL(seen[0]?.url as string).pathname).toBe("/pinflow/pins");
  });

  test("the socket's address travels with the rewritten request, and no header can claim it", async () => {
    const { seen, handle } = recorder();
    const original = new Request("http://h/pinflow/pins", { headers: { "x-forwarded-for": "198.51.100.1" } });
    const server = {
      requestIP: (r: Request) =>
        r === original ? { address: "203.0.113.9", family: "IPv4" as const, port: 5 } : null,
    };
    await underBasePath("/pinflow", handle)(original, server);
    expect(peerAddress(seen[0] as Request, null)).toBe("203.0.113.9");
    expect(
      peerAddress(new Request("http://h/pins", { headers: { "x-pinflow-peer": "1.2.3.4" } }), null),
    ).toBe(undefined);
  });
});

/** A PinFlow at https://example.org/pinflow, as a reverse proxy passing the full path reaches it. */
async function underPinflow() {
  const t = createTestApp({
    env: { PINFLOW_BASE_PATH: "/pinflow", PINFLOW_PUBLIC_URL: PUBLIC },
    // a webhook's host, as a public address (nothing is delivered: the payload is read where it is kept)
    resolve: async () => ["93.184.216.34"],
  });
  const me = await signIn(t, 0);
  const key = await apiKeyFor(t, me);
  const board = demoAccounts(t)[0]?.boards[0]?.id as string;
  return { t, me, key, board };
}

const setCookies = (res: Response) => res.headers.getSetCookie();

describe("PinFlow under PINFLOW_BASE_PATH=/pinflow", () => {
  test("/pinflow/health answers; /health is not found, and / redirects to /pinflow/", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow" } });
    const health = await t.request("/pinflow/health");
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe("ok");
    const outside = await t.request("/health");
    expect(outside.status).toBe(404);
    expect((await t.request("/pins")).status).toBe(404);
    const root = await t.request("/");
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/pinflow/");
  });

  test("sign-in goes to the demo Pinterest under /pinflow with the redirect URI under the public URL", async () => {
    const { t } = await underPinflow();
    const login = await t.request("/pinflow/auth/login");
    expect(login.status).toBe(302);
    const to = new URL(login.headers.get("location") as string);
    expect(`${to.origin}${to.pathname}`).toBe(`${PUBLIC}/emulator/pinterest/oauth/`);
    expect(to.searchParams.get("redirect_uri")).toBe(`${PUBLIC}/auth/callback`);
    expect(setCookies(login)[0]).toMatch(/^oauth_state=[^;]+; Path=\/pinflow\/auth; /);

    const consent = await t.request(`/pinflow/emulator/pinterest/oauth/${to.search}`);
    expect(consent.status).toBe(200);
    const html = await consent.text();
    expect(html).toContain('action="/pinflow/emulator/pinterest/oauth/"');
    expect(html).toContain('src="/pinflow/emulator/pinterest/avatars/');
    expect(html).toContain('<link rel="icon" href="data:image/svg+xml,');
  });

  test("the session cookie's Path is the base path, and sign-in and sign-out land on /pinflow/", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow", PINFLOW_PUBLIC_URL: PUBLIC } });
    const login = await t.request("/pinflow/auth/login");
    const state = new URL(login.headers.get("location") as string).searchParams.get("state") as string;
    const stateCookie = (setCookies(login)[0] as string).split(";")[0] as string;
    const code = t.deps.emulator?.authorize({
      accountId: demoAccounts(t)[0]?.id as string,
      redirectUri: `${PUBLIC}/auth/callback`,
      scope: "boards:read,boards:write,pins:read,pins:write,user_accounts:read",
      state,
    }) as string;
    const callback = await t.request(`/pinflow/auth/callback?code=${code}&state=${state}`, {
      headers: { cookie: stateCookie },
    });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/pinflow/");
    const [clearState, session] = setCookies(callback);
    expect(clearState).toMatch(/^oauth_state=; Path=\/pinflow\/auth; Max-Age=0/);
    expect(session).toMatch(
      /^session=[^;]+; Path=\/pinflow; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/,
    );

    const cookie = (session as string).split(";")[0] as string;
    t.clock.advance(3_600_000);
    const renewed = await t.request("/pinflow/auth/me", { headers: { cookie } });
    expect(renewed.status).toBe(200);
    expect(setCookies(renewed)[0]).toMatch(/^session=[^;]+; Path=\/pinflow; /);

    const logout = await t.request("/pinflow/auth/logout", {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "same-origin" },
    });
    expect(logout.status).toBe(303);
    expect(logout.headers.get("location")).toBe("/pinflow/");
    expect(setCookies(logout)[0]).toMatch(/^session=; Path=\/pinflow; Max-Age=0/);
  });

  test("without a public URL, sign-in moves the browser to the canonical address, base path kept", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow" } });
    const res = await t.request("/pinflow/auth/login?connect=1", { headers: { host: "localhost:8080" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://127.0.0.1:8080/pinflow/auth/login?connect=1");
  });

  test("an uploaded image's URL is under the public URL, is served there, and publishes as the user's own file", async () => {
    const { t, key, board } = await underPinflow();
    const bytes = pngImage(40, 60);
    const upload = await t.request("/pinflow/pins/upload-image", {
      method: "POST",
      body: uploadForm(bytes),
      headers: key,
    });
    expect(upload.status).toBe(200);
    const { url } = (await upload.json()) as { url: string };
    expect(url).toMatch(/^https:\/\/example\.org\/pinflow\/static\/uploads\/[0-9a-f]{32}\.png$/);
    const served = await t.request(new URL(url).pathname);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");

    const created = await t.request("/pinflow/pins", {
      method: "POST",
      json: { board_id: board, media_url: url, title: "Under a sub-path" },
      headers: key,
    });
    expect(created.status).toBe(201);
    const pin = await created.json();
    // recognised as one of the user's uploads (not "Pinterest cannot fetch media" or "does not exist")
    expect(pin.status).toBe("queued");
    const published = await t.request(`/pinflow/pins/${pin.id}/publish`, { method: "POST", headers: key });
    expect(published.status).toBe(200);
    expect((await published.json()).status).toBe("published");
    const [onPinterest] = t.deps.emulator?.pins({ boardId: board }) ?? [];
    expect(onPinterest?.bytes).toEqual(bytes);

    const boardPage = await (await t.request(`/pinflow/emulator/pinterest/boards/${board}`)).text();
    expect(boardPage).toContain(`src="/pinflow/emulator/pinterest/media/${onPinterest?.id}"`);
    expect(boardPage).toContain('href="/pinflow/emulator/pinterest/">← All accounts');
    expect((await t.request(`/pinflow/emulator/pinterest/media/${onPinterest?.id}`)).status).toBe(200);
  });

  test("an upload URL under the base path that is not the user's is called missing, not unreachable", async () => {
    const { t, key, board } = await underPinflow();
    const res = await t.request("/pinflow/pins", {
      method: "POST",
      json: { board_id: board, media_url: `${PUBLIC}/static/uploads/${"0".repeat(32)}.png`, title: "Gone" },
      headers: key,
    });
    const pin = await res.json();
    expect(pin.status).toBe("review");
    expect(pin.error_message).toBe(
      "The uploaded image this pin points to does not exist (or belongs to another account).",
    );
  });

  test("/pinflow/docs links to PinFlow's paths under the base path, and its examples call the public URL", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow", PINFLOW_PUBLIC_URL: PUBLIC } });
    const docs = await t.request("/pinflow/docs");
    expect(docs.status).toBe(200);
    const html = await docs.text();
    for (const link of [
      '<link rel="icon" href="/pinflow/favicon.ico">',
      'href="/pinflow/">← Back to app',
      'href="/pinflow/auth/login">https://example.org/pinflow/auth/login',
      'href="/pinflow/openapi.json">/pinflow/openapi.json',
      'href="/pinflow/auth/login?connect=1"',
      "curl https://example.org/pinflow/auth/me",
    ]) {
      expect(html).toContain(link);
    }
    expect(html).not.toMatch(/(href|src|action)="\/(?!pinflow\/)/);
    const openapi = await (await t.request("/pinflow/openapi.json")).json();
    expect(openapi.servers).toEqual([{ url: PUBLIC }]);
    expect(openapi.info.description).toContain(`${PUBLIC}/docs`);
    expect(Object.keys(openapi.paths)).toContain("/pins");
    expect((await t.request("/pinflow/favicon.ico")).status).toBe(200);
  });

  test("the dashboard is served under the base path and told it in its page", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow" } });
    for (const path of ["/pinflow/", "/pinflow", "/pinflow/app/pins/3"]) {
      const page = await t.request(path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<meta name="pinflow-base" content="/pinflow" />');
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1] as string;
      expect(script).toStartWith("/pinflow/assets/");
      expect((await t.request(script)).status).toBe(200);
    }
    expect((await t.request("/app/pins")).status).toBe(404);
  });

  test("a pin refused for Trial access links to the docs under the public URL, in the API and in its webhook", async () => {
    const { t, key, board } = await underPinflow();
    const hook = await t.request("/pinflow/webhooks", {
      method: "POST",
      json: { url: "https://hooks.example.net/pinflow", event: "pin.failed" },
      headers: key,
    });
    expect(hook.status).toBe(201);
    const created = await t.request("/pinflow/pins", {
      method: "POST",
      json: { board_id: board, media_url: "https://example.com/a.jpg", title: "Refused" },
      headers: key,
    });
    const pin = await created.json();
    t.deps.emulator?.faults.failNextCreates(1, { status: 403, code: 29 });
    await t.publisher.tick();
    await t.publisher.settled();
    const failed = await (await t.request(`/pinflow/pins/${pin.id}`, { headers: key })).json();
    const docs = `${PUBLIC}/docs#getting-standard-access`;
    expect(failed.status).toBe("failed");
    expect(failed.error_message).toContain(`"Getting Standard access" in PinFlow's docs (${docs})`);
    const row = (await t.one("SELECT payload FROM webhook_deliveries WHERE event = 'pin.failed'")) as {
      payload: string;
    };
    expect(JSON.parse(row.payload).data.error_message).toContain(docs);
  });

  test("an error naming where to connect Pinterest names it under the public URL", async () => {
    const { t, me, key, board } = await underPinflow();
    const disconnect = await t.request(`/pinflow/profiles/${me.user.selected_profile_id}?force=true`, {
      method: "DELETE",
      headers: key,
    });
    expect(disconnect.status).toBe(204);
    const res = await t.request("/pinflow/pins", {
      method: "POST",
      json: { board_id: board, media_url: "https://example.com/a.jpg" },
      headers: key,
    });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toBe(
      `No Pinterest account is connected: connect one at ${PUBLIC}/auth/login?connect=1`,
    );
  });

  test("an error page shown to a browser links back to the dashboard under the base path", async () => {
    const t = createTestApp({ env: { PINFLOW_BASE_PATH: "/pinflow", PINFLOW_PUBLIC_URL: PUBLIC } });
    const res = await t.request("/pinflow/auth/callback?code=nope&state=nope", {
      headers: { accept: "text/html" },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="/pinflow/">Back to PinFlow');
    expect(html).toContain('<link rel="icon" href="/pinflow/favicon.ico">');
  });
});
