import { afterEach, describe, expect, test } from "bun:test";
import { HOME_COOK, PINFLOW_SCOPES, STUDIO, setupEmulator } from "../../testing/emulator-kit";

let t: ReturnType<typeof setupEmulator>;
afterEach(() => t?.close());

const DAY = 86_400_000;
const PIN_METRICS = "IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK";

/** A pin made at `at` (the emulator's clock is set there for the create), then the clock back to `now`. */
async function pinAt(token: string, at: string, now: string, json: Record<string, unknown> = {}) {
  t.clock.set(at);
  const res = await t.createPin(token, { link: "https://shop.example.com/p", ...json });
  expect(res.status).toBe(201);
  t.clock.set(now);
  return res.body.id as string;
}

const pinAnalytics = (token: string, id: string, query: string) =>
  t.call("GET", `/v5/pins/${id}/analytics?${query}`, { token });

describe("GET /v5/pins/{pin_id}/analytics", () => {
  test("answers one record per day: before the pin existed, READY days with the metrics asked for, today still PROCESSING", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const id = await pinAt(access_token, "2026-05-03T18:00:00Z", "2026-05-10T09:00:00Z");
    const res = await pinAnalytics(
      access_token,
      id,
      `start_date=2026-05-01&end_date=2026-05-12&metric_types=${PIN_METRICS}`,
    );
    expect(res.status).toBe(200);
    const all = res.body.all;
    expect(Object.keys(res.body)).toEqual(["all"]);
    expect(all.daily_metrics.map((d: { date: string }) => d.date)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-05-${String(i + 1).padStart(2, "0")}`),
    );
    expect(all.daily_metrics.map((d: { data_status: string }) => d.data_status)).toEqual([
      "BEFORE_PIN_CREATED",
      "BEFORE_PIN_CREATED",
      ...Array(7).fill("READY"),
      "PROCESSING",
    ]);
    const ready = all.daily_metrics.filter((d: { data_status: string }) => d.data_status === "READY");
    for (const day of ready) expect(Object.keys(day.metrics).sort()).toEqual(PIN_METRICS.split(",").sort());
    expect(all.daily_metrics[0].metrics).toBeUndefined();
    const total = (m: string) =>
      ready.reduce((n: number, d: { metrics: Record<string, number> }) => n + (d.metrics[m] ?? 0), 0);
    expect(all.summary_metrics).toEqual({
      IMPRESSION: total("IMPRESSION"),
      SAVE: total("SAVE"),
      PIN_CLICK: total("PIN_CLICK"),
      OUTBOUND_CLICK: total("OUTBOUND_CLICK"),
    });
    expect(total("IMPRESSION")).toBeGreaterThan(100);
    expect(total("SAVE")).toBeLessThan(total("IMPRESSION"));
  });

  test("the numbers are the same for the same question, by any emulator holding the same pins", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const id = await pinAt(access_token, "2026-04-01T20:00:00Z", "2026-05-01T12:00:00Z");
    const query = `start_date=2026-04-01&end_date=2026-04-30&metric_types=${PIN_METRICS},SAVE_RATE`;
    const first = await pinAnalytics(access_token, id, query);
    const again = await pinAnalytics(access_token, id, query);
    expect(again.body).toEqual(first.body);
    const other = t;
    t = setupEmulator();
    const second = await t.connect();
    const sameId = await pinAt(second.access_token, "2026-04-01T20:00:00Z", "2026-05-01T12:00:00Z");
    expect(sameId).toBe(id);
    expect((await pinAnalytics(second.access_token, id, query)).body).toEqual(first.body);
    other.close();
  });

  test("pins made on a Saturday evening earn more than those made on a Tuesday morning, and pins fade with age", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const now = "2026-05-01T12:00:00Z";
    const good: string[] = [];
    const poor: string[] = [];
    // Saturdays 2026-03-07…2026-04-11 at 20:30 UTC, Tuesdays 2026-03-03…2026-04-07 at 05:00 UTC
    for (let week = 0; week < 6; week++) {
      good.push(
        await pinAt(
          access_token,
          new Date(Date.parse("2026-03-07T20:30:00Z") + week * 7 * DAY).toISOString(),
          now,
        ),
      );
      poor.push(
        await pinAt(
          access_token,
          new Date(Date.parse("2026-03-03T05:00:00Z") + week * 7 * DAY).toISOString(),
          now,
        ),
      );
    }
    const firstDays = async (id: string, created: string) => {
      const start = created.slice(0, 10);
      const end = new Date(Date.parse(start) + 13 * DAY).toISOString().slice(0, 10);
      const res = await pinAnalytics(
        access_token,
        id,
        `start_date=${start}&end_date=${end}&metric_types=${PIN_METRICS}`,
      );
      return res.body.all;
    };
    let goodSaves = 0;
    let poorSaves = 0;
    for (let week = 0; week < 6; week++) {
      const g = await firstDays(
        good[week] as string,
        new Date(Date.parse("2026-03-07T20:30:00Z") + week * 7 * DAY).toISOString(),
      );
      const p = await firstDays(
        poor[week] as string,
        new Date(Date.parse("2026-03-03T05:00:00Z") + week * 7 * DAY).toISOString(),
      );
      goodSaves += g.summary_metrics.SAVE + g.summary_metrics.PIN_CLICK;
      poorSaves += p.summary_metrics.SAVE + p.summary_metrics.PIN_CLICK;
      const days = g.daily_metrics.map((d: { metrics: { IMPRESSION: number } }) => d.metrics.IMPRESSION);
      expect(days[1]).toBeGreaterThan(days[13]);
    }
    expect(goodSaves).toBeGreaterThan(poorSaves * 1.8);
  });

  test("a pin without a link gets no outbound clicks; lifetime reactions come when asked for", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const id = await pinAt(access_token, "2026-04-10T20:00:00Z", "2026-05-01T12:00:00Z", { link: null });
    const res = await pinAnalytics(
      access_token,
      id,
      "start_date=2026-04-10&end_date=2026-04-30&metric_types=IMPRESSION,OUTBOUND_CLICK,TOTAL_REACTIONS",
    );
    expect(res.body.all.summary_metrics.IMPRESSION).toBeGreaterThan(0);
    expect(res.body.all.summary_metrics.OUTBOUND_CLICK).toBe(0);
    expect(res.body.all.lifetime_metrics).toEqual({ TOTAL_REACTIONS: expect.any(Number) });
  });

  test("split_field=APP_TYPE answers per app, and the apps add up to the whole", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const id = await pinAt(access_token, "2026-04-20T20:00:00Z", "2026-05-01T12:00:00Z");
    const range = "start_date=2026-04-20&end_date=2026-04-30&metric_types=IMPRESSION,SAVE";
    const whole = (await pinAnalytics(access_token, id, range)).body.all.summary_metrics;
    const split = (await pinAnalytics(access_token, id, `${range}&split_field=APP_TYPE`)).body;
    expect(Object.keys(split).sort()).toEqual(["MOBILE", "TABLET", "WEB"]);
    const add = (m: string) =>
      ["MOBILE", "TABLET", "WEB"].reduce((n, app) => n + split[app].summary_metrics[m], 0);
    expect(add("IMPRESSION")).toBe(whole.IMPRESSION);
    expect(add("SAVE")).toBe(whole.SAVE);
    const web = (await pinAnalytics(access_token, id, `${range}&app_types=WEB`)).body.all.summary_metrics;
    expect(web).toEqual(split.WEB.summary_metrics);
  });

  test.each([
    ["end_date=2026-04-30&metric_types=IMPRESSION", "'start_date' is a required parameter"],
    ["start_date=2026-04-01&end_date=2026-04-30", "'metric_types' is a required parameter"],
    ["start_date=2026-02-30&end_date=2026-04-30&metric_types=IMPRESSION", "'2026-02-30' is not a 'date'"],
    [
      "start_date=2026-01-30&end_date=2026-04-01&metric_types=IMPRESSION",
      "more than 90 days back from today",
    ],
    [
      "start_date=2026-04-10&end_date=2026-04-01&metric_types=IMPRESSION",
      "end_date must not be before start_date",
    ],
    [
      "start_date=2026-04-10&end_date=2026-07-10&metric_types=IMPRESSION",
      "more than 90 days past start_date",
    ],
    ["start_date=2026-04-10&end_date=2026-04-20&metric_types=IMPRESSIONS", "'IMPRESSIONS' is not one of"],
    ["start_date=2026-04-10&end_date=2026-04-20&metric_types=SAVE&app_types=PHONE", "'PHONE' is not one of"],
  ])("?%s is Pinterest's 400 saying why", async (query, message) => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const id = await pinAt(access_token, "2026-04-01T10:00:00Z", "2026-05-01T12:00:00Z");
    const res = await pinAnalytics(access_token, id, query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 1, message: expect.stringContaining(message) });
  });

  test("another account's pin and a deleted pin are not found", async () => {
    t = setupEmulator();
    const studio = await t.connect(STUDIO);
    const cook = await t.connect(HOME_COOK);
    const id = await pinAt(studio.access_token, "2026-04-01T10:00:00Z", "2026-05-01T12:00:00Z");
    const query = "start_date=2026-04-01&end_date=2026-04-30&metric_types=IMPRESSION";
    expect((await pinAnalytics(cook.access_token, id, query)).body).toEqual({
      code: 50,
      message: "Pin not found.",
    });
    await t.call("DELETE", `/v5/pins/${id}`, { token: studio.access_token });
    expect((await pinAnalytics(studio.access_token, id, query)).status).toBe(404);
  });
});

describe("GET /v5/user_account/analytics", () => {
  test("totals the account's pins plus its other activity, every metric by default, rates as shares", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const id = await pinAt(access_token, "2026-04-20T20:00:00Z", "2026-05-01T12:00:00Z");
    const range = "start_date=2026-04-20&end_date=2026-05-01";
    const res = await t.call("GET", `/v5/user_account/analytics?${range}`, { token: access_token });
    expect(res.status).toBe(200);
    const all = res.body.all;
    expect(all.daily_metrics).toHaveLength(12);
    expect(all.daily_metrics.at(-1)).toEqual({ date: "2026-05-01", data_status: "PROCESSING" });
    expect(Object.keys(all.summary_metrics).sort()).toEqual([
      "ENGAGEMENT",
      "ENGAGEMENT_RATE",
      "IMPRESSION",
      "OUTBOUND_CLICK",
      "OUTBOUND_CLICK_RATE",
      "PIN_CLICK",
      "PIN_CLICK_RATE",
      "SAVE",
      "SAVE_RATE",
    ]);
    const s = all.summary_metrics;
    expect(s.ENGAGEMENT).toBe(s.SAVE + s.PIN_CLICK + s.OUTBOUND_CLICK);
    expect(s.SAVE_RATE).toBeCloseTo(s.SAVE / s.IMPRESSION, 3);
    const pin = await pinAnalytics(access_token, id, `${range}&metric_types=IMPRESSION`);
    expect(s.IMPRESSION).toBeGreaterThan(pin.body.all.summary_metrics.IMPRESSION);
  });

  test("filters that exclude organic image pins answer zeros; splits other than APP_TYPE are refused", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const range = "start_date=2026-04-20&end_date=2026-04-30&metric_types=IMPRESSION";
    const paid = await t.call("GET", `/v5/user_account/analytics?${range}&content_type=PAID`, {
      token: access_token,
    });
    expect(paid.body.all.summary_metrics).toEqual({ IMPRESSION: 0 });
    const split = await t.call("GET", `/v5/user_account/analytics?${range}&split_field=SOURCE`, {
      token: access_token,
    });
    expect(split.status).toBe(400);
    const wrong = await t.call("GET", `/v5/user_account/analytics?${range}&source=MINE`, {
      token: access_token,
    });
    expect(wrong.body.message).toContain("'MINE' is not one of");
  });
});

describe("analytics that are not available", () => {
  test("a token without pins:read gets 403 for pin analytics, without user_accounts:read for account analytics", async () => {
    t = setupEmulator();
    const full = await t.connect();
    const id = await pinAt(full.access_token, "2026-04-01T10:00:00Z", "2026-05-01T12:00:00Z");
    const narrow = await t.connect(STUDIO, "boards:read,user_accounts:read");
    const query = "start_date=2026-04-01&end_date=2026-04-30&metric_types=IMPRESSION";
    const pin = await pinAnalytics(narrow.access_token, id, query);
    expect(pin.status).toBe(403);
    expect(pin.body.code).toBe(29);
    const noAccount = await t.connect(STUDIO, "boards:read,pins:read");
    const account = await t.call(
      "GET",
      "/v5/user_account/analytics?start_date=2026-04-01&end_date=2026-04-30",
      {
        token: noAccount.access_token,
      },
    );
    expect(account.status).toBe(403);
  });

  test("a sandbox account gets 403 for both, other accounts keep theirs", async () => {
    t = setupEmulator();
    const studio = await t.connect(STUDIO, PINFLOW_SCOPES);
    const cook = await t.connect(HOME_COOK, PINFLOW_SCOPES);
    const id = await pinAt(studio.access_token, "2026-04-01T10:00:00Z", "2026-05-01T12:00:00Z");
    t.emulator.faults.sandbox(STUDIO);
    const range = "start_date=2026-04-01&end_date=2026-04-30";
    const pin = await pinAnalytics(studio.access_token, id, `${range}&metric_types=IMPRESSION`);
    expect(pin.status).toBe(403);
    expect(pin.body.message).toContain("sandbox");
    const account = await t.call("GET", `/v5/user_account/analytics?${range}`, {
      token: studio.access_token,
    });
    expect(account.status).toBe(403);
    expect(
      (await t.call("GET", `/v5/user_account/analytics?${range}`, { token: cook.access_token })).status,
    ).toBe(200);
    t.emulator.faults.sandbox(STUDIO, false);
    expect((await pinAnalytics(studio.access_token, id, `${range}&metric_types=IMPRESSION`)).status).toBe(
      200,
    );
  });
});

describe("analytics faults", () => {
  test("failNextAnalytics answers 429 with Retry-After the given number of times, then normal", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.failNextAnalytics(2, { retryAfterSeconds: 120 });
    const url = "/v5/user_account/analytics?start_date=2026-04-01&end_date=2026-04-30";
    for (let i = 0; i < 2; i++) {
      const res = await t.call("GET", url, { token: access_token });
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("120");
    }
    expect((await t.call("GET", url, { token: access_token })).status).toBe(200);
    expect(t.emulator.faults.get().failAnalytics).toBeNull();
  });

  test("a per-minute limit answers 429 until the minute is over, by the emulator's clock", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.clock.set("2026-05-01T12:00:20Z");
    const res = await t.call("POST", "/_emulator/faults", { json: { analyticsPerMinute: 2 } });
    expect(res.body.faults.analyticsPerMinute).toBe(2);
    const url = "/v5/user_account/analytics?start_date=2026-04-01&end_date=2026-04-30";
    expect((await t.call("GET", url, { token: access_token })).status).toBe(200);
    expect((await t.call("GET", url, { token: access_token })).status).toBe(200);
    const limited = await t.call("GET", url, { token: access_token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("40");
    expect((await t.call("GET", "/v5/boards", { token: access_token })).status).toBe(200);
    t.clock.set("2026-05-01T12:01:00Z");
    expect((await t.call("GET", url, { token: access_token })).status).toBe(200);
  });
});
