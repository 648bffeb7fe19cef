import { describe, expect, test } from "bun:test";
import type { Resolve } from "../shared/net";
import { urlRefusals } from "../shared/net";
import { signIn } from "../testing/fixtures";
import { pinSetup, secondUser } from "../testing/pin-setup";
import { MAX_WEBHOOKS_PER_USER } from "./webhooks.service";

const reasons = urlRefusals("Webhook URL");

/** Fake DNS: every name a test uses, nothing ever looked up for real. */
const DNS: Record<string, string[]> = {
  "hooks.example.com": ["93.184.216.34"],
  "other.example.com": ["93.184.216.35"],
  "your-server.com": ["93.184.216.36"],
  "internal.example.com": ["10.0.0.5"],
  "mixed.example.com": ["93.184.216.34", "10.0.0.5"],
  localhost: ["127.0.0.1", "::1"],
};
const resolve: Resolve = async (name) => {
  const answer = DNS[name];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return answer;
};

const HOOK = "https://hooks.example.com/pinflow";
const GENERIC_REASONS: string[] = Object.values(reasons);

async function setup(config: { webhookAllowPrivate?: boolean } = {}) {
  const s = await pinSetup({ resolve, config });
  const createHook = (json: Record<string, unknown>, headers = s.key) =>
    s.t.request("/webhooks", {
      method: "POST",
      json: { url: HOOK, event: "pin.published", ...json },
      headers,
    });
  const createHookOk = async (json: Record<string, unknown> = {}) => {
    const res = await createHook(json);
    expect(res.status).toBe(201);
    return res.json();
  };
  const profiles = async () => (await (await s.as("/profiles")).json()) as Array<{ id: number }>;
  return { ...s, createHook, createHookOk, profiles };
}

describe("POST /webhooks", () => {
  test("registers a webhook and answers 201 with its public shape, never the secret", async () => {
    const { createHook, me } = await setup();
    const res = await createHook({ event: "pin.created", secret: "s3cret-value" });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain("s3cret-value");
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(
      [
        "id",
        "profile_id",
        "pinterest_user_id",
        "pinterest_username",
        "url",
        "event",
        "is_active",
        "has_secret",
        "paused_reason",
        "created_at",
      ].sort(),
    );
    expect(body).toMatchObject({
      id: expect.any(Number),
      profile_id: me.user.selected_profile_id as number,
      pinterest_user_id: expect.any(String),
      pinterest_username: expect.any(String),
      url: HOOK,
      event: "pin.created",
      is_active: true,
      has_secret: true,
      paused_reason: null,
      created_at: "2026-05-01T12:00:00Z",
    });
  });

  test("a webhook without a secret says has_secret false", async () => {
    const { createHookOk } = await setup();
    expect((await createHookOk()).has_secret).toBe(false);
  });

  test("accepts the seed reference's example body as it is", async () => {
    const { t, key } = await setup();
    const res = await t.request("/webhooks", {
      method: "POST",
      headers: key,
      json: {
        url: "https://your-server.com/hooks/pinflow",
        event: "pin.published",
        secret: "a-random-string-you-pick",
      },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      url: "https://your-server.com/hooks/pinflow",
      event: "pin.published",
      is_active: true,
      has_secret: true,
    });
  });

  test.each(["pin.created", "pin.scheduled", "pin.published", "pin.failed"])(
    "accepts the event %p",
    async (event) => {
      const { createHook } = await setup();
      const res = await createHook({ event });
      expect(res.status).toBe(201);
      expect((await res.json()).event).toBe(event);
    },
  );

  test.each(["pin.deleted", "PIN.CREATED", "", "*"])(
    "refuses the unknown event %p with a 422 array",
    async (event) => {
      const { createHook } = await setup();
      const res = await createHook({ event });
      expect(res.status).toBe(422);
      const { detail } = await res.json();
      expect(Array.isArray(detail)).toBe(true);
      expect(detail[0].loc).toEqual(["body", "event"]);
    },
  );

  test("refuses a body without url or event with a 422 array", async () => {
    const { t, key } = await setup();
    const res = await t.request("/webhooks", { method: "POST", json: {}, headers: key });
    expect(res.status).toBe(422);
    const { detail } = await res.json();
    expect(detail.map((d: { loc: string[] }) => d.loc.at(-1)).sort()).toEqual(["event", "url"]);
  });

  test("needs authentication", async () => {
    const { t } = await setup();
    const res = await t.request("/webhooks", { method: "POST", json: { url: HOOK, event: "pin.created" } });
    expect(res.status).toBe(401);
  });

  test.each([
    ["loopback", "http://127.0.0.1/hook"],
    ["loopback elsewhere in 127/8", "http://127.9.9.9:8080/hook"],
    ["loopback as one decimal number", "http://2130706433/hook"],
    ["loopback in octal", "http://0177.0.0.1/hook"],
    ["loopback in hex", "http://0x7f.0.0.1/hook"],
    ["loopback shortened", "http://127.1/hook"],
    ["IPv6 loopback", "http://[::1]/hook"],
    ["IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]/hook"],
    ["IPv4-mapped IPv6 loopback in hex", "http://[::ffff:7f00:1]/hook"],
    ["IPv4-mapped private address", "http://[::ffff:10.0.0.1]/hook"],
    ["localhost", "http://localhost:3000/hook"],
    ["localhost in capitals with a trailing dot", "http://LOCALHOST./hook"],
    ["a .localhost subdomain", "http://app.localhost/hook"],
    ["private 10/8", "http://10.1.2.3/hook"],
    ["private 172.16/12", "http://172.20.0.1/hook"],
    ["private 192.168/16", "https://192.168.1.10/hook"],
    ["link-local", "http://169.254.10.20/hook"],
    ["IPv6 link-local", "http://[fe80::1]/hook"],
    ["carrier-grade NAT", "http://100.64.0.1/hook"],
    ["IPv6 unique-local", "http://[fd12:3456:789a::1]/hook"],
    ["IPv6 unique-local fc00::/8", "http://[fc00::1]/hook"],
    ["unspecified", "http://0.0.0.0/hook"],
    ["unspecified as a bare zero", "http://0/hook"],
    ["IPv6 unspecified", "http://[::]/hook"],
    ["a name that resolves to a private address", "https://internal.example.com/hook"],
    ["a name with one private answer among public ones", "https://mixed.example.com/hook"],
    ["a name that does not resolve", "https://nowhere.example.com/hook"],
    ["cloud metadata", "http://169.254.169.254/latest/meta-data/"],
  ])("refuses a %s target (%p) with 400 and a generic reason", async (_what, url) => {
    const { t, createHook, as } = await setup();
    const res = await createHook({ url });
    expect(res.status).toBe(400);
    const { detail } = await res.json();
    expect(GENERIC_REASONS).toContain(detail);
    // never an oracle: the resolved address does not come back
    expect(detail).not.toContain("10.0.0.5");
    expect(detail).not.toContain("127.0.0.1");
    expect(await (await as("/webhooks")).json()).toEqual([]);
    expect(await t.one("SELECT count(*) AS n FROM webhooks")).toEqual({ n: 0 });
  });

  test("refuses schemes other than http and https, and userinfo", async () => {
    const { createHook } = await setup();
    for (const url of [
      "ftp://hooks.example.com/x",
      "file:///etc/passwd",
      "https://user:pw@hooks.example.com/",
    ]) {
      const res = await createHook({ url });
      expect(res.status).toBe(400);
    }
  });

  test.each([
    "http://127.0.0.1:5678/webhook/abc",
    "http://localhost:5678/webhook",
    "http://10.0.0.7/n8n",
    "http://192.168.1.20:8080/hook",
    "https://internal.example.com/hook",
  ])("allows the homelab target %p when PINFLOW_WEBHOOK_ALLOW_PRIVATE is on", async (url) => {
    const { createHook } = await setup({ webhookAllowPrivate: true });
    const res = await createHook({ url });
    expect(res.status).toBe(201);
    expect((await res.json()).url).toBe(url);
  });

  test("still refuses the cloud metadata address when private targets are allowed", async () => {
    const { createHook } = await setup({ webhookAllowPrivate: true });
    const res = await createHook({ url: "http://169.254.169.254/latest/meta-data/" });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toBe(reasons.metadata);
  });

  test("refuses a 26th webhook with 400 until one is deleted", async () => {
    const { as, createHook, createHookOk } = await setup();
    const hooks = [];
    for (let i = 0; i < MAX_WEBHOOKS_PER_USER; i++) hooks.push(await createHookOk({ url: `${HOOK}/${i}` }));
    const refused = await createHook({});
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toBe("You can have up to 25 webhooks. Delete one first.");
    await as(`/webhooks/${hooks[0].id}`, { method: "DELETE" });
    expect((await createHook({})).status).toBe(201);
  });

  test("creates the webhook on another of the caller's profiles given profile_id, and 404s someone else's", async () => {
    const { t, me, createHook, profiles } = await setup();
    await signIn(t, 2, { connectWith: me });
    const [, second] = await profiles();
    const res = await createHook({ profile_id: second?.id });
    expect(res.status).toBe(201);
    expect((await res.json()).profile_id).toBe(second?.id as number);

    const { otherKey } = await secondUser(t, me);
    const theirs = (await (await t.request("/profiles", { headers: otherKey })).json())[0].id;
    const refused = await createHook({ profile_id: theirs });
    expect(refused.status).toBe(404);
  });
});

describe("GET /webhooks", () => {
  test("lists only the selected profile's webhooks, and another profile's with ?profile_id", async () => {
    const { t, me, as, createHookOk, profiles } = await setup();
    await signIn(t, 2, { connectWith: me });
    const [first, second] = await profiles();
    expect((await as(`/profiles/${first?.id}/select`, { method: "POST" })).status).toBe(200);
    const onFirst = await createHookOk({ event: "pin.created" });
    expect((await as(`/profiles/${second?.id}/select`, { method: "POST" })).status).toBe(200);
    const onSecond = await createHookOk({ event: "pin.failed" });
    expect(onFirst.profile_id).toBe(first?.id as number);
    expect(onSecond.profile_id).toBe(second?.id as number);

    const selected = await (await as("/webhooks")).json();
    expect(selected).toEqual([onSecond]);
    const filtered = await (await as(`/webhooks?profile_id=${first?.id}`)).json();
    expect(filtered).toEqual([onFirst]);

    await as(`/profiles/${first?.id}/select`, { method: "POST" });
    expect(await (await as("/webhooks")).json()).toEqual([onFirst]);
  });

  test("never lists another user's webhooks, and 404s their profile_id", async () => {
    const { t, me, as, createHookOk } = await setup();
    const { otherKey } = await secondUser(t, me);
    await createHookOk();
    const theirs = await t.request("/webhooks", { headers: otherKey });
    expect(theirs.status).toBe(200);
    expect(await theirs.json()).toEqual([]);
    const theirProfile = (await (await t.request("/profiles", { headers: otherKey })).json())[0].id;
    expect((await as(`/webhooks?profile_id=${theirProfile}`)).status).toBe(404);
  });

  test("refuses a profile_id that is not a number with 422", async () => {
    const { as } = await setup();
    expect((await as("/webhooks?profile_id=abc")).status).toBe(422);
  });
});

describe("GET, PUT and DELETE /webhooks/{id}", () => {
  test("GET returns the single webhook as it was listed", async () => {
    const { as, createHookOk } = await setup();
    const hook = await createHookOk({ secret: "x" });
    const res = await as(`/webhooks/${hook.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(hook);
  });

  test("PUT {is_active:false} pauses the webhook and PUT {is_active:true} resumes it", async () => {
    const { as, createHookOk } = await setup();
    const hook = await createHookOk();
    const paused = await as(`/webhooks/${hook.id}`, { method: "PUT", json: { is_active: false } });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ id: hook.id, is_active: false });
    expect((await (await as(`/webhooks/${hook.id}`)).json()).is_active).toBe(false);
    const resumed = await as(`/webhooks/${hook.id}`, { method: "PUT", json: { is_active: true } });
    expect(await resumed.json()).toMatchObject({ id: hook.id, is_active: true, paused_reason: null });
  });

  test("PUT changes the event and the secret, and secret null removes it", async () => {
    const { as, createHookOk } = await setup();
    const hook = await createHookOk();
    const changed = await as(`/webhooks/${hook.id}`, {
      method: "PUT",
      json: { event: "pin.failed", secret: "new-secret" },
    });
    expect(changed.status).toBe(200);
    const text = await changed.text();
    expect(text).not.toContain("new-secret");
    expect(JSON.parse(text)).toMatchObject({ event: "pin.failed", has_secret: true, url: HOOK });
    const cleared = await as(`/webhooks/${hook.id}`, { method: "PUT", json: { secret: null } });
    expect((await cleared.json()).has_secret).toBe(false);
  });

  test("PUT checks a new URL like POST does and keeps the old one when it is refused", async () => {
    const { as, createHookOk } = await setup();
    const hook = await createHookOk();
    for (const url of ["http://127.0.0.1/x", "http://2130706433/", "https://internal.example.com/hook"]) {
      const res = await as(`/webhooks/${hook.id}`, { method: "PUT", json: { url } });
      expect(res.status).toBe(400);
      expect(GENERIC_REASONS).toContain((await res.json()).detail);
    }
    expect((await (await as(`/webhooks/${hook.id}`)).json()).url).toBe(HOOK);
    const ok = await as(`/webhooks/${hook.id}`, {
      method: "PUT",
      json: { url: "https://other.example.com/new" },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).url).toBe("https://other.example.com/new");
  });

  test("PUT refuses an unknown event or a non-boolean is_active with 422", async () => {
    const { as, createHookOk } = await setup();
    const hook = await createHookOk();
    expect((await as(`/webhooks/${hook.id}`, { method: "PUT", json: { event: "pin.deleted" } })).status).toBe(
      422,
    );
    expect((await as(`/webhooks/${hook.id}`, { method: "PUT", json: { is_active: "no" } })).status).toBe(422);
  });

  test("DELETE answers 204 and the webhook is gone, with its deliveries", async () => {
    const { t, as, createHookOk, createOk } = await setup();
    const hook = await createHookOk({ event: "pin.created" });
    await createOk({ title: "makes a delivery" });
    expect(await t.one("SELECT count(*) AS n FROM webhook_deliveries")).toEqual({ n: 1 });
    const res = await as(`/webhooks/${hook.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect((await as(`/webhooks/${hook.id}`)).status).toBe(404);
    expect(await (await as("/webhooks")).json()).toEqual([]);
    expect(await t.one("SELECT count(*) AS n FROM webhook_deliveries")).toEqual({ n: 0 });
  });

  test("an id that does not exist is 404 with a JSON detail", async () => {
    const { as } = await setup();
    const res = await as("/webhooks/999");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Webhook not found" });
  });

  test("another user's webhook is 404 on every route and is left untouched", async () => {
    const { t, me, as, createHookOk, createOk } = await setup();
    const hook = await createHookOk({ event: "pin.created" });
    await createOk({ title: "one delivery" });
    const [delivery] = await (await as(`/webhooks/${hook.id}/deliveries`)).json();
    expect(delivery).toBeDefined();
    const { otherKey } = await secondUser(t, me);
    const routes: Array<[string, string, Record<string, unknown>?]> = [
      ["GET", `/webhooks/${hook.id}`],
      ["PUT", `/webhooks/${hook.id}`, { is_active: false }],
      ["PUT", `/webhooks/${hook.id}`, { url: "https://other.example.com/steal" }],
      ["DELETE", `/webhooks/${hook.id}`],
      ["GET", `/webhooks/${hook.id}/deliveries`],
      ["POST", `/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`],
      ["POST", `/webhooks/${hook.id}/test`],
    ];
    for (const [method, path, json] of routes) {
      const res = await t.request(path, { method, json, headers: otherKey });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(await res.json()).toEqual({ detail: "Webhook not found" });
    }
    expect(await (await as(`/webhooks/${hook.id}`)).json()).toEqual(hook);
    const [after] = await (await as(`/webhooks/${hook.id}/deliveries`)).json();
    expect(after).toEqual(delivery);
  });

  test("a delivery of another of the caller's webhooks is 404 on redeliver", async () => {
    const { as, createHookOk, createOk } = await setup();
    const a = await createHookOk({ event: "pin.created" });
    const b = await createHookOk({ event: "pin.failed" });
    await createOk();
    const [delivery] = await (await as(`/webhooks/${a.id}/deliveries`)).json();
    const res = await as(`/webhooks/${b.id}/deliveries/${delivery.id}/redeliver`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Delivery not found" });
  });
});
