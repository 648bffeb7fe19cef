import { describe, expect, test } from "bun:test";
import { publishAt, runAnalyticsDay, storeDays } from "../testing/analytics-setup";
import { pinSetup, secondUser } from "../testing/pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;
const DAY = 86_400_000;

/** `days` days of numbers from the pin's publish day on, each with `saves` saves and a pin click. */
async function history(s: Setup, ids: number[], publishedAt: string, saves: number, days = 14) {
  for (const id of ids)
    await storeDays(
      s,
      id,
      Array.from({ length: days }, (_, i) => ({
        date: new Date(Date.parse(publishedAt) + i * DAY).toISOString().slice(0, 10),
        impressions: saves * 30,
        saves,
        pin_clicks: 1,
      })),
    );
}

async function suggestions(s: Setup, query = "") {
  const res = await s.as(`/profiles/${s.me.user.selected_profile_id}/schedule/suggestions${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe("GET /profiles/{id}/schedule/suggestions", () => {
  test("with too little history: Pinterest's usual good times, and the message says why", async () => {
    const s = await pinSetup();
    const at = "2026-04-04T18:00:00Z";
    await history(s, await publishAt(s, at, 3), at, 5);
    s.t.clock.set("2026-05-01T12:00:00Z");
    const body = await suggestions(s);
    expect(body).toMatchObject({ basis: "default", pins_considered: 3, timezone: "UTC" });
    expect(body.message).toContain("Only 3 published pins have 14 days of Pinterest numbers");
    expect(body.message).toContain("need 10");
    expect(body.slots).toEqual(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => ({ day, time: "20:00" })),
    );
  });

  test("from a history in the user's time zone: the weekday and hour whose pins earned the most", async () => {
    const s = await pinSetup();
    await s.t.request("/auth/me", {
      method: "PUT",
      json: { timezone: "Europe/Berlin" },
      headers: s.me.browser,
    });
    // Saturdays 18:00 UTC = 20:00 in Berlin (summer time): many saves; Tuesdays 06:00 UTC = 08:00: few
    for (const at of ["2026-04-04T18:00:00Z", "2026-04-11T18:00:00Z"])
      await history(s, await publishAt(s, at, 6), at, 6);
    for (const at of ["2026-03-31T06:00:00Z", "2026-04-07T06:00:00Z"])
      await history(s, await publishAt(s, at, 6), at, 1);
    s.t.clock.set("2026-05-01T12:00:00Z");
    const body = await suggestions(s, "?count=1");
    expect(body).toMatchObject({ basis: "history", pins_considered: 24, timezone: "Europe/Berlin" });
    expect(body.slots).toEqual([{ day: "sat", time: "20:00" }]);
    expect(body.hours[20]).toEqual({ hour: 20, pins: 12, per_pin: 98 }); // 14 days × (6 saves + 1 click)
    expect(body.hours[8]).toEqual({ hour: 8, pins: 12, per_pin: 28 });
    expect(body.weekdays.find((w: { day: string }) => w.day === "tue")).toEqual({
      day: "tue",
      pins: 12,
      per_pin: 28,
    });
    expect(body.message).toContain("From 24 of your pins");
    expect(body.message).toContain("Saturdays earned 98");
    expect(body.message).toContain("20:00–20:59 earned 98");
    // seven slots: Saturday is worth two, Tuesday none (days never tried count as average and beat it)
    const week = await suggestions(s, "?count=7");
    expect(week.slots).toEqual([
      { day: "mon", time: "20:00" },
      { day: "wed", time: "20:00" },
      { day: "thu", time: "20:00" },
      { day: "fri", time: "20:00" },
      { day: "sat", time: "20:00" },
      { day: "sat", time: "22:00" },
      { day: "sun", time: "20:00" },
    ]);
  });

  test("as many slots as the schedule has, unless count says otherwise", async () => {
    const s = await pinSetup();
    const id = s.me.user.selected_profile_id;
    const slots = [
      { day: "mon", time: "09:00" },
      { day: "wed", time: "09:00" },
      { day: "fri", time: "09:00" },
    ];
    expect((await s.as(`/profiles/${id}/schedule`, { method: "PUT", json: { slots } })).status).toBe(200);
    expect((await suggestions(s)).slots).toHaveLength(3);
    expect((await suggestions(s, "?count=12")).slots).toHaveLength(12);
  });

  test("pins whose first 14 days are not over, or that have too few days of numbers, do not count", async () => {
    const s = await pinSetup();
    const recent = "2026-04-25T18:00:00Z";
    await history(s, await publishAt(s, recent, 12), recent, 6, 6);
    const sparse = "2026-04-04T18:00:00Z";
    await history(s, await publishAt(s, sparse, 12), sparse, 6, 5);
    s.t.clock.set("2026-05-01T12:00:00Z");
    expect(await suggestions(s)).toMatchObject({ basis: "default", pins_considered: 0 });
  });

  test("another user's profile is 404; count is 1 to 140", async () => {
    const s = await pinSetup();
    const { otherKey } = await secondUser(s.t, s.me);
    const path = `/profiles/${s.me.user.selected_profile_id}/schedule/suggestions`;
    expect((await s.t.request(path, { headers: otherKey })).status).toBe(404);
    expect((await s.as(`${path}?count=0`)).status).toBe(422);
    expect((await s.as(`${path}?count=141`)).status).toBe(422);
  });

  test("end to end with the emulator: fetched numbers find its good time (Saturday evening, UTC)", async () => {
    const s = await pinSetup();
    for (let week = 0; week < 6; week++) {
      await publishAt(s, Date.parse("2026-03-07T20:30:00Z") + week * 7 * DAY, 2);
      await publishAt(s, Date.parse("2026-03-03T05:00:00Z") + week * 7 * DAY, 2);
    }
    await runAnalyticsDay(s, "2026-05-01T00:00:00Z");
    const body = await suggestions(s, "?count=1");
    expect(body).toMatchObject({ basis: "history", pins_considered: 24 });
    expect(body.slots).toEqual([{ day: "sat", time: "20:00" }]);
  });
});
