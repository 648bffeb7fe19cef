import { afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { errorHandler } from "../../http/error-handler";
import { createMemoryLogger } from "../../shared/log";
import {
  HOME_COOK,
  PINFLOW_SCOPES,
  PNG_3X2,
  REDIRECT_URI,
  STUDIO,
  STUDIO_BOARD,
  setupEmulator,
} from "../../testing/emulator-kit";
import { EMULATOR_CLIENT_ID } from "./index";

let t: ReturnType<typeof setupEmulator>;
afterEach(() => t?.close());

const page = async (path: string) => {
  const res = await t.emulator.app.handle(new Request(`http://localhost${path}`));
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text(), res };
};

describe("human pages", () => {
  test("the home page lists every demo account and links each of its boards", async () => {
    t = setupEmulator();
    const home = await page("/");
    expect(home.status).toBe(200);
    expect(home.type).toContain("text/html");
    for (const account of t.emulator.accounts()) {
      expect(home.text).toContain(account.username);
      for (const board of account.boards) expect(home.text).toContain(`href="/boards/${board.id}"`);
    }
    expect(home.text).toContain("http://localhost/v5");
  });

  test("a board page shows its pins newest first: base64 images from the emulator, image URLs as links", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const remote = await t.createPin(access_token, { title: "Remote <b>image</b>" });
    const local = await t.createPin(access_token, {
      title: "Uploaded image",
      media_source: { source_type: "image_base64", content_type: "image/png", data: PNG_3X2 },
    });
    const board = await page(`/boards/${STUDIO_BOARD}`);
    expect(board.status).toBe(200);
    expect(board.text).toContain("Weeknight dinners");
    expect(board.text.indexOf(local.body.id)).toBeLessThan(board.text.indexOf(remote.body.id));
    expect(board.text).toContain(`<img src="/media/${local.body.id}"`);
    expect(board.text).toContain('href="https://images.example.com/a.jpg"');
    expect(board.text).toContain("Remote &lt;b&gt;image&lt;/b&gt;");
    expect(board.text).not.toContain("<b>image</b>");
  });

  test("an empty board says so; an unknown board is a 404 page", async () => {
    t = setupEmulator();
    expect((await page(`/boards/${STUDIO_BOARD}`)).text).toContain('id="no-pins"');
    expect((await page("/boards/123")).status).toBe(404);
  });

  test("media of unknown or deleted pins is not served", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const pin = await t.createPin(access_token, {
      media_source: { source_type: "image_base64", content_type: "image/png", data: PNG_3X2 },
    });
    expect((await page(`/media/${pin.body.id}`)).status).toBe(200);
    await t.call("DELETE", `/v5/pins/${pin.body.id}`, { token: access_token });
    expect((await page(`/media/${pin.body.id}`)).status).toBe(404);
    expect((await page("/media/42")).status).toBe(404);
  });

  test("profile images are SVG avatars served by the emulator itself", async () => {
    t = setupEmulator();
    const avatar = await page(`/avatars/${HOME_COOK}.svg`);
    expect(avatar.status).toBe(200);
    expect(avatar.type).toBe("image/svg+xml");
    expect(avatar.text).toStartWith("<svg");
    expect((await page("/avatars/1.svg")).status).toBe(404);
  });

  test("pages carry x-pinterest-rid and a CSP that allows no scripts and no outside assets", async () => {
    t = setupEmulator();
    const home = await page("/");
    expect(home.res.headers.get("x-pinterest-rid")).toMatch(/^[0-9a-f]{16}$/);
    expect(home.res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(home.text).not.toContain("<script");
  });
});

describe("mounted inside PinFlow", () => {
  const BASE = "/emulator/pinterest";

  function mounted() {
    t = setupEmulator({ basePath: BASE, controlApi: false });
    const { logger } = createMemoryLogger();
    // PinFlow's own app: its global error handler must never see an emulator request
    const app = new Elysia().use(errorHandler(logger)).use(t.emulator.app);
    return (path: string, init?: RequestInit) =>
      app.handle(new Request(`http://127.0.0.1:8080${path}`, init));
  }

  test("every route lives under the base path, and links and forms point there", async () => {
    const request = mounted();
    const home = await request(`${BASE}/`);
    expect(home.status).toBe(200);
    const homeText = await home.text();
    expect(homeText).toContain(`href="${BASE}/boards/${STUDIO_BOARD}"`);
    expect(homeText).toContain(`http://127.0.0.1:8080${BASE}/v5`);
    const query = new URLSearchParams({
      client_id: EMULATOR_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: PINFLOW_SCOPES,
    });
    const consent = await request(`${BASE}/oauth/?${query}`);
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain(`action="${BASE}/oauth/"`);
    expect((await request("/oauth/")).status).toBe(404);
  });

  test("API errors stay Pinterest-shaped, even for bodies PinFlow's app would call invalid", async () => {
    const request = mounted();
    const { access_token } = await t.connect(STUDIO);
    const res = await request(`${BASE}/v5/pins`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: "{oops",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 1, message: "The request body must be a JSON object." });
    const unknown = await request(`${BASE}/v5/nothing/here`);
    expect(await unknown.json()).toEqual({ code: 404, message: "Not found." });
    const created = await request(`${BASE}/v5/pins`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({
        board_id: STUDIO_BOARD,
        media_source: { source_type: "image_base64", content_type: "image/png", data: PNG_3X2 },
      }),
    });
    expect(created.status).toBe(201);
    const pin = await created.json();
    expect(pin.media.images["600x"].url).toBe(`http://127.0.0.1:8080${BASE}/media/${pin.id}`);
  });

  test("the control API is not mounted, and PinFlow's own routes are untouched", async () => {
    const request = mounted();
    const res = await request(`${BASE}/_emulator/state`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("x-pinterest-rid")).toMatch(/^[0-9a-f]{16}$/);
    const outside = await request("/somewhere-else");
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({ detail: "Not Found" });
  });
});
