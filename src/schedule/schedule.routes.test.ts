/**
 * Posting schedules end to end, on the fake clock: the API, queue_at on pins, and the publisher publishing
 * one queued pin per slot occurrence — through DST, downtime, spacing and spread.
 */
import { describe, expect, test } from "bun:test";
import { pinSetup, secondUser } from "../testing/pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

/** Fires the scheduler's jobs that are due by the fake clock and waits for every publish to finish. */
async function tick(s: Setup) {
  await s.t.publisher.tick();
  await s.t.publisher.settled();
}

/** Moves the clock to `iso` one tick-sized step at a time (as a running PinFlow would see it). */
async function runUntil(s: Setup, iso: string, stepMs = 60_000) {
  const end = Date.parse(iso);
  while (s.t.clock.now() < end) {
    s.t.clock.set(Math.min(end, s.t.clock.now() + stepMs));
    await tick(s);
  }
}

const profileOf = (s: Setup) => s.me.user.selected_profile_id as number;
const putSchedule = (s: Setup, json: Record<string, unknown>) =>
  s.as(`/profiles/${profileOf(s)}/schedule`, { method: "PUT", json });
const published = async (s: Setup) =>
  (
    (await s.t.query(
      "SELECT id, published_at FROM pins WHERE status = 'published' ORDER BY published_at, id",
    )) as Array<{
      id: number;
      published_at: number;
    }>
  ).map((p) => [p.id, new Date(p.published_at).toISOString().replace(".000", "")]);

const BERLIN_MORNINGS = {
  timezone: "Europe/Berlin",
  slots: [
    { day: "mon", time: "09:00" },
    { day: "wed", time: "09:00" },
    { day: "fri", time: "09:00" },
  ],
};

describe("GET/PUT /profiles/{id}/schedule", () => {
  test("a new profile has no slots; PUT stores slots in order with the spacing and sets the time zone", async () => {
    const s = await pinSetup();
    const empty = await (await s.as(`/profiles/${profileOf(s)}/schedule`)).json();
    expect(empty).toEqual({
      profile_id: profileOf(s),
      timezone: "UTC",
      slots: [],
      min_spacing_days: 0,
      warnings: [],
    });

    const res = await putSchedule(s, {
      timezone: "Europe/Berlin",
      slots: [
        { day: "fri", time: "18:30" },
        { day: "mon", time: "09:00" },
      ],
      min_spacing_days: 3,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      timezone: "Europe/Berlin",
      slots: [
        { day: "mon", time: "09:00" },
        { day: "fri", time: "18:30" },
      ],
      min_spacing_days: 3,
    });
    expect((await (await s.as("/auth/me")).json()).timezone).toBe("Europe/Berlin");
  });

  test.each([
    [{ slots: [{ day: "monday", time: "09:00" }] }, ["body", "slots", 0, "day"]],
    [{ slots: [{ day: "mon", time: "9:00" }] }, ["body", "slots", 0, "time"]],
    [{ slots: [{ day: "mon", time: "24:00" }] }, ["body", "slots", 0, "time"]],
    [{ slots: [], timezone: "Mars/Olympus" }, ["body", "timezone"]],
    [{ slots: Array.from({ length: 21 }, () => ({ day: "tue", time: "10:00" })) }, ["body", "slots"]],
    [{ slots: [], min_spacing_days: -1 }, ["body", "min_spacing_days"]],
  ])("refuses %j with 422 naming the field", async (json, loc) => {
    const s = await pinSetup();
    const res = await putSchedule(s, json);
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].loc).toEqual(loc);
  });

  test("another user's profile is 404, for reading and writing", async () => {
    const s = await pinSetup();
    const { otherKey } = await secondUser(s.t, s.me);
    const read = await s.t.request(`/profiles/${profileOf(s)}/schedule`, { headers: otherKey });
    const write = await s.t.request(`/profiles/${profileOf(s)}/schedule`, {
      method: "PUT",
      json: { slots: [] },
      headers: otherKey,
    });
    expect([read.status, write.status]).toEqual([404, 404]);
  });
});

describe("queued pins on a profile with slots", () => {
  test("wait for their slots and go out one per occurrence, in queue order", async () => {
    // 2026-05-01 is a Friday, 12:00 UTC (14:00 in Berlin): the next slot is Monday 05-04 09:00 Berlin
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const [a, b, c] = [
      await s.createOk({ title: "a" }),
      await s.createOk({ title: "b" }),
      await s.createOk({ title: "c" }),
    ];
    await s.as("/pins/reorder", { method: "PUT", json: { pin_ids: [c.id, a.id, b.id] } });
    const queue = await (await s.as("/pins?status=queued&sort=queue")).json();
    expect(queue.map((p: { id: number; queue_at: string }) => [p.id, p.queue_at])).toEqual([
      [c.id, "2026-05-04T07:00:00Z"],
      [a.id, "2026-05-06T07:00:00Z"],
      [b.id, "2026-05-08T07:00:00Z"],
    ]);

    await tick(s);
    expect(await published(s)).toEqual([]);
    await runUntil(s, "2026-05-08T08:00:00Z", 15 * 60_000);
    expect(await published(s)).toEqual([
      [c.id, "2026-05-04T07:00:00Z"],
      [a.id, "2026-05-06T07:00:00Z"],
      [b.id, "2026-05-08T07:00:00Z"],
    ]);
  });

  test("adding, deleting and publishing now move the others' queue_at", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const [a, b] = [await s.createOk({ title: "a" }), await s.createOk({ title: "b" })];
    const c = await s.createOk({ title: "c" });
    expect(c.queue_at).toBe("2026-05-08T07:00:00Z");
    expect((await s.as(`/pins/${a.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await (await s.as(`/pins/${b.id}`)).json()).queue_at).toBe("2026-05-04T07:00:00Z");
    expect((await s.as(`/pins/${b.id}/publish`, { method: "POST" })).status).toBe(200);
    expect((await (await s.as(`/pins/${c.id}`)).json()).queue_at).toBe("2026-05-04T07:00:00Z");
  });

  test("queue_at follows every change at once: the cached plan is dropped when the queue changes", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const [a, b] = [await s.createOk({ title: "a" }), await s.createOk({ title: "b" })];
    const order = async () =>
      (await (await s.as("/pins?status=queued&sort=queue")).json()).map((p: { id: number }) => p.id);
    expect(await order()).toEqual([a.id, b.id]);
    await s.as("/pins/reorder", { method: "PUT", json: { pin_ids: [b.id, a.id] } });
    expect(await order()).toEqual([b.id, a.id]);
    await s.t.query("UPDATE pins SET status = 'draft' WHERE id = ?", b.id); // another process, say
    expect(await order()).toEqual([a.id]);
    expect((await (await s.as(`/pins/${a.id}`)).json()).queue_at).toBe("2026-05-04T07:00:00Z");
  });

  test("a scheduled pin keeps its exact time and takes no slot", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const fixed = await s.createOk({ title: "at 13:37", scheduled_at: "2026-05-02T13:37:00Z" });
    const queued = await s.createOk({ title: "slot" });
    expect(fixed.queue_at).toBeNull();
    expect(queued.queue_at).toBe("2026-05-04T07:00:00Z");
    await runUntil(s, "2026-05-04T08:00:00Z", 30 * 60_000);
    expect(await published(s)).toEqual([
      [fixed.id, "2026-05-02T14:00:00Z"], // the first tick after 13:37 in 30-minute steps
      [queued.id, "2026-05-04T07:00:00Z"],
    ]);
  });

  test("without slots the queue publishes at once, as the seed says; removing slots loses no pin", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const pin = await s.createOk();
    await tick(s);
    expect(await published(s)).toEqual([]);
    expect((await (await putSchedule(s, { slots: [] })).json()).slots).toEqual([]);
    expect((await (await s.as(`/pins/${pin.id}`)).json()).queue_at).toBeNull();
    await tick(s);
    expect((await published(s)).map(([id]) => id)).toEqual([pin.id]);
  });

  test("slots missed while PinFlow was down are published on start-up, late, one pin each, never two in one", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const pins = [await s.createOk(), await s.createOk(), await s.createOk(), await s.createOk()];
    // down from Friday until Thursday 05-07 12:00: Monday's and Wednesday's slots were missed
    s.t.clock.set("2026-05-07T12:00:00Z");
    await tick(s);
    expect(await published(s)).toEqual([
      [pins[0]?.id, "2026-05-07T12:00:00Z"],
      [pins[1]?.id, "2026-05-07T12:00:00Z"],
    ]);
    await tick(s);
    expect(await published(s)).toHaveLength(2);
    await runUntil(s, "2026-05-08T07:00:00Z", 30 * 60_000);
    expect((await published(s)).map(([id]) => id)).toEqual([pins[0]?.id, pins[1]?.id, pins[2]?.id]);
  });

  test("a 02:30 slot on the spring-forward day publishes at 03:30 local", async () => {
    const s = await pinSetup({ now: "2027-03-27T12:00:00Z" });
    await putSchedule(s, { timezone: "Europe/Berlin", slots: [{ day: "sun", time: "02:30" }] });
    const spring = await s.createOk({ title: "spring" });
    expect(spring.queue_at).toBe("2027-03-28T01:30:00Z"); // 03:30 CEST
    await runUntil(s, "2027-03-28T02:00:00Z", 10 * 60_000);
    expect(await published(s)).toEqual([[spring.id, "2027-03-28T01:30:00Z"]]);
  });

  test("a 02:30 slot on the fall-back day, whose wall time happens twice, publishes one pin", async () => {
    const s = await pinSetup({ now: "2027-10-30T12:00:00Z" });
    await putSchedule(s, { timezone: "Europe/Berlin", slots: [{ day: "sun", time: "02:30" }] });
    const fall = [await s.createOk({ title: "fall 1" }), await s.createOk({ title: "fall 2" })];
    await runUntil(s, "2027-10-31T04:00:00Z", 10 * 60_000);
    expect((await published(s)).map(([id]) => id)).toEqual([fall[0]?.id]);
    expect((await (await s.as(`/pins/${fall[1]?.id}`)).json()).queue_at).toBe("2027-11-07T01:30:00Z");
  });

  test("a failed attempt keeps the pin's slot: it is retried at its backoff, not at the next slot", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const pin = await s.createOk();
    const next = await s.createOk();
    s.t.deps.emulator?.faults.failNextCreates(1, { status: 503 });
    s.t.clock.set("2026-05-04T07:00:00Z");
    await tick(s);
    const retrying = await (await s.as(`/pins/${pin.id}`)).json();
    expect(retrying).toMatchObject({ status: "queued", retry_count: 1 });
    expect(Date.parse(retrying.queue_at)).toBeGreaterThan(Date.parse("2026-05-04T07:00:00Z"));
    expect((await (await s.as(`/pins/${next.id}`)).json()).queue_at).toBe("2026-05-06T07:00:00Z");
    s.t.clock.set(Date.parse(retrying.queue_at) + 1000); // queue_at is shown to the second
    await tick(s);
    expect((await published(s)).map(([id]) => id)).toEqual([pin.id]);
  });

  test("occurrences list each slot with the pin it publishes, published ones included", async () => {
    const s = await pinSetup();
    await putSchedule(s, BERLIN_MORNINGS);
    const [a, b] = [await s.createOk(), await s.createOk()];
    await runUntil(s, "2026-05-04T08:00:00Z", 30 * 60_000);
    const res = await s.as(
      `/profiles/${profileOf(s)}/schedule/occurrences?from=2026-05-04T00:00:00Z&to=2026-05-11T00:00:00Z`,
    );
    expect(await res.json()).toEqual({
      timezone: "Europe/Berlin",
      occurrences: [
        { at: "2026-05-04T07:00:00Z", pin_id: a.id },
        { at: "2026-05-06T07:00:00Z", pin_id: b.id },
        { at: "2026-05-08T07:00:00Z", pin_id: null },
      ],
      warnings: [],
    });
    const tooLong = await s.as(
      `/profiles/${profileOf(s)}/schedule/occurrences?from=2026-05-04T00:00:00Z&to=2026-08-11T00:00:00Z`,
    );
    expect(tooLong.status).toBe(422);
  });
});

describe("the spacing guard", () => {
  const LINK = "https://blog.example.com/post";

  test("a queued pin to a link used within the spacing waits for a slot far enough away", async () => {
    const s = await pinSetup();
    await putSchedule(s, { ...BERLIN_MORNINGS, min_spacing_days: 4 });
    const first = await s.createOk({ link: LINK });
    const again = await s.createOk({
      link: `${LINK}/?utm_source=pinterest`,
      media_url: "https://example.com/b.jpg",
    });
    const other = await s.createOk({
      link: "https://blog.example.com/other",
      media_url: "https://example.com/c.jpg",
    });
    expect([first.queue_at, other.queue_at, again.queue_at]).toEqual([
      "2026-05-04T07:00:00Z",
      "2026-05-06T07:00:00Z",
      "2026-05-08T07:00:00Z",
    ]);
    await runUntil(s, "2026-05-08T08:00:00Z", 30 * 60_000);
    expect((await published(s)).map(([id]) => id)).toEqual([first.id, other.id, again.id]);
  });

  test("a scheduled pin that comes too close goes to review saying which pin and when", async () => {
    const s = await pinSetup();
    await putSchedule(s, { ...BERLIN_MORNINGS, min_spacing_days: 3 });
    const first = await s.createOk({ link: LINK, scheduled_at: "2026-05-10T10:00:00Z" });
    const close = await s.createOk({
      link: LINK,
      scheduled_at: "2026-05-12T10:00:00Z",
      media_url: "https://example.com/x.jpg",
    });
    expect(close.status).toBe("review");
    expect(close.error_message).toContain(
      `Too close to pin ${first.id} (the same link) at 2026-05-10 12:00 (Europe/Berlin)`,
    );
    const far = await s.createOk({
      link: LINK,
      scheduled_at: "2026-05-13T10:00:00Z",
      media_url: "https://example.com/y.jpg",
    });
    expect(far.status).toBe("scheduled");
  });
});

describe("POST /pins/spread", () => {
  test("creates one scheduled pin per board, interval_days apart, counted against the quota", async () => {
    const s = await pinSetup();
    const [b1, b2, b3] = s.boards.map((b) => b.id);
    const res = await s.as("/pins/spread", {
      method: "POST",
      json: {
        board_ids: [b1, b2, b3],
        interval_days: 7,
        scheduled_at: "2026-05-02T08:00:00Z",
        media_url: "https://example.com/a.jpg",
        title: "Spread",
      },
    });
    expect(res.status).toBe(201);
    const pins = await res.json();
    expect(
      pins.map((p: { board_id: string; status: string; scheduled_at: string }) => [
        p.board_id,
        p.status,
        p.scheduled_at,
      ]),
    ).toEqual([
      [b1, "scheduled", "2026-05-02T08:00:00Z"],
      [b2, "scheduled", "2026-05-09T08:00:00Z"],
      [b3, "scheduled", "2026-05-16T08:00:00Z"],
    ]);
  });

  test("without scheduled_at the first takes the next free slot; without slots that is a 400", async () => {
    const s = await pinSetup();
    const [b1, b2] = s.boards.map((b) => b.id);
    const body = { board_ids: [b1, b2], interval_days: 2, media_url: "https://example.com/a.jpg" };
    const noSlots = await s.as("/pins/spread", { method: "POST", json: body });
    expect(noSlots.status).toBe(400);
    await putSchedule(s, BERLIN_MORNINGS);
    await s.createOk(); // takes Monday's slot
    const pins = await (await s.as("/pins/spread", { method: "POST", json: body })).json();
    expect(pins.map((p: { scheduled_at: string }) => p.scheduled_at)).toEqual([
      "2026-05-06T07:00:00Z",
      "2026-05-08T07:00:00Z",
    ]);
  });

  test("all or none: over the daily limit, no pin is created", async () => {
    const s = await pinSetup({ dailyLimit: 2 });
    const [b1, b2, b3] = s.boards.map((b) => b.id);
    const res = await s.as("/pins/spread", {
      method: "POST",
      json: {
        board_ids: [b1, b2, b3],
        interval_days: 1,
        scheduled_at: "2026-05-02T08:00:00Z",
        media_url: "https://example.com/a.jpg",
      },
    });
    expect(res.status).toBe(429);
    expect(await (await s.as("/pins")).json()).toEqual([]);
  });

  test("more than 10 boards, fewer than 2 or an interval over 90 days is a 422", async () => {
    const s = await pinSetup();
    const base = { media_url: "https://example.com/a.jpg", scheduled_at: "2026-05-02T08:00:00Z" };
    for (const json of [
      { ...base, board_ids: [s.board], interval_days: 1 },
      { ...base, board_ids: Array(11).fill(s.board), interval_days: 1 },
      { ...base, board_ids: [s.board, s.board], interval_days: 91 },
    ]) {
      expect((await s.as("/pins/spread", { method: "POST", json })).status).toBe(422);
    }
  });
});

describe("volume warnings", () => {
  test("a day with more than 25 pins on a profile is named in the schedule and the occurrences", async () => {
    const s = await pinSetup();
    await putSchedule(s, { timezone: "UTC", slots: [{ day: "sat", time: "10:00" }] });
    for (let i = 0; i < 26; i++)
      await s.createOk({ scheduled_at: `2026-05-05T10:${String(i).padStart(2, "0")}:00Z` });
    const schedule = await (await s.as(`/profiles/${profileOf(s)}/schedule`)).json();
    expect(schedule.warnings).toEqual([
      { date: "2026-05-05", pins: 26, message: expect.stringContaining("26 pins on 2026-05-05") },
    ]);
    const occ = await (
      await s.as(
        `/profiles/${profileOf(s)}/schedule/occurrences?from=2026-05-04T00:00:00Z&to=2026-05-11T00:00:00Z`,
      )
    ).json();
    expect(occ.warnings).toHaveLength(1);
  });
});
