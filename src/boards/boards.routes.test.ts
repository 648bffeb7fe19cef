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
    t.raw
      .query(
        "UPDATE profiles SET needs_reconnect = 1, reconnect_reason = 'Pinterest refused to refresh its access' WHERE id = ?",
      )
      .run(me.user.selected_profile_id);
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
    forceStatus(t, a.id, "published");
    forceStatus(t, failed.id, "failed");
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
