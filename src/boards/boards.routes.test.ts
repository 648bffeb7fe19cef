import { describe, expect, test } from "bun:test";
import { demoAccounts, signIn } from "../testing/fixtures";
import { forceStatus, pinSetup } from "../testing/pin-setup";
import { createTestApp } from "../testing/test-app";

const bigAccountIndex = (t: ReturnType<typeof createTestApp>) =>
  demoAccounts(t).findIndex((a) => a.boards.length > 30);

describe("GET /boards", () => {
  test("lists every board of the selected profile, past Pinterest's first page, in the seed's shape", async () => {
    const t = createTestApp();
    const index = bigAccountIndex(t);
    const me = await signIn(t, index);
    const account = demoAccounts(t)[index];
    const res = await t.request("/boards", { headers: me.browser });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.pinterest_user_id).toBe(account?.id);
    expect(body.pinterest_username).toBe(account?.username);
    expect(body.items).toHaveLength(account?.boards.length as number);
    expect(body.items.length).toBeGreaterThan(25);
    expect(Object.keys(body.items[0]).sort()).toEqual(["description", "id", "name"]);
  });

  test("answers from a short cache; refresh=1 asks Pinterest again", async () => {
    const { t, as } = await pinSetup();
    await as("/boards");
    t.deps.emulator?.faults.errorRate(1, ["500"]);
    expect((await as("/boards")).status).toBe(200);
    expect((await as("/boards?refresh=1")).status).toBe(502);
    t.deps.emulator?.faults.errorRate(0);
    t.clock.advance(61_000);
    expect((await as("/boards")).status).toBe(200);
  });

  test("Pinterest being down answers 502 with a detail that says so", async () => {
    const { t, as } = await pinSetup();
    t.deps.emulator?.faults.errorRate(1, ["500"]);
    const res = await as("/boards");
    expect(res.status).toBe(502);
    expect((await res.json()).detail).toContain("Pinterest is not answering");
  });

  test("a profile that needs reconnecting says so", async () => {
    const { t, as, me } = await pinSetup();
    await t.query(
      "UPDATE profiles SET needs_reconnect = 1, reconnect_reason = 'Pinterest refused to refresh its access' WHERE id = ?",
      me.user.selected_profile_id,
    );
    const res = await as("/boards");
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain("needs to be reconnected");
  });

  test("profile_id picks another connected account; someone else's profile is 404", async () => {
    const { t, me, as } = await pinSetup();
    await signIn(t, 2, { connectWith: me });
    const profiles = await (await t.request("/profiles", { headers: me.browser })).json();
    const body = await (await as(`/boards?profile_id=${profiles[0].id}`)).json();
    expect(body.pinterest_username).toBe(demoAccounts(t)[0]?.username);
    expect((await as("/boards?profile_id=9999")).status).toBe(404);
  });
});

describe("GET /boards/analytics", () => {
  test("counts pins per board from PinFlow's data and lists boards with no pins too", async () => {
    const { t, createOk, as, boards } = await pinSetup();
    const a = await createOk();
    await createOk({ scheduled_at: "2026-06-01T10:00:00Z" });
    await createOk({ status: "draft" });
    const failed = await createOk();
    await forceStatus(t, a.id, "published");
    await forceStatus(t, failed.id, "failed");
    await createOk({ board_id: boards[1]?.id });
    const res = await (await as("/boards/analytics")).json();
    expect(res.boards).toHaveLength(boards.length);
    expect(res.boards[0]).toEqual({
      board_id: boards[0]?.id,
      name: boards[0]?.name,
      total_pins: 4,
      published_pins: 1,
      scheduled_pins: 1,
      draft_pins: 1,
      failed_pins: 1,
      pinterest: { impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 },
    });
    expect(res.boards[1]).toMatchObject({ board_id: boards[1]?.id, total_pins: 1 });
    expect(res.boards.at(-1)).toMatchObject({ total_pins: 0 });
  });

  test("still reports counts when Pinterest is down", async () => {
    const { t, createOk, as, board } = await pinSetup();
    await createOk();
    t.clock.advance(61_000);
    t.deps.emulator?.faults.errorRate(1, ["500"]);
    const res = await (await as("/boards/analytics")).json();
    expect(res.boards).toEqual([
      {
        board_id: board,
        name: null,
        total_pins: 1,
        published_pins: 0,
        scheduled_pins: 0,
        draft_pins: 0,
        failed_pins: 0,
        pinterest: { impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 },
      },
    ]);
  });
});

describe("GET /boards/{board_id}/sections", () => {
  test("lists a board's sections from Pinterest, every page", async () => {
    const { as, board } = await pinSetup();
    for (let i = 0; i < 3; i++)
      expect(
        (await as(`/boards/${board}/sections`, { method: "POST", json: { name: `Extra ${i}` } })).status,
      ).toBe(201);
    const res = await as(`/boards/${board}/sections`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.board_id).toBe(board);
    expect(body.items.map((s: { name: string }) => s.name)).toEqual([
      "Pasta",
      "Soups",
      "Sheet-pan suppers",
      "Extra 0",
      "Extra 1",
      "Extra 2",
    ]);
    expect(Object.keys(body.items[0]).sort()).toEqual(["id", "name"]);
  });

  test("answers from a short cache; refresh=1 asks Pinterest again; Pinterest down is a 502", async () => {
    const { t, as, board } = await pinSetup();
    expect((await as(`/boards/${board}/sections`)).status).toBe(200);
    t.deps.emulator?.faults.errorRate(1, ["500"]);
    expect((await as(`/boards/${board}/sections`)).status).toBe(200);
    const down = await as(`/boards/${board}/sections?refresh=1`);
    expect(down.status).toBe(502);
    expect((await down.json()).detail).toContain("Pinterest is not answering");
  });

  test("a board that is not the account's is a 404; an id that is not digits a 422", async () => {
    const { as } = await pinSetup();
    const other = demoBoardOf(1);
    const res = await as(`/boards/${other}/sections`);
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toContain(`Board ${other} is not one of @`);
    expect((await as("/boards/my-board/sections")).status).toBe(422);
  });
});

/** A board of another demo account (fixed data: 107206795498<account digit><board number>). */
const demoBoardOf = (accountIndex: number) => `107206795498${accountIndex + 1}000001`;

describe("POST /boards", () => {
  test("makes a board on Pinterest, and the board list has it at once (no waiting for the cache)", async () => {
    const { t, as } = await pinSetup();
    await as("/boards"); // the list is cached now
    const res = await as("/boards", {
      method: "POST",
      json: { name: "Summer recipes", description: "Cold soups", privacy: "PUBLIC" },
    });
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: "Summer recipes",
      description: "Cold soups",
    });
    const listed = (await (await as("/boards")).json()).items.map((b: { id: string }) => b.id);
    expect(listed).toContain(made.id);
    const onPinterest = await t.deps.emulator?.app.handle(
      new Request(`http://localhost/emulator/pinterest/boards/${made.id}`),
    );
    expect(onPinterest?.status).toBe(200);
    // and a pin can go to it straight away, without review
    const pin = await (
      await as("/pins", {
        method: "POST",
        json: { board_id: made.id, media_url: "https://example.com/a.jpg" },
      })
    ).json();
    expect(pin.status).toBe("queued");
  });

  test("a name the account already has is a 409 and Pinterest is not asked", async () => {
    const { t, as } = await pinSetup();
    const res = await as("/boards", { method: "POST", json: { name: "weeknight dinners" } });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain('already has a board named "weeknight dinners"');
    expect(demoAccounts(t)[0]?.boards).toHaveLength(37);
  });

  test("a Trial-access refusal (403 code 29) says what it means and what to do", async () => {
    const { t, as } = await pinSetup();
    t.deps.pinterest.createBoard = async () => {
      const { PinterestError } = await import("../pinterest/pinterest.errors");
      throw new PinterestError("permanent", "Creating a board on Pinterest failed (Pinterest answered 403)", {
        status: 403,
        code: 29,
        pinterestMessage: "You are not permitted to access that resource.",
      });
    };
    const res = await as("/boards", { method: "POST", json: { name: "Trial" } });
    expect(res.status).toBe(502);
    const { detail } = await res.json();
    expect(detail).toContain("Trial access");
    expect(detail).toContain("PINFLOW_PINTEREST_API_URL=https://api-sandbox.pinterest.com/v5");
    expect(detail).toContain("Getting Standard access");
  });

  test("an empty name and an unknown privacy are 422s", async () => {
    const { as } = await pinSetup();
    expect((await as("/boards", { method: "POST", json: { name: "  " } })).status).toBe(422);
    expect((await as("/boards", { method: "POST", json: { name: "x", privacy: "FRIENDS" } })).status).toBe(
      422,
    );
  });
});

describe("POST /boards/{board_id}/sections", () => {
  test("makes a section on Pinterest; the section list has it at once; a pin can go in it", async () => {
    const { t, as, board } = await pinSetup();
    await as(`/boards/${board}/sections`);
    const res = await as(`/boards/${board}/sections`, { method: "POST", json: { name: "Cold soups" } });
    expect(res.status).toBe(201);
    const section = await res.json();
    expect(section).toEqual({ id: expect.stringMatching(/^\d+$/), name: "Cold soups" });
    const listed = (await (await as(`/boards/${board}/sections`)).json()).items.map(
      (s: { id: string }) => s.id,
    );
    expect(listed).toContain(section.id);
    const pin = await (
      await as("/pins", {
        method: "POST",
        json: { board_id: board, board_section_id: section.id, media_url: "https://example.com/a.jpg" },
      })
    ).json();
    expect(pin).toMatchObject({ status: "queued", board_section_id: section.id });
    await t.publisher.tick();
    await t.publisher.settled();
    expect(t.deps.emulator?.pins()[0]?.boardSectionId).toBe(section.id);
  });

  test("a section name the board has is a 409; another account's board a 404", async () => {
    const { as, board } = await pinSetup();
    expect((await as(`/boards/${board}/sections`, { method: "POST", json: { name: "pasta" } })).status).toBe(
      409,
    );
    expect(
      (await as(`/boards/${demoBoardOf(1)}/sections`, { method: "POST", json: { name: "x" } })).status,
    ).toBe(404);
  });
});
