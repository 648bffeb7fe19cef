import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOME_COOK, STUDIO, STUDIO_BOARD, setupEmulator } from "../../testing/emulator-kit";

let t: ReturnType<typeof setupEmulator>;
afterEach(() => t?.close());

describe("POST /v5/boards", () => {
  test("creates a board on the caller's account: 201 with the spec's Board, listed from then on", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("POST", "/v5/boards", {
      token: access_token,
      json: { name: "Summer recipes", description: "Cold soups and salads", privacy: "PUBLIC" },
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect(id).toMatch(/^\d+$/);
    expect(res.body).toMatchObject({
      name: "Summer recipes",
      description: "Cold soups and salads",
      privacy: "PUBLIC",
      pin_count: 0,
      owner: { username: "pinflow_studio" },
    });
    const all = await t.call("GET", "/v5/boards?page_size=250", { token: access_token });
    expect(all.body.items.map((b: { id: string }) => b.id)).toContain(id);
    expect(all.body.items).toHaveLength(38);
    const account = await t.call("GET", "/v5/user_account", { token: access_token });
    expect(account.body.board_count).toBe(38);
  });

  test("privacy defaults to PUBLIC and filters the list; SECRET boards show under privacy=SECRET", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(HOME_COOK);
    const plain = await t.call("POST", "/v5/boards", { token: access_token, json: { name: "Plain" } });
    expect(plain.body.privacy).toBe("PUBLIC");
    const secret = await t.call("POST", "/v5/boards", {
      token: access_token,
      json: { name: "Gifts", privacy: "SECRET" },
    });
    expect(secret.body.privacy).toBe("SECRET");
    const secrets = await t.call("GET", "/v5/boards?privacy=SECRET", { token: access_token });
    expect(secrets.body.items.map((b: { name: string }) => b.name)).toEqual(["Gifts"]);
    const publics = await t.call("GET", "/v5/boards?privacy=PUBLIC", { token: access_token });
    expect(publics.body.items.map((b: { name: string }) => b.name)).not.toContain("Gifts");
  });

  test.each([
    [{}, false, "'name' is a required property"],
    [{ name: 42 }, false, "42 is not of type 'string' - 'name'"],
    [{ name: "x", privacy: "FRIENDS" }, false, "is not one of ['PUBLIC', 'PROTECTED', 'SECRET']"],
    [{ name: "   " }, true, "'name' must not be empty"],
    [{ name: "weeknight DINNERS" }, true, "You already have a board named"],
  ])("%j is refused with 400 code 1 and makes nothing", async (json, specValid, message) => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("POST", "/v5/boards", { token: access_token, json, requestValid: specValid });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1);
    expect(res.body.message).toContain(message);
    const account = await t.call("GET", "/v5/user_account", { token: access_token });
    expect(account.body.board_count).toBe(37);
  });

  test("a token without boards:write is refused with 403 code 29", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO, "boards:read,pins:read,user_accounts:read");
    const res = await t.call("POST", "/v5/boards", { token: access_token, json: { name: "Nope" } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe(29);
  });

  test("a board made through the API survives a restart of a persistent emulator, and pins go on it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "emulator-boards-")), "state.db");
    t = setupEmulator({ statePath: path });
    const { access_token } = await t.connect(STUDIO);
    const made = await t.call("POST", "/v5/boards", { token: access_token, json: { name: "Kept" } });
    t.close();
    t = setupEmulator({ statePath: path, clock: t.clock });
    const pin = await t.createPin(access_token, { board_id: made.body.id });
    expect(pin.status).toBe(201);
    const page = await t.emulator.app.handle(new Request(`http://localhost/boards/${made.body.id}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Kept");
  });
});

describe("GET and POST /v5/boards/{board_id}/sections", () => {
  test("a demo board lists its fixed sections; another account's board is 404 code 40", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("GET", `/v5/boards/${STUDIO_BOARD}/sections`, { token: access_token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { name: string }) => s.name)).toEqual([
      "Pasta",
      "Soups",
      "Sheet-pan suppers",
    ]);
    expect(res.body.bookmark).toBeNull();
    const cook = await t.connect(HOME_COOK);
    const other = await t.call("GET", `/v5/boards/${STUDIO_BOARD}/sections`, { token: cook.access_token });
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ code: 40, message: "Board not found." });
  });

  test("creates sections (201 BoardSection), pages them by bookmark, and a pin can go in one", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.call("POST", `/v5/boards/${STUDIO_BOARD}/sections`, {
        token: access_token,
        json: { name: `Made ${i}` },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^\d+$/), name: `Made ${i}` });
      made.push(res.body.id);
    }
    const first = await t.call("GET", `/v5/boards/${STUDIO_BOARD}/sections?page_size=5`, {
      token: access_token,
    });
    expect(first.body.items).toHaveLength(5);
    const second = await t.call(
      "GET",
      `/v5/boards/${STUDIO_BOARD}/sections?page_size=5&bookmark=${encodeURIComponent(first.body.bookmark)}`,
      { token: access_token },
    );
    expect(second.body.items.map((s: { id: string }) => s.id)).toEqual(made.slice(2));
    expect(second.body.bookmark).toBeNull();

    const pin = await t.createPin(access_token, { board_section_id: made[0] });
    expect(pin.status).toBe(201);
    expect(pin.body.board_section_id).toBe(made[0]);
    const page = await (
      await t.emulator.app.handle(new Request(`http://localhost/boards/${STUDIO_BOARD}`))
    ).text();
    expect(page).toContain("Section: Made 0");
  });

  test("a section of another board is 404 code 2031 on a pin; a missing or duplicate name is the spec's 400", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const sourdough = "1072067954981000002";
    const starters = (await t.call("GET", `/v5/boards/${sourdough}/sections`, { token: access_token })).body
      .items[0].id;
    const wrong = await t.createPin(access_token, { board_section_id: starters });
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe(2031);
    const empty = await t.call("POST", `/v5/boards/${sourdough}/sections`, {
      token: access_token,
      json: { name: "" },
      requestValid: false,
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ code: 400, message: "Invalid board section parameters." });
    const twice = await t.call("POST", `/v5/boards/${sourdough}/sections`, {
      token: access_token,
      json: { name: "starters" },
    });
    expect(twice.status).toBe(400);
    const long = await t.call("POST", `/v5/boards/${sourdough}/sections`, {
      token: access_token,
      json: { name: "s".repeat(181) },
      requestValid: false,
    });
    expect(long.status).toBe(400);
  });
});
