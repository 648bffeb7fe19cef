import { describe, expect, test } from "bun:test";
import { forceStatus, pinSetup, secondUser } from "../testing/pin-setup";

const SEED_FIELDS = [
  "id",
  "profile_id",
  "pinterest_user_id",
  "pinterest_username",
  "board_id",
  "title",
  "description",
  "media_url",
  "link",
  "alt_text",
  "status",
  "scheduled_at",
  "published_at",
  "pinterest_pin_id",
  "error_message",
  "retry_count",
  "sort_order",
  "created_at",
  "user_id",
  "queue_at",
  // issue 18: sections and video pins
  "board_section_id",
  "media_type",
  "cover_image_url",
  "cover_key_frame_time",
  "video_status",
];

describe("POST /pins", () => {
  test("creates a queued pin carrying every seed field", async () => {
    const { createOk, board, me } = await pinSetup();
    const pin = await createOk({
      title: "Summer Recipe Ideas",
      description: "Quick meals",
      link: "https://myblog.com/x",
    });
    expect(Object.keys(pin).sort()).toEqual([...SEED_FIELDS].sort());
    expect(pin).toMatchObject({
      board_id: board,
      title: "Summer Recipe Ideas",
      status: "queued",
      scheduled_at: null,
      retry_count: 0,
      error_message: null,
      created_at: "2026-05-01T12:00:00Z",
      user_id: me.user.id,
      profile_id: me.user.selected_profile_id,
    });
    expect(pin.pinterest_username).toBeString();
  });

  test("queued pins go to the end of the queue", async () => {
    const { createOk } = await pinSetup();
    const a = await createOk();
    const b = await createOk();
    expect(b.sort_order).toBe(a.sort_order + 1);
  });

  test("a future scheduled_at makes it scheduled; a past one is a 400; a malformed one a 422", async () => {
    const { create } = await pinSetup();
    const ok = await create({ scheduled_at: "2026-05-01T19:00:00Z" });
    expect(await ok.json()).toMatchObject({ status: "scheduled", scheduled_at: "2026-05-01T19:00:00Z" });
    const offset = await create({ scheduled_at: "2026-05-01T21:00:00+02:00" });
    expect((await offset.json()).scheduled_at).toBe("2026-05-01T19:00:00Z");
    const past = await create({ scheduled_at: "2026-05-01T11:59:59Z" });
    expect(past.status).toBe(400);
    expect(await past.json()).toEqual({ detail: "scheduled_at must be in the future" });
    const bad = await create({ scheduled_at: "next tuesday" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail[0].loc).toEqual(["body", "scheduled_at"]);
  });

  test("status accepts only draft", async () => {
    const { create } = await pinSetup();
    expect((await (await create({ status: "draft" })).json()).status).toBe("draft");
    const res = await create({ status: "published" });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toEqual([
      { loc: ["body", "status"], msg: "Input should be 'draft'", type: "enum" },
    ]);
  });

  test("board_id and media_url are required and limits are enforced with 422", async () => {
    const { t, key } = await pinSetup();
    const missing = await t.request("/pins", { method: "POST", json: { title: "x" }, headers: key });
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail).toEqual([
      { loc: ["body", "board_id"], msg: "Field required", type: "missing" },
      { loc: ["body", "media_url"], msg: "Field required", type: "missing" },
    ]);
    const { create } = await pinSetup();
    const long = await create({ title: "t".repeat(257), alt_text: "a".repeat(501) });
    expect((await long.json()).detail).toEqual([
      { loc: ["body", "title"], msg: "String should have at most 256 characters", type: "string_too_long" },
      {
        loc: ["body", "alt_text"],
        msg: "String should have at most 500 characters",
        type: "string_too_long",
      },
    ]);
    const notUrl = await create({ media_url: "photo.jpg" });
    expect(notUrl.status).toBe(422);
  });

  test.each([
    [
      "a title over Pinterest's 100",
      { title: "t".repeat(101) },
      "Title is 101 characters; Pinterest allows at most 100.",
    ],
    [
      "a description over 800",
      { description: "d".repeat(801) },
      "Description is 801 characters; Pinterest allows at most 800.",
    ],
    [
      "a link over 2048",
      { link: `https://x.com/${"l".repeat(2040)}` },
      "Link is 2054 characters; Pinterest allows at most 2048.",
    ],
    ["a board the account does not have", { board_id: "999999999999" }, "is not one of"],
    ["a board name instead of its id", { board_id: "My Travel Board" }, "is not a Pinterest board id"],
    [
      "media on a private address",
      { media_url: "http://192.168.1.20/a.jpg" },
      "not a public internet address",
    ],
    ["media on localhost", { media_url: "http://localhost:8080/a.jpg" }, "not a public internet address"],
  ])("a pin Pinterest would refuse (%s) goes to review with the reason", async (_name, fields, reason) => {
    const { createOk } = await pinSetup();
    const pin = await createOk(fields);
    expect(pin.status).toBe("review");
    expect(pin.error_message).toContain(reason);
  });

  test("a draft skips the pre-flight", async () => {
    const { createOk } = await pinSetup();
    expect((await createOk({ status: "draft", title: "t".repeat(150) })).status).toBe("draft");
  });

  test("the seed's example request works as written", async () => {
    const { t, key } = await pinSetup();
    const res = await t.request("/pins", {
      method: "POST",
      headers: key,
      json: {
        board_id: "123456789012345678",
        media_url: "https://example.com/image.jpg",
        title: "Summer Recipe Ideas",
        description: "Quick and easy summer meals",
        link: "https://myblog.com/summer-recipes",
        scheduled_at: "2026-05-01T19:00:00Z",
      },
    });
    expect(res.status).toBe(201);
    expect((await res.json()).board_id).toBe("123456789012345678");
  });
});

describe("reading pins", () => {
  test("GET /pins filters by status, title (case-insensitive, partial) and board", async () => {
    const { createOk, as, boards } = await pinSetup();
    await createOk({ title: "Summer Salads" });
    await createOk({ title: "Winter soups", scheduled_at: "2026-06-01T10:00:00Z" });
    await createOk({ title: "SUMMER drinks", board_id: boards[1]?.id, scheduled_at: "2026-06-01T10:00:00Z" });
    const titles = async (q: string) =>
      ((await (await as(`/pins${q}`)).json()) as Array<{ title: string }>).map((p) => p.title);
    expect(await titles("?status=scheduled&title=summer")).toEqual(["SUMMER drinks"]);
    expect((await titles("?title=sUmMeR")).sort()).toEqual(["SUMMER drinks", "Summer Salads"]);
    expect(await titles(`?board_id=${boards[1]?.id}`)).toEqual(["SUMMER drinks"]);
    expect(await titles("?title=%25")).toEqual([]);
    const bad = await as("/pins?status=gone");
    expect(bad.status).toBe(422);
  });

  test("GET /pins pages with limit and offset and reports the total", async () => {
    const { createOk, as } = await pinSetup();
    for (let i = 0; i < 5; i++) await createOk({ title: `p${i}` });
    const res = await as("/pins?limit=2&offset=1&with_total=true");
    expect(res.headers.get("x-total-count")).toBe("5");
    expect((await as("/pins?limit=2")).headers.get("x-total-count")).toBeNull();
    expect((await res.json()).map((p: { title: string }) => p.title)).toEqual(["p3", "p2"]);
    const queue = await (await as("/pins?status=queued&sort=queue")).json();
    expect(queue.map((p: { title: string }) => p.title)).toEqual(["p0", "p1", "p2", "p3", "p4"]);
  });

  test("GET /pins/{id} returns one pin; an unknown id is 404", async () => {
    const { createOk, as } = await pinSetup();
    const pin = await createOk();
    expect(await (await as(`/pins/${pin.id}`)).json()).toEqual(pin);
    const missing = await as("/pins/999999");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: "Pin not found" });
  });

  test("the calendar returns the month's pins with boundaries in the user's timezone", async () => {
    const { createOk, as, t, me } = await pinSetup();
    await t.request("/auth/me", { method: "PUT", json: { timezone: "Asia/Tokyo" }, headers: me.browser });
    await createOk({ title: "may-1-tokyo", scheduled_at: "2026-05-31T16:00:00Z" }); // June 1st 01:00 in Tokyo
    await createOk({ title: "may-31-tokyo", scheduled_at: "2026-05-31T14:00:00Z" }); // May 31st 23:00 in Tokyo
    const june = await (await as("/pins/calendar?year=2026&month=6")).json();
    expect(june.map((p: { title: string }) => p.title)).toEqual(["may-1-tokyo"]);
    const may = await (await as("/pins/calendar?year=2026&month=5")).json();
    expect(may.map((p: { title: string }) => p.title)).toEqual(["may-31-tokyo"]);
    expect((await as("/pins/calendar?year=2026&month=13")).status).toBe(422);
  });
});

describe("changing pins", () => {
  test("PUT changes only the given fields", async () => {
    const { createOk, as } = await pinSetup();
    const pin = await createOk({ title: "Before", description: "Keep me" });
    const res = await as(`/pins/${pin.id}`, {
      method: "PUT",
      json: { title: "Updated Title", scheduled_at: "2026-06-01T08:00:00Z" },
    });
    expect(await res.json()).toMatchObject({
      title: "Updated Title",
      description: "Keep me",
      status: "scheduled",
      scheduled_at: "2026-06-01T08:00:00Z",
    });
  });

  test("status can become draft, review, queued or scheduled; scheduled needs a future time", async () => {
    const { createOk, as } = await pinSetup();
    const pin = await createOk();
    for (const status of ["draft", "review", "queued"]) {
      expect((await (await as(`/pins/${pin.id}`, { method: "PUT", json: { status } })).json()).status).toBe(
        status,
      );
    }
    const noTime = await as(`/pins/${pin.id}`, { method: "PUT", json: { status: "scheduled" } });
    expect(noTime.status).toBe(400);
    const published = await as(`/pins/${pin.id}`, { method: "PUT", json: { status: "published" } });
    expect(published.status).toBe(422);
  });

  test("publishing and published pins cannot be updated or deleted (409)", async () => {
    const { createOk, as, t } = await pinSetup();
    for (const status of ["publishing", "published"]) {
      const pin = await createOk();
      await forceStatus(t, pin.id, status);
      const put = await as(`/pins/${pin.id}`, { method: "PUT", json: { title: "x" } });
      expect(put.status).toBe(409);
      expect((await put.json()).detail).toContain(status);
      expect((await as(`/pins/${pin.id}`, { method: "DELETE" })).status).toBe(409);
    }
  });

  test("a failed pin sent back to the queue starts over", async () => {
    const { createOk, as, t } = await pinSetup();
    const pin = await createOk();
    await forceStatus(t, pin.id, "failed", ", retry_count = 3, error_message = 'Pinterest said no'");
    const res = await as(`/pins/${pin.id}`, { method: "PUT", json: { status: "queued" } });
    expect(await res.json()).toMatchObject({ status: "queued", retry_count: 0, error_message: null });
  });

  test("DELETE answers 204 and the pin is gone", async () => {
    const { createOk, as } = await pinSetup();
    const pin = await createOk();
    expect((await as(`/pins/${pin.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await as(`/pins/${pin.id}`)).status).toBe(404);
  });

  test("PUT /pins/reorder makes the array position the queue order", async () => {
    const { createOk, as } = await pinSetup();
    const [a, b, c] = [
      await createOk({ title: "a" }),
      await createOk({ title: "b" }),
      await createOk({ title: "c" }),
    ];
    const res = await as("/pins/reorder", { method: "PUT", json: { pin_ids: [c.id, a.id, b.id] } });
    expect(await res.json()).toEqual({ updated: 3 });
    const queue = await (await as("/pins?status=queued&sort=queue")).json();
    expect(queue.map((p: { title: string }) => p.title)).toEqual(["c", "a", "b"]);
  });
});

describe("bulk endpoints", () => {
  test("POST /pins/bulk creates every pin, each with its profile identity", async () => {
    const { as, board } = await pinSetup();
    const res = await as("/pins/bulk", {
      method: "POST",
      json: [
        { board_id: board, media_url: "https://example.com/1.jpg", title: "Pin 1" },
        { board_id: board, media_url: "https://example.com/2.jpg", title: "Pin 2" },
      ],
    });
    expect(res.status).toBe(201);
    const pins = await res.json();
    expect(pins.map((p: { title: string }) => p.title)).toEqual(["Pin 1", "Pin 2"]);
    expect(pins[0].pinterest_username).toBeString();
  });

  test("bulk creation needs a plan that allows it", async () => {
    const { as, board } = await pinSetup({ plan: "starter" });
    const res = await as("/pins/bulk", {
      method: "POST",
      json: [{ board_id: board, media_url: "https://example.com/1.jpg" }],
    });
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toContain("Growth plan");
  });

  test("a batch that would exceed the quota is rejected whole", async () => {
    const { as, board } = await pinSetup({ dailyLimit: 2 });
    const item = { board_id: board, media_url: "https://example.com/1.jpg" };
    const res = await as("/pins/bulk", { method: "POST", json: [item, item, item] });
    expect(res.status).toBe(429);
    expect((await (await as("/pins")).json()).length).toBe(0);
  });

  test("DELETE /pins/bulk removes the caller's pins and skips published ones", async () => {
    const { createOk, as, t } = await pinSetup();
    const [a, b, c] = [await createOk(), await createOk(), await createOk()];
    await forceStatus(t, c.id, "published");
    const res = await as("/pins/bulk", { method: "DELETE", json: { pin_ids: [a.id, b.id, c.id] } });
    expect(res.status).toBe(204);
    expect((await (await as("/pins")).json()).map((p: { id: number }) => p.id)).toEqual([c.id]);
  });

  test("PUT /pins/bulk/status and /bulk/schedule report honest counts", async () => {
    const { createOk, as, t } = await pinSetup();
    const [a, b, c] = [await createOk(), await createOk(), await createOk()];
    await forceStatus(t, c.id, "publishing");
    const drafts = await as("/pins/bulk/status", {
      method: "PUT",
      json: { pin_ids: [a.id, b.id, c.id, 99999], status: "draft" },
    });
    expect(await drafts.json()).toEqual({ updated: 2 });
    const scheduled = await as("/pins/bulk/schedule", {
      method: "PUT",
      json: { pin_ids: [a.id, b.id, c.id], scheduled_at: "2026-05-01T19:00:00Z" },
    });
    expect(await scheduled.json()).toEqual({ updated: 2 });
    expect((await (await as(`/pins/${a.id}`)).json()).status).toBe("scheduled");
    const toScheduledWithoutTime = await as("/pins/bulk/status", {
      method: "PUT",
      json: { pin_ids: [c.id], status: "scheduled" },
    });
    expect(await toScheduledWithoutTime.json()).toEqual({ updated: 0 });
    const past = await as("/pins/bulk/schedule", {
      method: "PUT",
      json: { pin_ids: [a.id], scheduled_at: "2020-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(400);
    const bad = await as("/pins/bulk/status", {
      method: "PUT",
      json: { pin_ids: [a.id], status: "published" },
    });
    expect(bad.status).toBe(422);
  });
});

describe("quotas", () => {
  test("the daily limit answers 429 with the seed's wording", async () => {
    const { create } = await pinSetup({ dailyLimit: 2 });
    expect((await create({})).status).toBe(201);
    expect((await create({})).status).toBe(201);
    const third = await create({});
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ detail: "Daily pin limit of 2 reached. Resets at midnight UTC." });
    expect(third.headers.get("x-error-code")).toBe("quotas.daily");
  });

  test("the daily limit resets at midnight UTC, and deleting a pin gives no quota back", async () => {
    const { create, as, t } = await pinSetup({ dailyLimit: 1 });
    const pin = await (await create({})).json();
    await as(`/pins/${pin.id}`, { method: "DELETE" });
    expect((await create({})).status).toBe(429);
    t.clock.set("2026-05-02T00:00:01Z");
    expect((await create({})).status).toBe(201);
  });

  test("the monthly plan quota answers 429 naming the plan", async () => {
    const { create, t, me } = await pinSetup({ plan: "starter" });
    await t.request("/admin/plans/starter", {
      method: "PUT",
      json: { monthly_pin_limit: 1 },
      headers: me.browser,
    });
    expect((await create({})).status).toBe(201);
    const res = await create({});
    expect(await res.json()).toEqual({ detail: "Monthly pin limit of 1 reached for plan 'starter'." });
  });

  test("with one pin of quota left, 20 concurrent creates yield exactly one 201", async () => {
    const { create } = await pinSetup({ dailyLimit: 1 });
    const results = await Promise.all(Array.from({ length: 20 }, () => create({})));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 429)).toHaveLength(19);
  });
});

describe("Idempotency-Key", () => {
  test("a retry with the same key returns the first response and creates nothing", async () => {
    const { create, as } = await pinSetup();
    const first = await create({ title: "once" }, { "idempotency-key": "abc-123" });
    const again = await create({ title: "once" }, { "idempotency-key": "abc-123" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect((await (await as("/pins")).json()).length).toBe(1);
  });

  test("concurrent copies of one request create one pin", async () => {
    const { create, as } = await pinSetup();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => create({ title: "race" }, { "idempotency-key": "k1" })),
    );
    const ids = new Set(await Promise.all(answers.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect((await (await as("/pins")).json()).length).toBe(1);
  });

  test("the same key with a different body is refused; after 24 h the key is free again", async () => {
    const { create, t } = await pinSetup();
    await create({ title: "a" }, { "idempotency-key": "k2" });
    const other = await create({ title: "b" }, { "idempotency-key": "k2" });
    expect(other.status).toBe(422);
    t.clock.advance(24 * 3_600_000 + 1);
    expect((await create({ title: "b" }, { "idempotency-key": "k2" })).status).toBe(201);
  });
});

describe("webhook outbox", () => {
  test("creating and scheduling write pin.created and pin.scheduled in the same transaction", async () => {
    const { createOk, t, me } = await pinSetup();
    const now = t.clock.now();
    for (const event of ["pin.created", "pin.scheduled"]) {
      await t.query(
        "INSERT INTO webhooks (user_id, profile_id, url, event, created_at, updated_at) VALUES (?, ?, 'https://hooks.example.com/x', ?, ?, ?)",
        me.user.id,
        me.user.selected_profile_id,
        event,
        now,
        now,
      );
    }
    const pin = await createOk({ title: "Evented", scheduled_at: "2026-05-02T10:00:00Z" });
    const rows = (await t.query(
      "SELECT event, payload, status FROM webhook_deliveries ORDER BY id",
    )) as Array<{
      event: string;
      payload: string;
    }>;
    expect(rows.map((r) => r.event)).toEqual(["pin.created", "pin.scheduled"]);
    expect(JSON.parse(rows[0]?.payload as string)).toEqual({
      event: "pin.created",
      timestamp: "2026-05-01T12:00:00Z",
      data: expect.objectContaining({
        pin_id: pin.id,
        title: "Evented",
        status: "scheduled",
        pinterest_pin_id: null,
      }),
    });
  });
});

describe("another user's pins", () => {
  test("answer 404 on every pin route and are untouched by bulk actions", async () => {
    const { createOk, t, me, as } = await pinSetup();
    const pin = await createOk({ title: "mine" });
    const { otherKey } = await secondUser(t, me);
    const asOther = (path: string, init: { method?: string; json?: Record<string, unknown> } = {}) =>
      t.request(path, { ...init, headers: otherKey });
    expect((await asOther(`/pins/${pin.id}`)).status).toBe(404);
    expect((await asOther(`/pins/${pin.id}`, { method: "PUT", json: { title: "theirs" } })).status).toBe(404);
    expect((await asOther(`/pins/${pin.id}`, { method: "DELETE" })).status).toBe(404);
    expect(await (await asOther("/pins")).json()).toEqual([]);
    expect(
      await (await asOther("/pins/reorder", { method: "PUT", json: { pin_ids: [pin.id] } })).json(),
    ).toEqual({ updated: 0 });
    expect(
      await (
        await asOther("/pins/bulk/status", { method: "PUT", json: { pin_ids: [pin.id], status: "draft" } })
      ).json(),
    ).toEqual({
      updated: 0,
    });
    await asOther("/pins/bulk", { method: "DELETE", json: { pin_ids: [pin.id] } });
    expect(await (await as(`/pins/${pin.id}`)).json()).toMatchObject({ title: "mine", status: "queued" });
  });
});

describe("input that is refused", () => {
  const PAST = "2026-05-01T11:59:59Z";

  test("a scheduled_at in the past is a 400 with the same text on create and edit, draft or not", async () => {
    const { create, createOk, as, t } = await pinSetup();
    const expected = { detail: "scheduled_at must be in the future" };
    const draftCreate = await create({ status: "draft", scheduled_at: PAST });
    expect(draftCreate.status).toBe(400);
    expect(await draftCreate.json()).toEqual(expected);

    for (const [status, json] of [
      ["queued", { scheduled_at: PAST }],
      ["draft", { scheduled_at: PAST }],
      ["review", { scheduled_at: PAST, title: "also this" }],
      ["failed", { scheduled_at: PAST }],
      ["queued", { scheduled_at: PAST, status: "draft" }],
    ] as const) {
      const pin = await createOk({ title: "unchanged" });
      await forceStatus(t, pin.id, status);
      const res = await as(`/pins/${pin.id}`, { method: "PUT", json });
      expect({ status, json, code: res.status, body: await res.json() }).toEqual({
        status,
        json,
        code: 400,
        body: expected,
      });
      expect(await (await as(`/pins/${pin.id}`)).json()).toMatchObject({
        title: "unchanged",
        scheduled_at: null,
      });
    }
  });

  test("a date that does not exist is a 422 naming the field, never rolled over to another day", async () => {
    const { create, createOk, as } = await pinSetup();
    const pin = await createOk();
    for (const when of [
      "2027-02-30T10:00:00Z",
      "2027-02-29T10:00:00Z",
      "2026-06-31T10:00:00Z",
      "2026-06-01T24:00:00Z",
    ]) {
      const answers = [
        [await create({ scheduled_at: when }), ["body", "scheduled_at"]],
        [await create({ scheduled_at: when, status: "draft" }), ["body", "scheduled_at"]],
        [
          await as(`/pins/${pin.id}`, { method: "PUT", json: { scheduled_at: when } }),
          ["body", "scheduled_at"],
        ],
        [
          await as("/pins/bulk/schedule", { method: "PUT", json: { pin_ids: [pin.id], scheduled_at: when } }),
          ["body", "scheduled_at"],
        ],
        [
          await as("/pins/bulk", {
            method: "POST",
            json: [{ board_id: "1", media_url: "https://a.b/c.jpg", scheduled_at: when }],
          }),
          ["body", 0, "scheduled_at"],
        ],
      ] as const;
      for (const [res, loc] of answers) {
        expect(res.status).toBe(422);
        expect((await res.json()).detail).toEqual([
          {
            loc,
            msg: "Input should be a date and time that exist (e.g. not February 30 or 24:00)",
            type: "value_error",
          },
        ]);
      }
    }
    expect(await (await as(`/pins/${pin.id}`)).json()).toMatchObject({
      status: "queued",
      scheduled_at: null,
    });
    // a leap day is a real day
    const leap = await create({ scheduled_at: "2028-02-29T10:00:00Z" });
    expect((await leap.json()).scheduled_at).toBe("2028-02-29T10:00:00Z");
  });

  test("a link must be an http(s) URL: javascript: and data: are a 422 naming the field", async () => {
    const { create, createOk, as } = await pinSetup();
    const pin = await createOk({ link: "https://myblog.com/x" });
    for (const link of [
      "javascript:alert(document.cookie)",
      " JavaScript:alert(1)",
      "data:text/html,<b>x</b>",
      "myblog.com/x",
    ]) {
      const created = await create({ link });
      expect(created.status).toBe(422);
      expect((await created.json()).detail).toEqual([
        { loc: ["body", "link"], msg: "Input should be a valid http(s) URL", type: "value_error" },
      ]);
      const edited = await as(`/pins/${pin.id}`, { method: "PUT", json: { link } });
      expect(edited.status).toBe(422);
      expect((await edited.json()).detail[0].loc).toEqual(["body", "link"]);
    }
    expect((await (await as(`/pins/${pin.id}`)).json()).link).toBe("https://myblog.com/x");
    // "" still clears it; http is fine
    const cleared = await as(`/pins/${pin.id}`, { method: "PUT", json: { link: "" } });
    expect((await cleared.json()).link).toBeNull();
    expect((await (await create({ link: "http://example.com/p?q=1" })).json()).link).toBe(
      "http://example.com/p?q=1",
    );
  });
});
