import { afterEach, describe, expect, test } from "bun:test";
import {
  HOME_COOK,
  HOME_COOK_BOARD,
  PNG_3X2,
  STUDIO,
  STUDIO_BOARD,
  setupEmulator,
} from "../../testing/emulator-kit";

let t: ReturnType<typeof setupEmulator>;
afterEach(() => t?.close());

describe("GET /v5/user_account", () => {
  test("answers the connected account with Pinterest's Account fields", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("GET", "/v5/user_account", { token: access_token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      account_type: "BUSINESS",
      id: STUDIO,
      profile_image: `http://localhost/avatars/${STUDIO}.svg`,
      website_url: "https://studio.example.com",
      username: "pinflow_studio",
      about: expect.any(String),
      business_name: "PinFlow Demo Studio",
      board_count: 37,
      pin_count: 0,
      follower_count: 1280,
      following_count: 96,
      monthly_views: 48200,
    });
  });

  test("pin_count follows the pins created and deleted", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const a = await t.createPin(access_token);
    await t.createPin(access_token);
    await t.call("DELETE", `/v5/pins/${a.body.id}`, { token: access_token });
    expect((await t.call("GET", "/v5/user_account", { token: access_token })).body.pin_count).toBe(1);
  });
});

describe("GET /v5/boards", () => {
  test("pages through the 37 boards with an opaque bookmark; the last page has bookmark null", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const first = await t.call("GET", "/v5/boards", { token: access_token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(25);
    expect(typeof first.body.bookmark).toBe("string");
    expect(first.body.bookmark).not.toMatch(/25/);
    const second = await t.call("GET", `/v5/boards?bookmark=${encodeURIComponent(first.body.bookmark)}`, {
      token: access_token,
    });
    expect(second.body.items).toHaveLength(12);
    expect(second.body.bookmark).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((b: { id: string }) => b.id);
    expect(new Set(ids).size).toBe(37);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    expect(first.body.items[0]).toMatchObject({
      id: STUDIO_BOARD,
      name: "Weeknight dinners",
      description: "Ideas and inspiration: weeknight dinners.",
      owner: { username: "pinflow_studio" },
      privacy: "PUBLIC",
      pin_count: 0,
    });
  });

  test("page_size 250 returns every board at once", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("GET", "/v5/boards?page_size=250", { token: access_token });
    expect(res.body.items).toHaveLength(37);
    expect(res.body.bookmark).toBeNull();
  });

  test.each([
    ["0", "0 is less than the minimum of 1 - 'page_size'"],
    ["251", "251 is greater than the maximum of 250 - 'page_size'"],
    ["ten", "'ten' is not of type 'integer' - 'page_size'"],
  ])("page_size=%s is a 400 code 1", async (size, message) => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("GET", `/v5/boards?page_size=${size}`, { token: access_token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 1, message });
  });

  test("a bookmark that is not one of this account's is a 400", async () => {
    t = setupEmulator();
    const studio = await t.connect(STUDIO);
    const cook = await t.connect(HOME_COOK);
    const page = await t.call("GET", "/v5/boards", { token: studio.access_token });
    const res = await t.call("GET", `/v5/boards?bookmark=${page.body.bookmark}`, {
      token: cook.access_token,
    });
    expect(res.status).toBe(400);
    expect((await t.call("GET", "/v5/boards?bookmark=garbage", { token: cook.access_token })).status).toBe(
      400,
    );
  });

  test("each account sees only its own boards", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(HOME_COOK);
    const res = await t.call("GET", "/v5/boards", { token: access_token });
    expect(res.body.items.map((b: { name: string }) => b.name)).toEqual([
      "Recipes to try",
      "Family favourites",
      "Kitchen tools",
    ]);
    expect(res.body.bookmark).toBeNull();
  });
});

describe("POST /v5/pins", () => {
  test("an image_url pin is created: 201 with a full Pin", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.createPin(access_token, {
      title: "Sourdough starter",
      description: "Day 3",
      link: "https://blog.example.com/sourdough",
      alt_text: "A jar of starter",
    });
    expect(res.status).toBe(201);
    const url = "https://images.example.com/a.jpg";
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d{18}$/),
      created_at: "2026-05-01T12:00:00",
      link: "https://blog.example.com/sourdough",
      title: "Sourdough starter",
      description: "Day 3",
      dominant_color: expect.stringMatching(/^#[0-9A-F]{6}$/),
      alt_text: "A jar of starter",
      creative_type: "REGULAR",
      board_id: STUDIO_BOARD,
      board_section_id: null,
      board_owner: { username: "pinflow_studio" },
      is_owner: true,
      is_standard: true,
      has_been_promoted: false,
      parent_pin_id: null,
      media: {
        media_type: "image",
        images: {
          "150x150": { width: 150, height: 150, url },
          "400x300": { width: 400, height: 300, url },
          "600x": { width: 600, height: 900, url },
          "1200x": { width: 1200, height: 1800, url },
          originals: { width: 1000, height: 1500, url },
        },
      },
      pin_metrics: null,
    });
    const [stored] = t.emulator.pins();
    expect(stored).toMatchObject({ id: res.body.id, accountId: STUDIO, media: { type: "image_url", url } });
  });

  test("an image_base64 pin keeps its bytes and serves them at /media/{id} with the right type", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.createPin(access_token, {
      media_source: { source_type: "image_base64", content_type: "image/png", data: PNG_3X2 },
    });
    expect(res.status).toBe(201);
    const url = `http://localhost/media/${res.body.id}`;
    expect(res.body.media.images["1200x"]).toEqual({ width: 1200, height: 800, url });
    expect(res.body.media.images.originals).toEqual({ width: 3, height: 2, url });
    const [stored] = t.emulator.pins();
    expect(Buffer.from(stored?.bytes ?? []).toString("base64")).toBe(PNG_3X2);
    const image = await t.emulator.app.handle(new Request(url));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await image.arrayBuffer()).toString("base64")).toBe(PNG_3X2);
  });

  test("identical creates make two pins (Pinterest has no idempotency key)", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const a = await t.createPin(access_token);
    const b = await t.createPin(access_token);
    expect(a.body.id).not.toBe(b.body.id);
    expect(t.emulator.pins({ boardId: STUDIO_BOARD })).toHaveLength(2);
  });

  // [field overrides, spec says the body is valid?, expected message]
  test.each([
    [{ title: "t".repeat(101) }, false, "is too long - 'title'"],
    [{ description: "d".repeat(801) }, false, "is too long - 'description'"],
    [{ link: `https://x.example.com/${"l".repeat(2030)}` }, false, "is too long - 'link'"],
    [{ alt_text: "a".repeat(501) }, false, "is too long - 'alt_text'"],
    [{ title: 42 }, false, "42 is not of type 'string' - 'title'"],
    [{ board_id: "my-board" }, false, "'my-board' does not match '^\\d+$' - 'board_id'"],
    [{ board_id: undefined }, true, "'board_id' is a required property"],
    [{ media_source: undefined }, true, "'media_source' is a required property"],
    [{ link: "not a url" }, true, "Whoops! It looks like you entered an invalid URL."],
    [
      { media_source: { source_type: "image_url", url: "ftp://x.example.com/a.jpg" } },
      true,
      "is not a valid http(s) URL",
    ],
    [{ media_source: { source_type: "image_url" } }, false, "'url' is a required property"],
    [{ media_source: { source_type: "gif_url", url: "https://x" } }, false, "is not one of ['image_base64'"],
    [
      { media_source: { source_type: "image_base64", content_type: "image/gif", data: PNG_3X2 } },
      false,
      "'image/gif' is not one of ['image/jpeg', 'image/png']",
    ],
    [
      {
        media_source: {
          source_type: "image_base64",
          content_type: "image/png",
          data: `data:image/png;base64,${PNG_3X2}`,
        },
      },
      false,
      "does not match '^[a-zA-Z0-9+/=]+$'",
    ],
    [
      { media_source: { source_type: "image_base64", content_type: "image/png", data: "abc=def" } },
      true,
      "could not be decoded",
    ],
    [
      { media_source: { source_type: "video_id", media_id: "123", cover_image_key_frame_time: -1 } },
      false,
      "-1 is less than the minimum of 0 - 'media_source.cover_image_key_frame_time'",
    ],
    [
      { media_source: { source_type: "video_id", media_id: "123", cover_image_data: PNG_3X2 } },
      true,
      "'cover_image_content_type' is a required property with 'cover_image_data'",
    ],
    [
      {
        media_source: {
          source_type: "video_id",
          media_id: "123",
          cover_image_data: PNG_3X2,
          cover_image_content_type: "image/gif",
        },
      },
      false,
      "is not one of ['image/jpeg', 'image/png'] - 'media_source.cover_image_content_type'",
    ],
    [{ media_source: { source_type: "video_id" } }, false, "'media_id' is a required property"],
    [
      { media_source: { source_type: "pin_url", url: "https://www.pinterest.com/pin/1/" } },
      true,
      "not supported by the Pinterest emulator",
    ],
  ])("%j is refused with 400 code 1", async (overrides, specValid, message) => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const json: Record<string, unknown> = {
      board_id: STUDIO_BOARD,
      media_source: { source_type: "image_url", url: "https://images.example.com/a.jpg" },
      ...overrides,
    };
    for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
    const res = await t.call("POST", "/v5/pins", { token: access_token, json, requestValid: specValid });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1);
    expect(res.body.message).toContain(message);
    expect(t.emulator.pins()).toHaveLength(0);
  });

  test("a body that is not JSON is a 400 code 1", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("POST", "/v5/pins", {
      token: access_token,
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1);
  });

  test("a board of another account is 404 code 40, a board section 404 code 2031", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const other = await t.createPin(access_token, { board_id: HOME_COOK_BOARD });
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ code: 40, message: "Board not found." });
    const section = await t.createPin(access_token, { board_section_id: "5258814934636085108" });
    expect(section.status).toBe(404);
    expect(section.body.code).toBe(2031);
    expect(t.emulator.pins()).toHaveLength(0);
  });
});

describe("GET and DELETE /v5/pins/{pin_id}", () => {
  test("a created pin can be read back, then deleted (204), then is 404 code 50", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const created = await t.createPin(access_token);
    const read = await t.call("GET", `/v5/pins/${created.body.id}`, { token: access_token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const deleted = await t.call("DELETE", `/v5/pins/${created.body.id}`, { token: access_token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const gone = await t.call("GET", `/v5/pins/${created.body.id}`, { token: access_token });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 50, message: "Pin not found." });
    expect((await t.call("DELETE", `/v5/pins/${created.body.id}`, { token: access_token })).status).toBe(404);
    expect(t.emulator.pins()[0]?.deletedAt).toBe(t.clock.now());
  });

  test("pin_metrics=true adds zeroed metrics", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const created = await t.createPin(access_token);
    const read = await t.call("GET", `/v5/pins/${created.body.id}?pin_metrics=true`, { token: access_token });
    expect(read.body.pin_metrics["90d"]).toEqual({ pin_click: 0, impression: 0, clickthrough: 0 });
  });

  test("another account's pin is not found", async () => {
    t = setupEmulator();
    const studio = await t.connect(STUDIO);
    const cook = await t.connect(HOME_COOK);
    const created = await t.createPin(studio.access_token);
    expect((await t.call("GET", `/v5/pins/${created.body.id}`, { token: cook.access_token })).status).toBe(
      404,
    );
    expect((await t.call("DELETE", `/v5/pins/${created.body.id}`, { token: cook.access_token })).status).toBe(
      404,
    );
  });
});

describe("GET /v5/boards/{board_id}/pins", () => {
  test("lists the board's pins newest first, paged by bookmark", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await t.createPin(access_token, { title: `pin ${i}` })).body.id);
      t.clock.advance(60_000);
    }
    await t.createPin(access_token, { board_id: "1072067954981000002" });
    const first = await t.call("GET", `/v5/boards/${STUDIO_BOARD}/pins?page_size=3`, { token: access_token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3], ids[2]]);
    // a pin created between two pages does not shift the next page
    await t.createPin(access_token, { title: "late" });
    const second = await t.call(
      "GET",
      `/v5/boards/${STUDIO_BOARD}/pins?page_size=3&bookmark=${first.body.bookmark}`,
      {
        token: access_token,
      },
    );
    expect(second.body.items.map((p: { id: string }) => p.id)).toEqual([ids[1], ids[0]]);
    expect(second.body.bookmark).toBeNull();
  });

  test("another account's board is 404 code 40; a malformed id is 400", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("GET", `/v5/boards/${HOME_COOK_BOARD}/pins`, { token: access_token });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 40, message: "Board not found." });
    expect((await t.call("GET", "/v5/boards/abc/pins", { token: access_token })).status).toBe(400);
    expect(
      (await t.call("GET", `/v5/boards/${STUDIO_BOARD}/pins?page_size=0`, { token: access_token })).status,
    ).toBe(400);
  });

  test("deleted pins are not listed", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const pin = await t.createPin(access_token);
    await t.call("DELETE", `/v5/pins/${pin.body.id}`, { token: access_token });
    const res = await t.call("GET", `/v5/boards/${STUDIO_BOARD}/pins`, { token: access_token });
    expect(res.body).toEqual({ items: [], bookmark: null });
  });
});

test("an unknown /v5 path is a Pinterest-shaped 404", async () => {
  t = setupEmulator();
  const res = await t.emulator.app.handle(new Request("http://localhost/v5/ad_accounts"));
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ code: 404, message: "Not found." });
});
