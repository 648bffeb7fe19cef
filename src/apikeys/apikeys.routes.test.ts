import { describe, expect, test } from "bun:test";
import { approve, signIn } from "../testing/fixtures";
import { createTestApp } from "../testing/test-app";

async function setup() {
  const t = createTestApp();
  const me = await signIn(t);
  const create = (name = "n8n integration") =>
    t.request("/api-keys", { method: "POST", json: { name }, headers: me.browser });
  return { t, me, create };
}

describe("API keys", () => {
  test("creating a key returns the secret once with the seed's shape", async () => {
    const { create } = await setup();
    const res = await create();
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual([
      "created_at",
      "display_id",
      "id",
      "is_active",
      "name",
      "secret_key",
    ]);
    expect(body.display_id).toMatch(/^pk_pinflow_[0-9a-f]{16}$/);
    expect(body.secret_key).toMatch(/^sk_pinflow_[0-9a-f]{64}$/);
    expect(body).toMatchObject({
      name: "n8n integration",
      is_active: true,
      created_at: "2026-05-01T12:00:00Z",
    });
  });

  test("the list shows metadata only and the database holds only a hash", async () => {
    const { t, me, create } = await setup();
    const { secret_key } = await (await create()).json();
    const list = await (await t.request("/api-keys", { headers: me.browser })).json();
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]).sort()).toEqual([
      "created_at",
      "display_id",
      "id",
      "is_active",
      "last_used_at",
      "name",
    ]);
    expect(JSON.stringify(await t.query("SELECT * FROM api_keys"))).not.toContain(secret_key.slice(11));
  });

  test("a key authenticates with Authorization: Bearer and with X-API-Key", async () => {
    const { t, create } = await setup();
    const { secret_key } = await (await create()).json();
    expect((await t.request("/auth/me", { headers: { authorization: `Bearer ${secret_key}` } })).status).toBe(
      200,
    );
    expect((await t.request("/auth/me", { headers: { "x-api-key": secret_key } })).status).toBe(200);
  });

  test("an unknown, malformed, disabled or revoked key answers 401 on the very next request", async () => {
    const { t, me, create } = await setup();
    const key = await (await create()).json();
    const asKey = () => t.request("/auth/me", { headers: { authorization: `Bearer ${key.secret_key}` } });
    expect(
      (await t.request("/auth/me", { headers: { authorization: `Bearer sk_pinflow_${"0".repeat(64)}` } }))
        .status,
    ).toBe(401);
    expect((await t.request("/auth/me", { headers: { authorization: "Bearer nonsense" } })).status).toBe(401);

    const off = await t.request(`/api-keys/${key.id}/toggle`, { method: "PATCH", headers: me.browser });
    expect(await off.json()).toMatchObject({ id: key.id, is_active: false });
    expect((await asKey()).status).toBe(401);
    const on = await t.request(`/api-keys/${key.id}/toggle`, { method: "PATCH", headers: me.browser });
    expect((await on.json()).is_active).toBe(true);
    expect((await asKey()).status).toBe(200);

    const revoked = await t.request(`/api-keys/${key.id}`, { method: "DELETE", headers: me.browser });
    expect(revoked.status).toBe(204);
    expect((await asKey()).status).toBe(401);
    expect(await (await asKey()).json()).toEqual({ detail: "Not authenticated" });
  });

  test("an invalid key is not rescued by a valid session cookie", async () => {
    const { t, me } = await setup();
    const res = await t.request("/auth/me", {
      headers: { ...me.browser, authorization: "Bearer sk_pinflow_bad" },
    });
    expect(res.status).toBe(401);
  });

  test("at most 10 keys are active at once; an 11th is refused with a clear 400", async () => {
    const { create, t, me } = await setup();
    for (let i = 0; i < 10; i++) expect((await create(`k${i}`)).status).toBe(201);
    const eleventh = await create("k10");
    expect(eleventh.status).toBe(400);
    expect((await eleventh.json()).detail).toContain("up to 10 active API keys");
    const [first] = await (await t.request("/api-keys", { headers: me.browser })).json();
    await t.request(`/api-keys/${first.id}/toggle`, { method: "PATCH", headers: me.browser });
    expect((await create("k10")).status).toBe(201);
    const reenable = await t.request(`/api-keys/${first.id}/toggle`, {
      method: "PATCH",
      headers: me.browser,
    });
    expect(reenable.status).toBe(400);
  });

  test("last_used_at is recorded, at most once a minute", async () => {
    const { t, me, create } = await setup();
    const key = await (await create()).json();
    const use = () => t.request("/auth/me", { headers: { authorization: `Bearer ${key.secret_key}` } });
    const lastUsed = async () =>
      (await (await t.request("/api-keys", { headers: me.browser })).json())[0].last_used_at;
    await use();
    expect(await lastUsed()).toBe("2026-05-01T12:00:00Z");
    t.clock.advance(30_000);
    await use();
    expect(await lastUsed()).toBe("2026-05-01T12:00:00Z");
    t.clock.advance(31_000);
    await use();
    expect(await lastUsed()).toBe("2026-05-01T12:01:01Z");
  });

  test("nobody can see, toggle or revoke another user's keys (404)", async () => {
    const { t, me, create } = await setup();
    const key = await (await create()).json();
    const other = await signIn(t, 1);
    await approve(t, me, other.user.id);
    expect(await (await t.request("/api-keys", { headers: other.browser })).json()).toEqual([]);
    expect(
      (await t.request(`/api-keys/${key.id}/toggle`, { method: "PATCH", headers: other.browser })).status,
    ).toBe(404);
    expect(
      (await t.request(`/api-keys/${key.id}`, { method: "DELETE", headers: other.browser })).status,
    ).toBe(404);
    expect(
      (await t.request("/auth/me", { headers: { authorization: `Bearer ${key.secret_key}` } })).status,
    ).toBe(200);
  });

  test("a pending user's key gets 403 and a suspended user's keys stop at once", async () => {
    const { t, me, create } = await setup();
    const key = await (await create()).json();
    const other = await signIn(t, 1);
    const asOther = await t.request("/api-keys", {
      method: "POST",
      json: { name: "x" },
      headers: other.browser,
    });
    expect(asOther.status).toBe(403);
    await approve(t, me, other.user.id);
    const otherKey = await (
      await t.request("/api-keys", { method: "POST", json: { name: "x" }, headers: other.browser })
    ).json();
    await t.request(`/admin/users/${other.user.id}`, {
      method: "PUT",
      json: { status: "suspended" },
      headers: me.browser,
    });
    const suspended = await t.request("/auth/me", {
      headers: { authorization: `Bearer ${otherKey.secret_key}` },
    });
    expect(suspended.status).toBe(403);
    expect(await suspended.json()).toEqual({ detail: "Account suspended" });
    expect((await t.request("/auth/me", { headers: other.browser })).status).toBe(403);
    expect(
      (await t.request("/auth/me", { headers: { authorization: `Bearer ${key.secret_key}` } })).status,
    ).toBe(200);
  });

  test("a key name is required", async () => {
    const { create } = await setup();
    const res = await create("");
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].loc).toEqual(["body", "name"]);
  });
});
