import { describe, expect, test } from "bun:test";
import { signIn } from "../testing/fixtures";
import { createTestApp } from "../testing/test-app";
import { updateUserAsAdmin } from "../users/users.service";

describe("admin API", () => {
  test("the admin lists users and approves, re-plans and limits one", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const other = await signIn(t, 1);
    const users = await (await t.request("/admin/users", { headers: admin.browser })).json();
    expect(users.map((u: { status: string }) => u.status)).toEqual(["approved", "pending"]);
    const res = await t.request(`/admin/users/${other.user.id}`, {
      method: "PUT",
      json: { status: "approved", plan: "growth", daily_pin_limit: 25 },
      headers: admin.browser,
    });
    expect(await res.json()).toMatchObject({
      status: "approved",
      plan: "growth",
      daily_pin_limit: 25,
      is_admin: false,
    });
    expect((await t.request("/api-keys", { headers: other.browser })).status).toBe(200);
  });

  test("an unknown plan or a negative limit is a 422", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const plan = await t.request(`/admin/users/${admin.user.id}`, {
      method: "PUT",
      json: { plan: "gold" },
      headers: admin.browser,
    });
    expect(plan.status).toBe(422);
    const limit = await t.request(`/admin/users/${admin.user.id}`, {
      method: "PUT",
      json: { daily_pin_limit: -1 },
      headers: admin.browser,
    });
    expect(limit.status).toBe(422);
  });

  test("plans are listed and edited", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const plans = await (await t.request("/admin/plans", { headers: admin.browser })).json();
    expect(plans).toEqual([
      { name: "growth", monthly_pin_limit: 1000, bulk_allowed: true },
      { name: "pro", monthly_pin_limit: null, bulk_allowed: true },
      { name: "starter", monthly_pin_limit: 200, bulk_allowed: false },
    ]);
    const res = await t.request("/admin/plans/starter", {
      method: "PUT",
      json: { monthly_pin_limit: 300, bulk_allowed: true },
      headers: admin.browser,
    });
    expect(await res.json()).toEqual({ name: "starter", monthly_pin_limit: 300, bulk_allowed: true });
    expect(
      (await t.request("/admin/plans/gold", { method: "PUT", json: {}, headers: admin.browser })).status,
    ).toBe(404);
  });

  test("jobs are listed and can be run now", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const jobs = await (await t.request("/admin/jobs", { headers: admin.browser })).json();
    expect(jobs.length).toBeGreaterThan(0);
    const name = jobs[0].name;
    const run = await t.request(`/admin/jobs/${name}/run`, { method: "POST", headers: admin.browser });
    expect(await run.json()).toMatchObject({ name, run_count: 1, last_error: null });
    expect((await t.request("/admin/jobs/nope/run", { method: "POST", headers: admin.browser })).status).toBe(
      404,
    );
  });

  test("admin routes answer 403 to everyone else", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const other = await signIn(t, 1);
    await t.request(`/admin/users/${other.user.id}`, {
      method: "PUT",
      json: { status: "approved" },
      headers: admin.browser,
    });
    for (const [method, path] of [
      ["GET", "/admin/users"],
      ["PUT", `/admin/users/${other.user.id}`],
      ["GET", "/admin/plans"],
      ["PUT", "/admin/plans/pro"],
      ["GET", "/admin/jobs"],
      ["POST", "/admin/jobs/db-optimize/run"],
    ] as const) {
      const res = await t.request(path, {
        method,
        json: method === "PUT" ? { is_admin: true } : undefined,
        headers: other.browser,
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ detail: "Admin access required" });
    }
  });

  test.each([
    ["suspend themselves", { status: "suspended" }],
    ["put themselves back to pending", { status: "pending" }],
    ["give up admin", { is_admin: false }],
  ])("the only admin cannot %s: 409, and nothing changes", async (_what, json) => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const res = await t.request(`/admin/users/${admin.user.id}`, {
      method: "PUT",
      json: { ...json, plan: "growth" },
      headers: admin.browser,
    });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain("without an approved admin");
    const me = await (await t.request("/auth/me", { headers: admin.browser })).json();
    expect(me).toMatchObject({ status: "approved", is_admin: true });
    expect(me.plan).not.toBe("growth");
    expect((await t.request("/admin/users", { headers: admin.browser })).status).toBe(200);
  });

  test("with another approved admin, an admin may step down; a pending admin does not count", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const other = await signIn(t, 1);
    const put = (id: number, json: Record<string, unknown>) =>
      t.request(`/admin/users/${id}`, { method: "PUT", json, headers: admin.browser });
    expect((await put(other.user.id, { is_admin: true })).status).toBe(200); // admin, but still pending
    expect((await put(admin.user.id, { is_admin: false })).status).toBe(409);
    expect((await put(other.user.id, { status: "approved" })).status).toBe(200);
    const res = await put(admin.user.id, { is_admin: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ is_admin: false, status: "approved" });
  });

  test("the server's CLI path may still leave no admin", async () => {
    const t = createTestApp();
    const admin = await signIn(t, 0);
    const user = await updateUserAsAdmin(
      t.deps,
      admin.user.id,
      { status: "suspended" },
      { allowNoAdmin: true },
    );
    expect(user).toMatchObject({ status: "suspended", is_admin: true });
  });
});
