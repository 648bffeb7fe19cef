import { describe, expect, test } from "bun:test";
import { PinterestError } from "../pinterest/pinterest.errors";
import { signIn } from "../testing/fixtures";
import { pngImage, uploadForm } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

/** Runs the publisher until nothing is in flight (calls run on real promises, time is the fake clock). */
async function publishDue(s: Setup) {
  await s.t.publisher.tick();
  await s.t.publisher.settled();
}

const pinOf = async (s: Setup, id: number) => (await s.as(`/pins/${id}`)).json();
const emulator = (s: Setup) => s.t.deps.emulator as NonNullable<Setup["t"]["deps"]["emulator"]>;
const events = async (s: Setup) =>
  (
    (await s.t.query("SELECT event, payload FROM webhook_deliveries ORDER BY id")) as Array<{
      event: string;
      payload: string;
    }>
  ).map((r) => ({ event: r.event, data: JSON.parse(r.payload).data }));

async function listenFor(s: Setup, ...names: string[]) {
  const now = s.t.clock.now();
  for (const event of names) {
    await s.t.query(
      "INSERT INTO webhooks (user_id, profile_id, url, event, created_at, updated_at) VALUES (?, ?, 'https://hooks.example.com/x', ?, ?, ?)",
      s.me.user.id,
      s.me.user.selected_profile_id,
      event,
      now,
      now,
    );
  }
}

describe("the publisher", () => {
  test("a queued pin is published: status, published_at, pinterest_pin_id and pin.published", async () => {
    const s = await pinSetup();
    await listenFor(s, "pin.published");
    const pin = await s.createOk({ title: "Hello Pinterest", link: "https://myblog.com/x" });
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    const [onPinterest] = emulator(s).pins();
    expect(after).toMatchObject({
      status: "published",
      published_at: "2026-05-01T12:00:00Z",
      error_message: null,
    });
    expect(after.pinterest_pin_id).toBe(onPinterest?.id);
    expect(onPinterest).toMatchObject({
      title: "Hello Pinterest",
      link: "https://myblog.com/x",
      boardId: s.board,
    });
    expect(await events(s)).toEqual([
      {
        event: "pin.published",
        data: expect.objectContaining({
          pin_id: pin.id,
          status: "published",
          pinterest_pin_id: onPinterest?.id,
        }),
      },
    ]);
  });

  test("a scheduled pin waits for its time and goes out on the first tick after it", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ scheduled_at: "2026-05-01T12:10:00Z" });
    s.t.clock.set("2026-05-01T12:09:59Z");
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("scheduled");
    s.t.clock.set("2026-05-01T12:10:00Z");
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({
      status: "published",
      published_at: "2026-05-01T12:10:00Z",
    });
  });

  test("queued pins go out in queue order", async () => {
    const s = await pinSetup({ config: { publishConcurrency: 1 } as never });
    const [a, b, c] = [
      await s.createOk({ title: "a" }),
      await s.createOk({ title: "b" }),
      await s.createOk({ title: "c" }),
    ];
    await s.as("/pins/reorder", { method: "PUT", json: { pin_ids: [c.id, a.id, b.id] } });
    await publishDue(s);
    expect(
      emulator(s)
        .pins()
        .map((p) => p.title),
    ).toEqual(["c", "a", "b"]);
  });

  test("an uploaded PNG goes to Pinterest as image_base64, a URL as image_url", async () => {
    const s = await pinSetup();
    const { url } = await (
      await s.t.request("/pins/upload-image", {
        method: "POST",
        body: uploadForm(pngImage()),
        headers: s.key,
      })
    ).json();
    await s.createOk({ title: "uploaded", media_url: url });
    await s.createOk({ title: "by url", media_url: "https://example.com/photo.jpg" });
    await publishDue(s);
    const uploaded = emulator(s)
      .pins()
      .find((p) => p.title === "uploaded");
    const byUrl = emulator(s)
      .pins()
      .find((p) => p.title === "by url");
    expect(uploaded?.media).toMatchObject({ type: "image_base64", contentType: "image/png" });
    expect(Buffer.from(uploaded?.bytes as Uint8Array).equals(Buffer.from(pngImage()))).toBe(true);
    expect(byUrl?.media).toEqual({ type: "image_url", url: "https://example.com/photo.jpg" });
  });

  test("never more than PINFLOW_PUBLISH_CONCURRENCY calls are in flight", async () => {
    const s = await pinSetup({ config: { publishConcurrency: 3 } as never });
    for (let i = 0; i < 8; i++) await s.createOk({ title: `p${i}` });
    // Every create waits until the test opens the door, so calls pile up as far as the publisher lets them.
    const client = s.t.deps.pinterest;
    const createPin = client.createPin;
    let open!: () => void;
    const door = new Promise<void>((resolve) => {
      open = resolve;
    });
    let current = 0;
    let peak = 0;
    let arrived!: () => void;
    const threeArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    client.createPin = async (...args) => {
      current++;
      peak = Math.max(peak, current);
      if (current === 3) arrived();
      await door;
      try {
        return await createPin.apply(client, args);
      } finally {
        current--;
      }
    };
    const ticked = s.t.publisher.tick();
    await threeArrived;
    await ticked;
    expect(s.t.publisher.inFlight()).toBe(3);
    open();
    await s.t.publisher.settled();
    expect(peak).toBe(3);
    expect(emulator(s).pins()).toHaveLength(8);
  });
});

describe("failures", () => {
  test("a transient failure goes back to the queue with a backoff and counts the attempt", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    emulator(s).faults.failNextCreates(1, { status: 503 });
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after).toMatchObject({ status: "queued", retry_count: 1 });
    expect(after.error_message).toContain("503");
    const next = (await s.t.one("SELECT next_attempt_at FROM pins WHERE id = ?", pin.id)) as {
      next_attempt_at: number;
    };
    const wait = next.next_attempt_at - s.t.clock.now();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(72_000);
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("queued"); // not before its time
    s.t.clock.advance(wait);
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({
      status: "published",
      retry_count: 1,
      error_message: null,
    });
    expect(emulator(s).pins()).toHaveLength(1);
  });

  test("the third failed attempt fails the pin with the reason and fires pin.failed", async () => {
    const s = await pinSetup();
    await listenFor(s, "pin.failed");
    const pin = await s.createOk({ scheduled_at: "2026-05-01T12:00:01Z" });
    s.t.clock.advance(1000);
    emulator(s).faults.failNextCreates(3, { status: 500 });
    for (let i = 0; i < 3; i++) {
      await publishDue(s);
      s.t.clock.advance(15 * 60_000);
    }
    const after = await pinOf(s, pin.id);
    expect(after).toMatchObject({ status: "failed", retry_count: 3 });
    expect(after.error_message).toContain("gave up after 3 attempts");
    expect(await events(s)).toEqual([
      { event: "pin.failed", data: expect.objectContaining({ pin_id: pin.id, status: "failed" }) },
    ]);
    expect(emulator(s).pins()).toHaveLength(0);
  });

  test("a permanent refusal fails at once with Pinterest's message", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    emulator(s).faults.failNextCreates(1, {
      status: 403,
      code: 29,
      message: "You are not permitted to access that resource.",
    });
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("failed");
    expect(after.error_message).toContain("You are not permitted to access that resource.");
  });

  test("a 429 pauses that profile until Pinterest's wait is over while other profiles go on", async () => {
    const s = await pinSetup({ config: { publishConcurrency: 1 } as never });
    const first = await s.createOk({ title: "first" });
    const second = await s.createOk({ title: "second" });
    const other = await signIn(s.t, 2, { connectWith: s.me });
    const otherPin = await s.createOk({
      title: "other account",
      profile_id: other.user.selected_profile_id,
      board_id: emulatorBoard(s, 2),
    });
    await s.t.request(`/profiles/${s.me.user.selected_profile_id}/select`, {
      method: "POST",
      headers: s.me.browser,
    });
    emulator(s).faults.failNextCreates(1, { status: 429, code: 8, retryAfterSeconds: 120 });
    await publishDue(s);
    expect(await pinOf(s, first.id)).toMatchObject({ status: "queued", retry_count: 1 });
    expect((await pinOf(s, second.id)).status).toBe("queued");
    expect((await pinOf(s, otherPin.id)).status).toBe("published");
    s.t.clock.advance(119_000);
    await publishDue(s);
    expect((await pinOf(s, second.id)).status).toBe("queued");
    s.t.clock.advance(2_000);
    await publishDue(s);
    expect((await pinOf(s, first.id)).status).toBe("published");
    expect((await pinOf(s, second.id)).status).toBe("published");
  });

  test("a 429 without Retry-After pauses the profile 2 s, then 4 s, 8 s in a row; a success starts over", async () => {
    const s = await pinSetup({ config: { publishConcurrency: 1 } as never });
    const pin = await s.createOk();
    const pausedFor = async () =>
      ((await s.t.one("SELECT rate_limited_until AS t FROM profiles")) as { t: number }).t - s.t.clock.now();
    emulator(s).faults.failNextCreates(3, { status: 429, code: 8 });
    for (const expected of [2_000, 4_000, 8_000]) {
      await publishDue(s);
      expect(await pausedFor()).toBe(expected);
      s.t.clock.advance(expected);
      await s.t.query("UPDATE pins SET next_attempt_at = NULL, retry_count = 0 WHERE id = ?", pin.id);
    }
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    const next = await s.createOk();
    emulator(s).faults.failNextCreates(1, { status: 429, code: 8 });
    await publishDue(s);
    expect(await pausedFor()).toBe(2_000);
    expect((await pinOf(s, next.id)).status).toBe("queued");
  });

  test("a 401 refreshes the token once, retries, and keeps the new refresh token", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    const before = (await s.t.one("SELECT refresh_token_enc FROM profiles")) as {
      refresh_token_enc: string;
    };
    emulator(s).faults.expireAccessTokens();
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    const after = (await s.t.one("SELECT refresh_token_enc FROM profiles")) as {
      refresh_token_enc: string;
    };
    expect(after.refresh_token_enc).not.toBe(before.refresh_token_enc);
  });

  test("a refused refresh marks the profile needs_reconnect and fails its pins with a message to reconnect", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    emulator(s).faults.expireAccessTokens();
    emulator(s).faults.failNextRefreshes(1, { status: 400 });
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("failed");
    expect(after.error_message).toContain("Reconnect the Pinterest account");
    const [profile] = await (await s.t.request("/profiles", { headers: s.me.browser })).json();
    expect(profile.needs_reconnect).toBe(true);
    const next = await s.createOk();
    await publishDue(s);
    expect((await pinOf(s, next.id)).error_message).toContain("Reconnect");
    await signIn(s.t, 0); // signing in again reconnects
    const [reconnected] = await (await s.t.request("/profiles", { headers: s.me.browser })).json();
    expect(reconnected.needs_reconnect).toBe(false);
  });
});

function emulatorBoard(s: Setup, accountIndex: number) {
  return emulator(s).accounts()[accountIndex]?.boards[0]?.id as string;
}

describe("never twice, never lost", () => {
  test("a create whose answer is lost is found on the board and marked published, not re-sent", async () => {
    const s = await pinSetup({ pinterestTimesOutWhenHeld: true });
    const pin = await s.createOk({ title: "lost answer" });
    emulator(s).faults.loseNextCreateResponses(1);
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    const onPinterest = emulator(s).pins();
    expect(onPinterest).toHaveLength(1);
    expect(after).toMatchObject({ status: "published", pinterest_pin_id: onPinterest[0]?.id });
  });

  test("a create that timed out without creating is retried, and only once created", async () => {
    const s = await pinSetup({ pinterestTimesOutWhenHeld: true });
    const pin = await s.createOk();
    emulator(s).faults.hangNextCreates(1);
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "queued", retry_count: 1 });
    s.t.clock.advance(2 * 60_000);
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    expect(emulator(s).pins()).toHaveLength(1);
  });

  test("an orphan left publishing by a crash is reconciled: found → published, absent → back in the queue", async () => {
    const s = await pinSetup();
    const found = await s.createOk({ title: "made it" });
    const absent = await s.createOk({ title: "never sent" });
    // "made it" reached Pinterest just before the crash; "never sent" did not.
    const token = await s.t.deps.db.selectFrom("profiles").selectAll().executeTakeFirstOrThrow();
    const { accessTokenOf } = await import("../profiles/profiles.service");
    await s.t.deps.pinterest.createPin(accessTokenOf(s.t.deps, token) as string, {
      board_id: s.board,
      title: "made it",
      media_source: { source_type: "image_url", url: "https://example.com/a.jpg" },
    });
    for (const id of [found.id, absent.id]) {
      await s.t.query(
        "UPDATE pins SET status = 'publishing', publish_started_at = ? WHERE id = ?",
        s.t.clock.now(),
        id,
      );
    }
    const outcomes = await s.t.publisher.reconcileOrphans(Number.POSITIVE_INFINITY);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["published", "retry"]);
    expect((await pinOf(s, found.id)).pinterest_pin_id).toBe(emulator(s).pins()[0]?.id);
    expect(await pinOf(s, absent.id)).toMatchObject({ status: "queued", retry_count: 0 });
    await publishDue(s);
    expect(
      emulator(s)
        .pins()
        .map((p) => p.title),
    ).toEqual(["made it", "never sent"]);
  });

  test("an orphan created further down a busy board than the newest 300 pins is found, not posted again", async () => {
    const s = await pinSetup();
    const orphan = await s.createOk({ title: "buried" });
    const token = await s.t.deps.db.selectFrom("profiles").selectAll().executeTakeFirstOrThrow();
    const { accessTokenOf } = await import("../profiles/profiles.service");
    const access = accessTokenOf(s.t.deps, token) as string;
    const create = (title: string) =>
      s.t.deps.pinterest.createPin(access, {
        board_id: s.board,
        title,
        media_source: { source_type: "image_url", url: "https://example.com/a.jpg" },
      });
    const made = await create("buried");
    // A storm of other pins on the same board after it, more than the old three pages of 100.
    for (let i = 0; i < 320; i++) await create(`later ${i}`);
    await s.t.query(
      "UPDATE pins SET status = 'publishing', publish_started_at = ? WHERE id = ?",
      s.t.clock.now(),
      orphan.id,
    );
    const [outcome] = await s.t.publisher.reconcileOrphans(Number.POSITIVE_INFINITY);
    expect(outcome?.kind).toBe("published");
    expect((await pinOf(s, orphan.id)).pinterest_pin_id).toBe(made.id);
    await publishDue(s);
    expect(
      emulator(s)
        .pins()
        .filter((p) => p.title === "buried"),
    ).toHaveLength(1);
  });

  test("a board too busy to read back to the claim does not prove a pin absent: failed with a message, never re-sent", async () => {
    const s = await pinSetup();
    const orphan = await s.createOk({ title: "somewhere down there" });
    await s.t.query(
      "UPDATE pins SET status = 'publishing', publish_started_at = ? WHERE id = ?",
      s.t.clock.now(),
      orphan.id,
    );
    const { RECONCILE_MAX_PAGES, RECONCILE_PAGE_SIZE } = await import("./publishing.reconcile");
    const newer = {
      id: "1",
      created_at: new Date(s.t.clock.now()).toISOString().slice(0, 19),
      title: "someone else",
    };
    s.t.deps.pinterest.listBoardPins = async () =>
      Array.from({ length: RECONCILE_PAGE_SIZE * RECONCILE_MAX_PAGES }, () => newer) as never;
    const [outcome] = await s.t.publisher.reconcileOrphans(Number.POSITIVE_INFINITY);
    expect(outcome?.kind).toBe("failed");
    expect((await pinOf(s, orphan.id)).error_message).toContain("look at the board on Pinterest");
    expect(emulator(s).pins()).toHaveLength(0);
  });

  test("an orphan Pinterest cannot be asked about fails with a message to check Pinterest", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    await s.t.query(
      "UPDATE pins SET status = 'publishing', publish_started_at = ? WHERE id = ?",
      s.t.clock.now(),
      pin.id,
    );
    emulator(s).faults.errorRate(1, ["500"]);
    await s.t.publisher.reconcileOrphans(Number.POSITIVE_INFINITY);
    const after = await pinOf(s, pin.id);
    expect(after.status).toBe("failed");
    expect(after.error_message).toContain("look at the board on Pinterest");
  });

  test("reconciliation reads the board again after a failed listing before it gives up", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ title: "made it" });
    await publishDue(s);
    const pinterestId = (await pinOf(s, pin.id)).pinterest_pin_id;
    await s.t.query(
      "UPDATE pins SET status = 'publishing', pinterest_pin_id = NULL, publish_started_at = ? WHERE id = ?",
      s.t.clock.now() - 1000,
      pin.id,
    );
    // the first listing fails as a Pinterest 500 would; the second reads the board
    const client = s.t.deps.pinterest;
    const listBoardPins = client.listBoardPins;
    let calls = 0;
    client.listBoardPins = (...args) => {
      calls++;
      if (calls === 1)
        return Promise.reject(new PinterestError("transient", "Pinterest answered 500", { status: 500 }));
      return listBoardPins.apply(client, args);
    };
    await s.t.publisher.reconcileOrphans(Number.POSITIVE_INFINITY);
    expect(calls).toBe(2);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "published", pinterest_pin_id: pinterestId });
  });

  test("the periodic check only takes pins whose lease ran out", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    await s.t.query(
      "UPDATE pins SET status = 'publishing', publish_started_at = ? WHERE id = ?",
      s.t.clock.now(),
      pin.id,
    );
    expect(await s.t.publisher.reconcileOrphans()).toEqual([]);
    s.t.clock.advance(2 * 60_000 + 1);
    expect((await s.t.publisher.reconcileOrphans()).map((o) => o.kind)).toEqual(["retry"]);
  });
});

describe("POST /pins/{id}/publish", () => {
  test("publishes now, whatever scheduled_at says, and returns the published pin", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ scheduled_at: "2026-06-01T10:00:00Z" });
    const res = await s.as(`/pins/${pin.id}/publish`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: pin.id,
      status: "published",
      pinterest_pin_id: emulator(s).pins()[0]?.id,
    });
  });

  test("publishing or published pins answer 409; another user's pin 404", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    await s.as(`/pins/${pin.id}/publish`, { method: "POST" });
    expect((await s.as(`/pins/${pin.id}/publish`, { method: "POST" })).status).toBe(409);
    const other = await signIn(s.t, 1);
    await s.t.request(`/admin/users/${other.user.id}`, {
      method: "PUT",
      json: { status: "approved" },
      headers: s.me.browser,
    });
    expect(
      (await s.t.request(`/pins/${pin.id}/publish`, { method: "POST", headers: other.browser })).status,
    ).toBe(404);
  });

  test("Pinterest refusing it answers 502 with Pinterest's message", async () => {
    const s = await pinSetup();
    const pin = await s.createOk();
    emulator(s).faults.failNextCreates(1, {
      status: 400,
      code: 1,
      message: "Invalid request: board section",
    });
    const res = await s.as(`/pins/${pin.id}/publish`, { method: "POST" });
    expect(res.status).toBe(502);
    expect((await res.json()).detail).toContain("Invalid request: board section");
    expect((await pinOf(s, pin.id)).status).toBe("failed");
  });
});

describe("the refresh-tokens job", () => {
  test("refreshes tokens ahead of expiry and stores every new refresh token", async () => {
    const s = await pinSetup();
    const before = (await s.t.one("SELECT refresh_token_enc, access_token_expires_at FROM profiles")) as {
      refresh_token_enc: string;
      access_token_expires_at: number;
    };
    expect((await s.t.scheduler.runNow("refresh-tokens")).last_error).toBeNull();
    expect(await s.t.one("SELECT refresh_token_enc FROM profiles")).toEqual({
      refresh_token_enc: before.refresh_token_enc,
    });
    s.t.clock.set(before.access_token_expires_at - 2 * 86_400_000);
    await s.t.scheduler.runNow("refresh-tokens");
    const after = (await s.t.one(
      "SELECT refresh_token_enc, access_token_expires_at FROM profiles",
    )) as typeof before;
    expect(after.refresh_token_enc).not.toBe(before.refresh_token_enc);
    expect(after.access_token_expires_at).toBeGreaterThan(before.access_token_expires_at);
    const pin = await s.createOk();
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
  });
});
