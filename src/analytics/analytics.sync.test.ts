import { describe, expect, test } from "bun:test";
import { pinDayCounts } from "../pinterest/emulator/emulator.analytics";
import { PinterestError } from "../pinterest/pinterest.errors";
import { countAnalyticsCalls, publishAt, runAnalyticsDay, storeDays } from "../testing/analytics-setup";
import { demoAccounts, signIn } from "../testing/fixtures";
import { pinSetup } from "../testing/pin-setup";
import { syncAnalytics } from "./analytics.sync";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const rows = async (s: Setup, sql: string, ...args: Array<string | number>) =>
  // biome-ignore lint/suspicious/noExplicitAny: rows read straight from SQLite, shaped by each query
  (await s.t.query(sql, ...args)) as any[];
const syncRow = async (s: Setup) =>
  (await s.t.one("SELECT * FROM analytics_sync")) as Record<string, number | string | null>;
const pinRowCount = async (s: Setup) =>
  Number(((await rows(s, "SELECT count(*) AS n FROM pin_metrics"))[0] as { n: number }).n);

describe("the daily analytics run", () => {
  test("stores each published pin's days and the account's days once a day, exactly as Pinterest reported them", async () => {
    const s = await pinSetup();
    const ids = await publishAt(s, "2026-04-20T19:00:00Z", 3);
    const firings = await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    // 4 calls (the account, 3 pins) at ceil(4 / 60) = 1 a minute, then the run is seen to be over
    expect(firings.map((f) => f.calls)).toEqual([1, 1, 1, 1, 0]);
    expect(firings.at(-1)?.profiles).toEqual({ [s.me.user.selected_profile_id as number]: "finished" });

    const dates = (await rows(s, "SELECT DISTINCT date FROM pin_metrics ORDER BY date")).map((r) => r.date);
    expect(dates[0]).toBe("2026-04-20");
    expect(dates.at(-1)).toBe("2026-04-30"); // today is still PROCESSING at Pinterest: not stored
    expect(await pinRowCount(s)).toBe(3 * 11);
    const account = (
      await rows(s, "SELECT min(date) AS first, max(date) AS last, count(*) AS n FROM account_metrics")
    )[0];
    expect(account).toEqual({ first: "2026-02-01", last: "2026-04-30", n: 89 });

    const emulator = s.t.deps.emulator;
    const studio = demoAccounts(s.t)[0];
    if (!emulator || !studio) throw new Error("emulator mode expected");
    for (const id of ids) {
      // matched by Pinterest's id: the creates may reach Pinterest in any order (PostgreSQL runs the
      // publishes' queries on several connections)
      const { pinterest_pin_id } = (await rows(s, "SELECT pinterest_pin_id FROM pins WHERE id = ?", id))[0];
      const record = emulator.pins().find((p) => p.id === pinterest_pin_id);
      if (!record) throw new Error(`pin ${id} is not on Pinterest`);
      const stored = await rows(
        s,
        "SELECT date, impressions, saves, pin_clicks, outbound_clicks FROM pin_metrics WHERE pin_id = ? ORDER BY date",
        id,
      );
      expect(stored).toEqual(
        stored.map((r) => {
          const c = pinDayCounts(record, studio, Date.parse(`${r.date}T00:00:00Z`));
          return {
            date: r.date,
            impressions: c.IMPRESSION,
            saves: c.SAVE,
            pin_clicks: c.PIN_CLICK,
            outbound_clicks: c.OUTBOUND_CLICK,
          };
        }),
      );
    }

    const calls = countAnalyticsCalls(s);
    s.t.clock.set("2026-05-01T18:00:00Z");
    expect((await syncAnalytics(s.t.deps)).profiles).toEqual({
      [s.me.user.selected_profile_id as number]: "done",
    });
    expect(calls).toEqual({ pin: [], account: 0 });
  });

  test("is idempotent: a day fetched again overwrites itself, nothing is counted twice", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z", 2);
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    const before = await rows(s, "SELECT * FROM pin_metrics ORDER BY pin_id, date");
    const accountBefore = await rows(s, "SELECT * FROM account_metrics ORDER BY date");

    // the same day run again from scratch: the same rows, the same numbers
    await s.t.query("DELETE FROM analytics_sync");
    await runAnalyticsDay(s, "2026-05-01T09:00:00Z");
    const strip = (r: Record<string, unknown>) => ({ ...r, fetched_at: 0 });
    expect((await rows(s, "SELECT * FROM pin_metrics ORDER BY pin_id, date")).map(strip)).toEqual(
      before.map(strip),
    );
    expect((await rows(s, "SELECT * FROM account_metrics ORDER BY date")).map(strip)).toEqual(
      accountBefore.map(strip),
    );

    // numbers that changed since (Pinterest revises late) are overwritten by the next day's run
    await s.t.query("UPDATE pin_metrics SET impressions = 0, saves = 999 WHERE date = '2026-04-25'");
    await runAnalyticsDay(s, "2026-05-02T00:00:00Z");
    expect(
      await rows(s, "SELECT impressions, saves FROM pin_metrics WHERE date = '2026-04-25' ORDER BY pin_id"),
    ).toEqual(
      before
        .filter((r) => r.date === "2026-04-25")
        .map((r) => ({ impressions: r.impressions, saves: r.saves })),
    );
    expect(await pinRowCount(s)).toBe(before.length + 2); // 2026-05-01 added for each pin, nothing doubled
  });

  test("spreads a day's calls over about an hour: at most ceil(calls / 60) a minute", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-28T20:00:00Z", 130);
    const firings = await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    const calls = firings.map((f) => f.calls);
    expect(Math.max(...calls)).toBe(3); // 131 calls / 60 minutes
    expect(calls.reduce((a, b) => a + b, 0)).toBe(131);
    expect(firings.length).toBeGreaterThan(40);
    expect(firings.length).toBeLessThanOrEqual(60);
    expect(
      Number(((await rows(s, "SELECT count(DISTINCT pin_id) AS n FROM pin_metrics"))[0] as { n: number }).n),
    ).toBe(130);
  });

  test("never makes more than PINFLOW_ANALYTICS_CALLS_PER_MINUTE calls a minute", async () => {
    const s = await pinSetup({ env: { PINFLOW_ANALYTICS_CALLS_PER_MINUTE: "2" } });
    await publishAt(s, "2026-04-28T20:00:00Z", 200);
    const firings = await runAnalyticsDay(s, "2026-05-01T00:00:00Z", 200);
    expect(Math.max(...firings.map((f) => f.calls))).toBe(2);
    expect(firings.at(-1)?.profiles).toEqual({ [s.me.user.selected_profile_id as number]: "finished" });
    expect(firings.reduce((n, f) => n + f.calls, 0)).toBe(201);
    expect(firings).toHaveLength(101);
  });

  test("resumes where it stopped: the database holds how far the day's run got", async () => {
    const s = await pinSetup();
    const ids = await publishAt(s, "2026-04-20T19:00:00Z", 3);
    const calls = countAnalyticsCalls(s);
    s.t.clock.set("2026-05-01T00:00:00Z");
    await syncAnalytics(s.t.deps); // the account
    s.t.clock.advance(60_000);
    await syncAnalytics(s.t.deps); // the first pin
    expect(await syncRow(s)).toMatchObject({
      run_date: "2026-05-01",
      account_done: 1,
      cursor_pin_id: ids[0] as number,
      pins_done: 1,
    });
    // hours later (PinFlow was down): the run goes on with the next pin, not from the start
    s.t.clock.set("2026-05-01T07:30:00Z");
    await syncAnalytics(s.t.deps);
    s.t.clock.advance(60_000);
    await syncAnalytics(s.t.deps);
    s.t.clock.advance(60_000);
    expect((await syncAnalytics(s.t.deps)).profiles).toEqual({
      [s.me.user.selected_profile_id as number]: "finished",
    });
    const pinterestIds = await Promise.all(
      ids.map(async (id) => (await (await s.as(`/pins/${id}`)).json()).pinterest_pin_id),
    );
    expect(calls).toEqual({ pin: pinterestIds, account: 1 });
  });

  test("history older than Pinterest's 90 days stays, and those pins are no longer asked for", async () => {
    const s = await pinSetup();
    const [old] = await publishAt(s, "2026-01-10T19:00:00Z");
    const [recent] = await publishAt(s, "2026-04-25T19:00:00Z");
    await storeDays(s, old as number, [
      { date: "2026-01-10", impressions: 120, saves: 4 },
      { date: "2026-01-11", impressions: 300, saves: 9 },
    ]);
    const calls = countAnalyticsCalls(s);
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    const recentPinterestId = (await (await s.as(`/pins/${recent}`)).json()).pinterest_pin_id;
    expect(calls.pin).toEqual([recentPinterestId]);
    const kept = await (await s.as(`/pins/${old}/analytics?from=2026-01-01&to=2026-05-01`)).json();
    expect(kept.days).toEqual([
      { date: "2026-01-10", impressions: 120, saves: 4, pin_clicks: 0, outbound_clicks: 0 },
      { date: "2026-01-11", impressions: 300, saves: 9, pin_clicks: 0, outbound_clicks: 0 },
    ]);
  });

  test("the job runs every minute from the scheduler, on the fake clock", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z");
    s.t.clock.set("2026-04-30T23:59:30Z");
    s.t.scheduler.start();
    expect(s.t.scheduler.status().find((j) => j.name === "analytics")?.next_run_at).toBe(
      Date.parse("2026-05-01T00:00:00Z"),
    );
    for (let minute = 0; minute < 3; minute++) {
      s.t.clock.set(Date.parse("2026-05-01T00:00:00Z") + minute * 60_000);
      const { fired, done } = s.t.triggers.fireDue();
      expect(fired).toContain("analytics");
      await done;
    }
    await s.t.scheduler.stop(0);
    expect(await syncRow(s)).toMatchObject({ run_date: "2026-05-01", pins_done: 1 });
    expect((await syncRow(s)).run_finished_at).toBe(Date.parse("2026-05-01T00:02:00Z"));
  });
});

describe("rate limits and failures", () => {
  test("a 429 pauses the profile's analytics for Retry-After, publishing goes on, and the run picks up after", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z", 2);
    s.t.deps.emulator?.faults.failNextAnalytics(1, { status: 429, retryAfterSeconds: 600 });
    const calls = countAnalyticsCalls(s);
    s.t.clock.set("2026-05-01T00:00:00Z");
    const profileId = s.me.user.selected_profile_id as number;
    expect((await syncAnalytics(s.t.deps)).profiles).toEqual({ [profileId]: "paused" });
    expect((await syncRow(s)).paused_until).toBe(Date.parse("2026-05-01T00:10:00Z"));
    const summary = await (await s.as("/analytics/summary")).json();
    expect(summary.availability.paused_until).toBe("2026-05-01T00:10:00Z");
    for (let minute = 1; minute < 10; minute++) {
      s.t.clock.set(Date.parse("2026-05-01T00:00:00Z") + minute * 60_000);
      expect((await syncAnalytics(s.t.deps)).calls).toBe(0);
    }
    expect(calls.account).toBe(1);
    // publishing has its own rate limit: this one does not hold it (today's pin has no numbers before tomorrow)
    const [published] = await publishAt(s, "2026-05-01T00:05:00Z");
    expect(published).toBeGreaterThan(0);
    await runAnalyticsDay(s, "2026-05-01T00:10:00Z");
    expect(calls.account).toBe(2);
    expect(calls.pin).toHaveLength(2);
    expect((await syncRow(s)).run_finished_at).not.toBeNull();
  });

  test("a 429 without Retry-After pauses a minute", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z");
    s.t.deps.emulator?.faults.failNextAnalytics(1, { status: 429 });
    s.t.clock.set("2026-05-01T00:00:00Z");
    await syncAnalytics(s.t.deps);
    expect((await syncRow(s)).paused_until).toBe(Date.parse("2026-05-01T00:01:00Z"));
  });

  test("against Pinterest's per-minute limit each pin is still asked for once, and no firing hammers on", async () => {
    const s = await pinSetup();
    const ids = await publishAt(s, "2026-04-28T20:00:00Z", 130);
    s.t.deps.emulator?.faults.analyticsRateLimit(2);
    const calls = countAnalyticsCalls(s);
    const firings = await runAnalyticsDay(s, "2026-05-01T00:00:00Z", 300);
    expect(firings.at(-1)?.profiles).toEqual({ [s.me.user.selected_profile_id as number]: "finished" });
    expect(Math.max(...firings.map((f) => f.calls))).toBeLessThanOrEqual(3);
    expect(
      Number(((await rows(s, "SELECT count(DISTINCT pin_id) AS n FROM pin_metrics"))[0] as { n: number }).n),
    ).toBe(ids.length);
    // each 429 costs one call and a pause to the end of Pinterest's minute, never a retry in the same firing
    const limited = calls.pin.length + calls.account - 131;
    expect(limited).toBeLessThanOrEqual(firings.length);
    expect(new Set(calls.pin).size).toBe(130);
  });

  test("failures back off, and a pin that keeps failing is skipped for the day, the others fetched", async () => {
    const s = await pinSetup();
    const [first, second] = await publishAt(s, "2026-04-20T19:00:00Z", 2);
    s.t.clock.set("2026-05-01T00:00:00Z");
    await syncAnalytics(s.t.deps); // the account
    s.t.deps.emulator?.faults.failNextAnalytics(3, { status: 500 });
    const pauses: number[] = [];
    for (let i = 0; i < 3; i++) {
      s.t.clock.set(Math.max(s.t.clock.now() + 60_000, Number((await syncRow(s)).paused_until ?? 0)));
      await syncAnalytics(s.t.deps);
      pauses.push(Number((await syncRow(s)).paused_until) - s.t.clock.now());
    }
    expect(pauses).toEqual([5 * 60_000, 10 * 60_000, 5 * 60_000]);
    expect(await syncRow(s)).toMatchObject({ cursor_pin_id: first as number, failures: 0 });
    expect(String((await syncRow(s)).last_error)).toContain("500");
    await runAnalyticsDay(s, Number((await syncRow(s)).paused_until));
    expect(await rows(s, "SELECT DISTINCT pin_id FROM pin_metrics")).toEqual([{ pin_id: second as number }]);
    // the next day, the skipped pin is asked for again and its days are all filled in
    await runAnalyticsDay(s, "2026-05-02T00:00:00Z");
    expect(await rows(s, "SELECT count(*) AS n FROM pin_metrics WHERE pin_id = ?", first as number)).toEqual([
      { n: 12 },
    ]);
  });

  test("a pin Pinterest no longer has is skipped; the rest of the run goes on", async () => {
    const s = await pinSetup();
    const [gone, kept] = await publishAt(s, "2026-04-20T19:00:00Z", 2);
    const goneId = (await (await s.as(`/pins/${gone}`)).json()).pinterest_pin_id;
    const client = s.t.deps.pinterest;
    const real = client.getPinAnalytics.bind(client);
    client.getPinAnalytics = (token, id, query) =>
      id === goneId
        ? Promise.reject(new PinterestError("permanent", "Pin not found", { status: 404, code: 50 }))
        : real(token, id, query);
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    expect(await rows(s, "SELECT DISTINCT pin_id FROM pin_metrics")).toEqual([{ pin_id: kept as number }]);
    expect(await syncRow(s)).toMatchObject({ available: 1, pins_done: 1 });
  });
});

describe("where analytics are not available", () => {
  test("a sandbox account is recorded as unavailable with Pinterest's reason, asked once a week, and comes back", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z", 2);
    const studio = demoAccounts(s.t)[0]?.id as string;
    s.t.deps.emulator?.faults.sandbox(studio);
    const calls = countAnalyticsCalls(s);
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    expect(calls).toEqual({ pin: [], account: 1 });
    const summary = await (await s.as("/analytics/summary")).json();
    expect(summary.availability).toEqual({
      status: "unavailable",
      reason: "Analytics are not available for sandbox accounts.",
      last_synced_at: null,
      next_check_at: "2026-05-08T00:00:00Z",
      paused_until: null,
    });
    // days of firings later: not one more call
    for (const day of ["2026-05-02", "2026-05-05", "2026-05-07"])
      await runAnalyticsDay(s, `${day}T00:00:00Z`, 30);
    expect(calls).toEqual({ pin: [], account: 1 });
    // a week later it is asked again: still a sandbox, one call
    await runAnalyticsDay(s, "2026-05-08T00:00:00Z");
    expect(calls).toEqual({ pin: [], account: 2 });
    // and once Pinterest answers, the run goes on as usual
    s.t.deps.emulator?.faults.sandbox(studio, false);
    await runAnalyticsDay(s, "2026-05-15T00:00:00Z");
    expect(calls.pin).toHaveLength(2);
    expect((await (await s.as("/analytics/summary")).json()).availability).toMatchObject({
      status: "ok",
      reason: null,
      last_synced_at: expect.stringMatching(/^2026-05-15T00:0\dZ?/),
    });
  });

  test("an account connected without the analytics scopes is not even asked, and a reconnect asks at once", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z");
    await s.t.query("UPDATE profiles SET scopes = 'boards:read,boards:write,pins:read,pins:write'");
    const calls = countAnalyticsCalls(s);
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    expect(calls).toEqual({ pin: [], account: 0 });
    const reason = (await syncRow(s)).unavailable_reason as string;
    expect(reason).toContain("without user_accounts:read");
    expect(reason).toContain("reconnect");
    // signing in again stores the full scopes: the next firing asks Pinterest
    s.t.clock.set("2026-05-01T10:00:00Z");
    await signIn(s.t, 0);
    await runAnalyticsDay(s, "2026-05-01T10:01:00Z");
    expect(calls.account).toBe(1);
    expect(calls.pin).toHaveLength(1);
    expect(await syncRow(s)).toMatchObject({ available: 1, unavailable_reason: null });
  });

  test("a 403 on the first pin (pin analytics refused, the account's allowed) marks the profile unavailable", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z", 3);
    const client = s.t.deps.pinterest;
    const calls = countAnalyticsCalls(s);
    client.getPinAnalytics = () =>
      Promise.reject(
        new PinterestError("permanent", "refused", {
          status: 403,
          code: 29,
          pinterestMessage: "Not authorized to access board or Pin.",
        }),
      );
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    expect(await syncRow(s)).toMatchObject({
      available: 0,
      unavailable_reason: "Not authorized to access board or Pin.",
    });
    await runAnalyticsDay(s, "2026-05-02T00:00:00Z");
    expect(calls.account).toBe(1);
  });

  test("Pinterest's sandbox host gives no analytics: nothing is asked", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z");
    const calls = countAnalyticsCalls(s);
    const deps = {
      ...s.t.deps,
      config: {
        ...s.t.deps.config,
        mode: "pinterest" as const,
        pinterestApiUrl: "https://api-sandbox.pinterest.com/v5",
      },
    };
    s.t.clock.set("2026-05-01T00:00:00Z");
    await syncAnalytics(deps);
    expect(calls).toEqual({ pin: [], account: 0 });
    expect(String((await syncRow(s)).unavailable_reason)).toContain("sandbox");
  });

  test("profiles waiting for a reconnect are left alone", async () => {
    const s = await pinSetup();
    await publishAt(s, "2026-04-20T19:00:00Z");
    await s.t.query("UPDATE profiles SET needs_reconnect = 1");
    const calls = countAnalyticsCalls(s);
    s.t.clock.set("2026-05-01T00:00:00Z");
    expect((await syncAnalytics(s.t.deps)).profiles).toEqual({});
    expect(calls).toEqual({ pin: [], account: 0 });
  });
});
