import { afterEach, describe, expect, test } from "bun:test";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../config";
import { deriveKey, encrypt } from "../shared/crypto";
import type { Resolve } from "../shared/net";
import { pinSetup } from "../testing/pin-setup";
import {
  DELIVERY_TIMEOUT_MS,
  deliverDue,
  PAUSE_AFTER_FAILING_MS,
  webhookSecretAad,
} from "./webhooks.delivery";

const SECRET = "a-random-string-you-pick";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Fake DNS: the receiver's name points at the loopback receiver; nothing is looked up for real. */
const resolve: Resolve = async (name) => {
  if (name === "receiver.example.net" || name === "other-receiver.example.net") return ["127.0.0.1"];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

interface Hit {
  path: string;
  headers: Headers;
  body: Uint8Array;
}

type Handler = (req: Request, attempt: number) => Response | Promise<Response>;

const servers: Array<{ stop(force?: boolean): unknown }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

/** A real HTTP receiver on 127.0.0.1 that records every request's raw bytes and headers. */
function receiver(handler: Handler = () => new Response("ok")) {
  const hits: Hit[] = [];
  let onHit: () => void = () => {};
  let nextHit = new Promise<void>((resolve) => {
    onHit = resolve;
  });
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const hit = {
        path: new URL(req.url).pathname,
        headers: req.headers,
        body: new Uint8Array(await req.arrayBuffer()),
      };
      hits.push(hit);
      const arrived = onHit;
      nextHit = new Promise<void>((resolve) => {
        onHit = resolve;
      });
      arrived();
      return handler(req, hits.length);
    },
  });
  servers.push(server);
  /** Resolves once the receiver has had `n` requests. */
  const received = async (n: number) => {
    while (hits.length < n) await nextHit;
  };
  return {
    hits,
    server,
    received,
    url: (path = "/hook") => `http://receiver.example.net:${server.port}${path}`,
  };
}

const json = (hit: Hit | undefined) => JSON.parse(new TextDecoder().decode(hit?.body));

/**
 * The seed's Python `verify` (docs/seed-api-reference.txt, "Verify the signature"), in TypeScript:
 * HMAC-SHA256 of the raw body bytes, compared in constant time.
 */
function verify(body: Uint8Array, secret: string, header: string | null): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function setup(config: Partial<Config> = {}) {
  const s = await pinSetup({ resolve, config: { webhookAllowPrivate: true, ...config } });
  const hook = async (url: string, event = "pin.created", extra: Record<string, unknown> = {}) => {
    const res = await s.as("/webhooks", { method: "POST", json: { url, event, ...extra } });
    expect(res.status).toBe(201);
    return res.json() as Promise<{ id: number; is_active: boolean; paused_reason: string | null }>;
  };
  const deliveries = async (id: number) => (await s.as(`/webhooks/${id}/deliveries`)).json();
  const webhook = async (id: number) => (await s.as(`/webhooks/${id}`)).json();
  const deliver = () => deliverDue(s.t.deps);
  return { ...s, hook, deliveries, webhook, deliver };
}

describe("what a delivery looks like", () => {
  test("a new pin sends the seed's pin.created payload, signed so the seed's verify() accepts it", async () => {
    const { t, hook, createOk, deliver, board } = await setup();
    const r = receiver();
    await hook(r.url("/hooks/pinflow"), "pin.created", { secret: SECRET });
    const pin = await createOk({ title: "Summer Recipe Ideas 🍓 — été" });
    expect(await deliver()).toBe(1);

    expect(r.hits).toHaveLength(1);
    const [hit] = r.hits;
    expect(hit?.path).toBe("/hooks/pinflow");
    expect(hit?.headers.get("content-type")).toBe("application/json");
    expect(hit?.headers.get("x-webhook-id")).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(hit?.headers.get("x-webhook-timestamp")).toBe(String(t.clock.now() / 1000));
    expect(hit?.headers.get("host")).toBe(`receiver.example.net:${r.server.port}`);
    expect(hit?.headers.get("x-webhook-event")).toBe("pin.created");
    expect(hit?.headers.get("user-agent")).toBe("PinFlow-Webhooks/1");
    expect(verify(hit?.body as Uint8Array, SECRET, hit?.headers.get("x-webhook-signature") ?? null)).toBe(
      true,
    );
    expect(
      verify(hit?.body as Uint8Array, "another-secret", hit?.headers.get("x-webhook-signature") ?? null),
    ).toBe(false);
    expect(json(hit)).toEqual({
      event: "pin.created",
      timestamp: "2026-05-01T12:00:00Z",
      data: {
        pin_id: pin.id,
        title: "Summer Recipe Ideas 🍓 — été",
        board_id: board,
        status: "queued",
        pinterest_pin_id: null,
        scheduled_at: null,
        published_at: null,
        error_message: null,
      },
    });
  });

  test("a delivery of a webhook without a secret carries no signature header", async () => {
    const { hook, createOk, deliver } = await setup();
    const r = receiver();
    await hook(r.url());
    await createOk();
    await deliver();
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]?.headers.has("x-webhook-signature")).toBe(false);
    expect(r.hits[0]?.headers.get("x-webhook-id")).toBeTruthy();
  });

  test("scheduling a pin sends pin.scheduled with its scheduled_at", async () => {
    const { hook, createOk, deliver } = await setup();
    const r = receiver();
    await hook(r.url(), "pin.scheduled", { secret: SECRET });
    const pin = await createOk({ title: "Later", scheduled_at: "2026-05-02T10:00:00Z" });
    await deliver();
    expect(r.hits).toHaveLength(1);
    expect(
      verify(r.hits[0]?.body as Uint8Array, SECRET, r.hits[0]?.headers.get("x-webhook-signature") ?? null),
    ).toBe(true);
    expect(json(r.hits[0])).toMatchObject({
      event: "pin.scheduled",
      data: { pin_id: pin.id, title: "Later", status: "scheduled", scheduled_at: "2026-05-02T10:00:00Z" },
    });
  });

  test("publishing a pin sends pin.published with the Pinterest pin id", async () => {
    const { t, as, hook, createOk, deliver } = await setup();
    const r = receiver();
    await hook(r.url(), "pin.published", { secret: SECRET });
    const pin = await createOk({ title: "Goes live" });
    await deliver();
    expect(r.hits).toHaveLength(0); // only pin.published is listened for

    await t.publisher.tick();
    await t.publisher.settled();
    const published: { status: string; pinterest_pin_id: string | null } = await (
      await as(`/pins/${pin.id}`)
    ).json();
    expect(published.status).toBe("published");
    await t.scheduler.runNow("deliver-webhooks");
    expect(r.hits).toHaveLength(1);
    const body = json(r.hits[0]);
    expect(body).toMatchObject({
      event: "pin.published",
      timestamp: "2026-05-01T12:00:00Z",
      data: { pin_id: pin.id, title: "Goes live", status: "published" },
    });
    expect(body.data.pinterest_pin_id).toBe(published.pinterest_pin_id);
    expect(body.data.pinterest_pin_id).toEqual(expect.any(String));
    expect(
      verify(r.hits[0]?.body as Uint8Array, SECRET, r.hits[0]?.headers.get("x-webhook-signature") ?? null),
    ).toBe(true);
  });

  test("each webhook of the pin's profile that listens for the event gets its own delivery id", async () => {
    const { hook, createOk, deliver } = await setup();
    const r = receiver();
    await hook(r.url("/a"));
    await hook(r.url("/b"));
    await hook(r.url("/c"), "pin.failed");
    await createOk();
    expect(await deliver()).toBe(2);
    expect(r.hits.map((h) => h.path).sort()).toEqual(["/a", "/b"]);
    expect(new Set(r.hits.map((h) => h.headers.get("x-webhook-id"))).size).toBe(2);
  });
});

test("a webhook whose secret can no longer be decrypted sends nothing rather than an unsigned delivery", async () => {
  const { t, hook, createOk, deliver, deliveries } = await setup();
  const r = receiver();
  const { id } = await hook(r.url(), "pin.created", { secret: SECRET });
  // As after PINFLOW_SECRET was changed: sealed under another key.
  const otherKey = deriveKey("another-master-secret-that-is-long-enough-987654321", "tokens");
  await t.query(
    "UPDATE webhooks SET secret_enc = ? WHERE id = ?",
    encrypt(otherKey, SECRET, webhookSecretAad(id)),
    id,
  );
  await createOk();
  await deliver();
  expect(r.hits).toHaveLength(0);
  const [d] = await deliveries(id);
  expect(d).toMatchObject({ status: "pending", attempts: 1, last_status_code: null });
  expect(d.last_error).toContain("secret");
});

describe("retries", () => {
  test("a 500 is retried only after the first delay, with the same X-Webhook-Id and a new timestamp", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver((_req, n) => new Response(n === 1 ? "down" : "ok", { status: n === 1 ? 500 : 200 }));
    const { id } = await hook(r.url(), "pin.created", { secret: SECRET });
    await createOk();

    await deliver();
    expect(r.hits).toHaveLength(1);
    const [first] = await deliveries(id);
    expect(first).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: 500,
      delivered_at: null,
    });
    expect(first.last_error).toBe("Receiver answered 500");
    const wait = Date.parse(first.next_attempt_at) - t.clock.now();
    expect(wait).toBeGreaterThanOrEqual(8_000); // 10 s − 20 %
    expect(wait).toBeLessThanOrEqual(12_000); // 10 s + 20 %

    t.clock.advance(7_999);
    expect(await deliver()).toBe(0);
    expect(r.hits).toHaveLength(1);

    t.clock.advance(4_001);
    expect(await deliver()).toBe(1);
    expect(r.hits).toHaveLength(2);
    const [a, b] = r.hits;
    expect(b?.headers.get("x-webhook-id")).toBe(a?.headers.get("x-webhook-id") as string);
    expect(Number(b?.headers.get("x-webhook-timestamp"))).toBeGreaterThan(
      Number(a?.headers.get("x-webhook-timestamp")),
    );
    expect(b?.body).toEqual(a?.body as Uint8Array);
    expect(verify(b?.body as Uint8Array, SECRET, b?.headers.get("x-webhook-signature") ?? null)).toBe(true);

    const [done] = await deliveries(id);
    expect(done).toMatchObject({
      status: "delivered",
      attempts: 2,
      last_status_code: 200,
      last_error: null,
      next_attempt_at: null,
    });
    expect(done.delivered_at).toEqual(expect.any(String));
  });

  test("a delivery that fails after every delay is used up becomes failed", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup({
      webhookRetryDelays: [1_000, 5_000, 20_000],
    });
    const r = receiver(() => new Response("nope", { status: 502 }));
    const { id } = await hook(r.url());
    await createOk();
    for (let i = 0; i < 6; i++) {
      await deliver();
      t.clock.advance(30_000);
    }
    expect(r.hits).toHaveLength(4); // the first attempt and one after each of the 3 delays
    const [d] = await deliveries(id);
    expect(d).toMatchObject({ status: "failed", attempts: 4, last_status_code: 502, next_attempt_at: null });
    expect(new Set(r.hits.map((h) => h.headers.get("x-webhook-id"))).size).toBe(1);
  });

  test("a Retry-After longer than the delay is honoured", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver(
      (_req, n) =>
        new Response("", { status: n === 1 ? 503 : 204, headers: n === 1 ? { "retry-after": "120" } : {} }),
    );
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    const [first] = await deliveries(id);
    expect(Date.parse(first.next_attempt_at) - t.clock.now()).toBe(120_000);

    t.clock.advance(60_000); // well past the 10 s delay, still inside Retry-After
    await deliver();
    expect(r.hits).toHaveLength(1);
    t.clock.advance(60_000);
    await deliver();
    expect(r.hits).toHaveLength(2);
    expect((await deliveries(id))[0]).toMatchObject({ status: "delivered", last_status_code: 204 });
  });

  test("a Retry-After shorter than the delay does not bring the retry forward", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver(() => new Response("", { status: 429, headers: { "retry-after": "1" } }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    const [first] = await deliveries(id);
    expect(Date.parse(first.next_attempt_at) - t.clock.now()).toBeGreaterThanOrEqual(8_000);
  });

  test("a Retry-After given as an HTTP date is honoured too", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const at = new Date(t.clock.now() + 5 * MINUTE).toUTCString();
    const r = receiver(() => new Response("", { status: 503, headers: { "retry-after": at } }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    const [first] = await deliveries(id);
    expect(Date.parse(first.next_attempt_at) - t.clock.now()).toBe(5 * MINUTE);
  });

  test("a receiver cannot push its retry further out than a day with Retry-After", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver(() => new Response("", { status: 503, headers: { "retry-after": "999999999" } }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    const [first] = await deliveries(id);
    expect(Date.parse(first.next_attempt_at) - t.clock.now()).toBe(PAUSE_AFTER_FAILING_MS);
  });

  test("a receiver that refuses connections is recorded as such and retried", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver();
    const url = r.url();
    r.server.stop(true);
    const { id } = await hook(url);
    await createOk();
    await deliver();
    const [d] = await deliveries(id);
    expect(d).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: null,
      last_error: "Could not connect to the receiver",
    });
    expect(Date.parse(d.next_attempt_at)).toBeGreaterThan(t.clock.now());
  });
});

describe("pausing", () => {
  test("a paused webhook's deliveries wait, and are sent once it is resumed", async () => {
    const { t, as, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver();
    const { id } = await hook(r.url());
    await createOk({ title: "before the pause" });
    expect((await as(`/webhooks/${id}`, { method: "PUT", json: { is_active: false } })).status).toBe(200);

    t.clock.advance(HOUR);
    expect(await deliver()).toBe(0);
    expect(r.hits).toHaveLength(0);
    expect((await deliveries(id))[0]).toMatchObject({ status: "pending", attempts: 0 });

    expect((await as(`/webhooks/${id}`, { method: "PUT", json: { is_active: true } })).status).toBe(200);
    expect(await deliver()).toBe(1);
    expect(r.hits).toHaveLength(1);
    expect(json(r.hits[0]).data.title).toBe("before the pause");
    expect((await deliveries(id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  test("events that happen while a webhook is paused are not queued for it", async () => {
    const { as, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver();
    const { id } = await hook(r.url());
    await as(`/webhooks/${id}`, { method: "PUT", json: { is_active: false } });
    await createOk({ title: "while paused" });
    await as(`/webhooks/${id}`, { method: "PUT", json: { is_active: true } });
    await createOk({ title: "after resuming" });
    await deliver();
    expect(r.hits.map((h) => json(h).data.title)).toEqual(["after resuming"]);
    expect(await deliveries(id)).toHaveLength(1);
  });

  test("a webhook failing for 24 hours in a row is paused with the reason shown", async () => {
    const { t, hook, createOk, deliver, webhook } = await setup();
    const r = receiver(() => new Response("", { status: 500 }));
    const { id } = await hook(r.url());
    const start = t.clock.now();
    await createOk();
    await deliver();
    expect(r.hits).toHaveLength(1);

    // Keep failing: every retry that falls due, and new events, all answered 500.
    while (t.clock.now() - start < PAUSE_AFTER_FAILING_MS - HOUR) {
      t.clock.advance(HOUR);
      await createOk();
      await deliver();
      expect((await webhook(id)).is_active).toBe(true);
    }
    t.clock.set(start + PAUSE_AFTER_FAILING_MS);
    await createOk();
    await deliver();
    const paused = await webhook(id);
    expect(paused.is_active).toBe(false);
    expect(paused.paused_reason).toContain("2026-05-01T12:00:00Z");
    expect(paused.paused_reason).toContain("Receiver answered 500");

    // Paused: nothing more is sent, however long we wait.
    const sent = r.hits.length;
    t.clock.advance(24 * HOUR);
    expect(await deliver()).toBe(0);
    expect(r.hits).toHaveLength(sent);
  });

  test("a success in between restarts the 24 hour failure window", async () => {
    const { t, hook, createOk, deliver, webhook } = await setup({ webhookRetryDelays: [HOUR] });
    let healthy = false;
    const r = receiver(() => new Response("", { status: healthy ? 200 : 500 }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver(); // fails: the failure clock starts
    t.clock.advance(20 * HOUR);
    healthy = true;
    await createOk();
    await deliver(); // succeeds (both deliveries)
    healthy = false;
    t.clock.advance(6 * HOUR); // 26 h after the first failure, 6 h after the last success
    await createOk();
    await deliver();
    expect((await webhook(id)).is_active).toBe(true);
  });

  test("410 Gone pauses the webhook at once", async () => {
    const { hook, createOk, deliver, webhook, deliveries } = await setup();
    const r = receiver(() => new Response("gone", { status: 410 }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    const paused = await webhook(id);
    expect(paused.is_active).toBe(false);
    expect(paused.paused_reason).toContain("410 Gone");
    expect((await deliveries(id))[0]).toMatchObject({ attempts: 1, last_status_code: 410 });
  });

  test("resuming clears the paused_reason", async () => {
    const { as, hook, createOk, deliver, webhook } = await setup();
    const r = receiver(() => new Response("gone", { status: 410 }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    expect((await webhook(id)).paused_reason).not.toBeNull();
    const res = await as(`/webhooks/${id}`, { method: "PUT", json: { is_active: true } });
    expect(await res.json()).toMatchObject({ is_active: true, paused_reason: null });
  });
});

describe("where a delivery may go", () => {
  test("a redirect is not followed: the other server gets nothing and the 3xx is recorded", async () => {
    const { hook, createOk, deliver, deliveries } = await setup();
    const elsewhere = receiver();
    const r = receiver(() => Response.redirect(`http://127.0.0.1:${elsewhere.server.port}/stolen`, 302));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    expect(r.hits).toHaveLength(1);
    expect(elsewhere.hits).toHaveLength(0);
    expect((await deliveries(id))[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: 302,
      last_error: "Redirect (302) not followed",
    });
  });

  test("a target that now resolves to a private address is not dialled without PINFLOW_WEBHOOK_ALLOW_PRIVATE", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver();
    const { id } = await hook(r.url());
    (t.deps.config as { webhookAllowPrivate: boolean }).webhookAllowPrivate = false;
    await createOk();
    await deliver();
    expect(r.hits).toHaveLength(0);
    expect((await deliveries(id))[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: null,
      last_error: "Webhook URL must resolve to a public internet address",
    });
  });
});

describe("the delivery log, redelivery and test events", () => {
  test("GET /webhooks/{id}/deliveries lists the newest first with status, attempts, code, error and times", async () => {
    const { t, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver((_req, n) => new Response("", { status: n === 1 ? 200 : 500 }));
    const { id } = await hook(r.url());
    await createOk({ title: "first" });
    await deliver();
    t.clock.advance(MINUTE);
    await createOk({ title: "second" });
    await deliver();
    const list = await deliveries(id);
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual({
      id: expect.any(Number),
      webhook_id: id,
      message_id: r.hits[1]?.headers.get("x-webhook-id"),
      event: "pin.created",
      status: "pending",
      attempts: 1,
      last_status_code: 500,
      last_error: "Receiver answered 500",
      next_attempt_at: expect.any(String),
      last_attempt_at: "2026-05-01T12:01:00Z",
      delivered_at: null,
      created_at: "2026-05-01T12:01:00Z",
    });
    expect(list[1]).toMatchObject({
      message_id: r.hits[0]?.headers.get("x-webhook-id"),
      status: "delivered",
      attempts: 1,
      last_status_code: 200,
      last_error: null,
      next_attempt_at: null,
      last_attempt_at: "2026-05-01T12:00:00Z",
      delivered_at: "2026-05-01T12:00:00Z",
      created_at: "2026-05-01T12:00:00Z",
    });
  });

  test("?limit caps the delivery log and is validated", async () => {
    const { as, hook, createOk } = await setup();
    const r = receiver();
    const { id } = await hook(r.url());
    await createOk();
    await createOk();
    expect(await (await as(`/webhooks/${id}/deliveries?limit=1`)).json()).toHaveLength(1);
    expect((await as(`/webhooks/${id}/deliveries?limit=0`)).status).toBe(422);
    expect((await as(`/webhooks/${id}/deliveries?limit=abc`)).status).toBe(422);
  });

  test("redeliver sends a delivered event again with the same X-Webhook-Id", async () => {
    const { t, as, hook, createOk, deliver, deliveries } = await setup();
    const r = receiver();
    const { id } = await hook(r.url(), "pin.created", { secret: SECRET });
    await createOk();
    await deliver();
    const [d] = await deliveries(id);
    expect(d.status).toBe("delivered");

    t.clock.advance(HOUR);
    const res = await as(`/webhooks/${id}/deliveries/${d.id}/redeliver`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: d.id, message_id: d.message_id, status: "pending" });
    await t.scheduler.runNow("deliver-webhooks");
    expect(r.hits).toHaveLength(2);
    expect(r.hits[1]?.headers.get("x-webhook-id")).toBe(d.message_id);
    expect(r.hits[1]?.body).toEqual(r.hits[0]?.body as Uint8Array);
    expect(
      verify(r.hits[1]?.body as Uint8Array, SECRET, r.hits[1]?.headers.get("x-webhook-signature") ?? null),
    ).toBe(true);
    expect((await deliveries(id))[0]).toMatchObject({
      status: "delivered",
      delivered_at: "2026-05-01T13:00:00Z",
    });
  });

  test("redeliver gives a failed delivery a fresh set of attempts", async () => {
    const { t, as, hook, createOk, deliver, deliveries } = await setup({ webhookRetryDelays: [1_000] });
    let up = false;
    const r = receiver(() => new Response("", { status: up ? 200 : 500 }));
    const { id } = await hook(r.url());
    await createOk();
    await deliver();
    t.clock.advance(2_000);
    await deliver();
    const [d] = await deliveries(id);
    expect(d).toMatchObject({ status: "failed", attempts: 2 });
    up = true;
    await as(`/webhooks/${id}/deliveries/${d.id}/redeliver`, { method: "POST" });
    await deliver();
    expect(r.hits).toHaveLength(3);
    expect((await deliveries(id))[0]).toMatchObject({
      status: "delivered",
      last_status_code: 200,
      last_error: null,
    });
  });

  test("redeliver refuses a delivery that is being sent right now, so it is never in flight twice", async () => {
    const { t, as, hook, createOk, deliveries } = await setup();
    let release: (r: Response) => void = () => {};
    const r = receiver((_req, n) =>
      n === 1 ? new Promise<Response>((done) => (release = done)) : new Response("ok"),
    );
    const { id } = await hook(r.url());
    await createOk();
    const sending = deliverDue(t.deps);
    await r.received(1);
    const [d] = await deliveries(id);
    const res = await as(`/webhooks/${id}/deliveries/${d.id}/redeliver`, { method: "POST" });
    expect(res.status).toBe(409);
    expect(await deliverDue(t.deps)).toBe(0);
    release(new Response("ok"));
    await sending;
    expect(r.hits).toHaveLength(1);
    expect((await deliveries(id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  test("POST /webhooks/{id}/test delivers a sample event right away and never echoes the receiver's body", async () => {
    const { as, hook } = await setup();
    const r = receiver(() => new Response("RECEIVER-PRIVATE-BODY", { status: 200 }));
    const { id } = await hook(r.url(), "pin.published", { secret: SECRET });
    const res = await as(`/webhooks/${id}/test`, { method: "POST" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("RECEIVER-PRIVATE-BODY");
    expect(JSON.parse(text)).toMatchObject({
      webhook_id: id,
      event: "pin.published",
      status: "delivered",
      attempts: 1,
      last_status_code: 200,
    });
    expect(r.hits).toHaveLength(1);
    expect(json(r.hits[0])).toMatchObject({
      event: "pin.published",
      data: { status: "published", test: true },
    });
    expect(
      verify(r.hits[0]?.body as Uint8Array, SECRET, r.hits[0]?.headers.get("x-webhook-signature") ?? null),
    ).toBe(true);
  });

  test.each([
    ["pin.created", "queued"],
    ["pin.scheduled", "scheduled"],
    ["pin.published", "published"],
    ["pin.failed", "failed"],
  ])("the test event of a %p webhook has the fields of a real one and status %p", async (event, status) => {
    const { as, hook, createOk, deliver } = await setup();
    const real = receiver();
    await hook(real.url(), "pin.created");
    await createOk();
    await deliver();
    const r = receiver();
    const { id } = await hook(r.url(), event);
    await as(`/webhooks/${id}/test`, { method: "POST" });
    const sample = json(r.hits[0]);
    expect(sample.event).toBe(event);
    expect(sample.data.status).toBe(status);
    expect(sample.data.test).toBe(true);
    const { test: _test, ...fields } = sample.data;
    expect(Object.keys(fields).sort()).toEqual(Object.keys(json(real.hits[0]).data).sort());
  });

  test("a test event the receiver refuses reports the status code but not the body", async () => {
    const { as, hook } = await setup();
    const r = receiver(() => new Response("stack trace with internal secrets", { status: 500 }));
    const { id } = await hook(r.url());
    const res = await as(`/webhooks/${id}/test`, { method: "POST" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("internal secrets");
    expect(JSON.parse(text)).toMatchObject({
      attempts: 1,
      last_status_code: 500,
      last_error: "Receiver answered 500",
    });
  });
});

describe("a slow receiver", () => {
  test("a receiver that never answers does not delay publishing", async () => {
    const { t, as, hook, createOk, deliveries } = await setup();
    const r = receiver(() => new Promise<Response>(() => {}));
    const { id } = await hook(r.url());
    const pin = await createOk({ title: "must not wait for the webhook" });

    // Both jobs as the scheduler runs them; the delivery one is not awaited: the receiver holds it.
    const sending = t.scheduler.runNow("deliver-webhooks");
    await r.received(1);
    expect((await deliveries(id))[0]).toMatchObject({ status: "delivering" });

    await t.scheduler.runNow("publish");
    await t.publisher.settled();
    expect((await (await as(`/pins/${pin.id}`)).json()).status).toBe("published");
    expect(t.deps.emulator?.pins().map((p) => p.title)).toEqual(["must not wait for the webhook"]);
    expect((await deliveries(id))[0]).toMatchObject({ status: "delivering", attempts: 0 });
    expect(t.scheduler.status().find((j) => j.name === "deliver-webhooks")?.running).toBe(true);

    // Waiting out the real 10 s timeout would make this test slow (see the next test); cut the line instead.
    r.server.stop(true);
    expect((await sending).last_error).toBeNull();
    expect((await deliveries(id))[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: null,
      last_error: "Could not connect to the receiver",
    });
  });

  test("an answer that does not come within the timeout is recorded as a timeout and retried", async () => {
    const { t, hook, createOk, deliveries } = await setup();
    const r = receiver();
    const { id } = await hook(r.url());
    await createOk();
    // deps.fetch is the injected seam: this one fails the way fetch does when its timeout signal fires.
    const timingOut = async () => {
      throw new DOMException("The operation timed out.", "TimeoutError");
    };
    await deliverDue({ ...t.deps, fetch: timingOut });
    expect((await deliveries(id))[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: null,
      last_error: `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`,
    });
  });
});

describe("a webhook deleted while one of its deliveries is in flight", () => {
  test("the attempt settles without an error: the test send still answers with its outcome", async () => {
    const { hook, as } = await setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = receiver(async () => {
      await gate;
      return new Response("ok");
    });
    const created = await hook(r.url(), "pin.published");
    const sending = as(`/webhooks/${created.id}/test`, { method: "POST" });
    await r.received(1);
    // Deleting the webhook takes its deliveries with it, the one being sent included.
    expect((await as(`/webhooks/${created.id}`, { method: "DELETE" })).status).toBe(204);
    release();
    const res = await sending;
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("delivered");
  });
});
