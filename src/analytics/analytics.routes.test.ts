import { describe, expect, test } from "bun:test";
import { publishAt, runAnalyticsDay, storeDays } from "../testing/analytics-setup";
import { demoAccounts } from "../testing/fixtures";
import { pinSetup, secondUser } from "../testing/pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;
const json = async (s: Setup, path: string) => {
  const res = await s.as(path);
  expect(res.status).toBe(200);
  return res.json();
};

describe("GET /pins/{id}/analytics", () => {
  test("answers the pin's stored days in the period with their totals; the default is the last 30 days", async () => {
    const s = await pinSetup();
    const [id] = await publishAt(s, "2026-04-20T19:00:00Z");
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    const body = await json(s, `/pins/${id}/analytics?from=2026-04-22&to=2026-04-24`);
    expect(body.pin_id).toBe(id);
    expect(body.pinterest_pin_id).toMatch(/^\d+$/);
    expect(body.days.map((d: { date: string }) => d.date)).toEqual([
      "2026-04-22",
      "2026-04-23",
      "2026-04-24",
    ]);
    for (const name of ["impressions", "saves", "pin_clicks", "outbound_clicks"])
      expect(body.totals[name]).toBe(
        body.days.reduce((n: number, d: Record<string, number>) => n + (d[name] ?? 0), 0),
      );
    expect(body.totals.impressions).toBeGreaterThan(0);

    const all = await json(s, `/pins/${id}/analytics`);
    expect([all.from, all.to]).toEqual(["2026-04-02", "2026-05-01"]);
    expect(all.days).toHaveLength(11); // 2026-04-20 … 2026-04-30: today's numbers come tomorrow
  });

  test("a pin not published yet has no days; another user's pin is 404", async () => {
    const s = await pinSetup();
    const draft = await s.createOk({ status: "draft" });
    expect(await json(s, `/pins/${draft.id}/analytics`)).toMatchObject({
      pin_id: draft.id,
      pinterest_pin_id: null,
      days: [],
      totals: { impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 },
    });
    const { otherKey } = await secondUser(s.t, s.me);
    const res = await s.t.request(`/pins/${draft.id}/analytics`, { headers: otherKey });
    expect(res.status).toBe(404);
  });

  test.each([
    ["from=2026-02-30", ["query", "from"], "exists"],
    ["from=2026-4-1", ["query", "from"], "YYYY-MM-DD"],
    ["from=2026-04-10&to=2026-04-01", ["query", "to"], "on or after from"],
    ["from=2024-01-01&to=2026-04-01", ["query", "from"], "at most 731 days"],
  ])("?%s is a 422 on %j", async (query, loc, message) => {
    const s = await pinSetup();
    const pin = await s.createOk();
    const res = await s.as(`/pins/${pin.id}/analytics?${query}`);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.detail[0].loc).toEqual(loc);
    expect(body.detail[0].msg).toContain(message);
  });
});

describe("GET /analytics/summary", () => {
  test("before any fetch: zeros, no account totals, and availability pending", async () => {
    const s = await pinSetup();
    const body = await json(s, "/analytics/summary");
    expect(body).toMatchObject({
      profile_id: s.me.user.selected_profile_id,
      pinterest_username: demoAccounts(s.t)[0]?.username,
      from: "2026-04-02",
      to: "2026-05-01",
      availability: { status: "pending", reason: null, last_synced_at: null },
      totals: { impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 },
      account_totals: null,
      days: [],
      account_days: [],
      top_pins: { impressions: [], saves: [], pin_clicks: [], outbound_clicks: [] },
      boards: [],
    });
  });

  test("totals, days, the account's totals, top pins by each metric and boards with their names", async () => {
    const s = await pinSetup();
    const boards = s.boards;
    const onFirst = await publishAt(s, "2026-04-18T20:00:00Z", 3);
    const onSecond = await publishAt(s, "2026-04-19T06:00:00Z", 2, { board_id: boards[1]?.id });
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    const body = await json(s, "/analytics/summary?from=2026-04-01&to=2026-04-30&limit=3");
    expect(body.availability).toMatchObject({ status: "ok", reason: null, next_check_at: null });
    expect(body.availability.last_synced_at).toMatch(/^2026-05-01T00:0/);

    const sum = (list: Array<Record<string, number>>, name: string) =>
      list.reduce((n, x) => n + (x[name] ?? 0), 0);
    for (const name of ["impressions", "saves", "pin_clicks", "outbound_clicks"]) {
      expect(body.totals[name]).toBe(sum(body.days, name));
      expect(body.totals[name]).toBe(sum(body.boards, name));
      expect(body.account_totals[name]).toBe(sum(body.account_days, name));
      expect(body.account_totals[name]).toBeGreaterThan(body.totals[name]);
      const top = body.top_pins[name];
      expect(top.length).toBe(3);
      expect(top.map((p: Record<string, number>) => p[name])).toEqual(
        [...top.map((p: Record<string, number>) => p[name])].sort((a, b) => b - a),
      );
    }
    expect(body.days[0].date).toBe("2026-04-18");
    expect(body.account_days).toHaveLength(30);
    const top = body.top_pins.impressions[0];
    expect(Object.keys(top).sort()).toEqual(
      [
        "board_id",
        "impressions",
        "media_url",
        "outbound_clicks",
        "pin_clicks",
        "pin_id",
        "published_at",
        "saves",
        "title",
      ].sort(),
    );
    expect([...onFirst, ...onSecond]).toContain(top.pin_id);
    expect(body.boards.map((b: { board_id: string }) => b.board_id).sort()).toEqual(
      [boards[0]?.id, boards[1]?.id].sort(),
    );
    const first = body.boards.find((b: { board_id: string }) => b.board_id === boards[0]?.id);
    expect(first).toMatchObject({ name: boards[0]?.name, pins: 3 });
  });

  test("profile_id picks one of your profiles; someone else's is 404; limit is 1 to 50", async () => {
    const s = await pinSetup();
    const { otherKey } = await secondUser(s.t, s.me);
    const theirs = (await (await s.t.request("/profiles", { headers: otherKey })).json())[0].id;
    expect((await s.as(`/analytics/summary?profile_id=${theirs}`)).status).toBe(404);
    expect((await s.as(`/analytics/summary?profile_id=${s.me.user.selected_profile_id}`)).status).toBe(200);
    expect((await s.as("/analytics/summary?limit=0")).status).toBe(422);
    expect((await s.as("/analytics/summary?limit=51")).status).toBe(422);
  });

  test("answers from what PinFlow stored while Pinterest is down", async () => {
    const s = await pinSetup();
    const [id] = await publishAt(s, "2026-04-18T20:00:00Z");
    await storeDays(s, id as number, [{ date: "2026-04-19", impressions: 50, saves: 2 }]);
    s.t.clock.advance(120_000); // past the boards cache
    s.t.deps.emulator?.faults.errorRate(1, ["500"]);
    const body = await json(s, "/analytics/summary?from=2026-04-01&to=2026-04-30");
    expect(body.totals).toEqual({ impressions: 50, saves: 2, pin_clicks: 0, outbound_clicks: 0 });
    expect(body.boards).toEqual([
      {
        board_id: s.board,
        name: null,
        pins: 1,
        impressions: 50,
        saves: 2,
        pin_clicks: 0,
        outbound_clicks: 0,
      },
    ]);
  });
});

describe("GET /boards/analytics", () => {
  test("has Pinterest's totals of each board's pins beside the status counts", async () => {
    const s = await pinSetup();
    const [a, b] = await publishAt(s, "2026-04-18T20:00:00Z", 2);
    await storeDays(s, a as number, [
      { date: "2026-04-19", impressions: 100, saves: 3, pin_clicks: 4, outbound_clicks: 1 },
      { date: "2025-11-02", impressions: 40, saves: 1 },
    ]);
    await storeDays(s, b as number, [{ date: "2026-04-20", impressions: 10, pin_clicks: 2 }]);
    const body = await json(s, "/boards/analytics");
    expect(body.boards[0]).toEqual({
      board_id: s.board,
      name: s.boards[0]?.name,
      total_pins: 2,
      published_pins: 2,
      scheduled_pins: 0,
      draft_pins: 0,
      failed_pins: 0,
      pinterest: { impressions: 150, saves: 4, pin_clicks: 6, outbound_clicks: 1 },
    });
    expect(body.boards[1].pinterest).toEqual({ impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 });
  });
});
