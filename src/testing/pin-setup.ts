/** Shared set-up for the pin route tests: an approved admin with a key, a demo board and room in the quotas. */
import { expect } from "bun:test";
import { apiKeyFor, demoAccounts, type SignedIn, signIn } from "../testing/fixtures";
import { createTestApp, type TestAppOptions } from "../testing/test-app";

export async function pinSetup(opts: TestAppOptions & { plan?: string; dailyLimit?: number } = {}) {
  const t = createTestApp(opts);
  const me = await signIn(t, 0);
  const key = await apiKeyFor(t, me);
  await t.request(`/admin/users/${me.user.id}`, {
    method: "PUT",
    json: { daily_pin_limit: opts.dailyLimit ?? 1000, plan: opts.plan ?? "pro" },
    headers: me.browser,
  });
  const boards = demoAccounts(t)[0]?.boards ?? [];
  const board = boards[0]?.id as string;
  const create = (json: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.request("/pins", {
      method: "POST",
      json: { board_id: board, media_url: "https://example.com/a.jpg", ...json },
      headers: { ...key, ...headers },
    });
  const createOk = async (json: Record<string, unknown> = {}) => {
    const res = await create(json);
    expect(res.status).toBe(201);
    return res.json();
  };
  const as = (path: string, init: { method?: string; json?: Record<string, unknown> | unknown[] } = {}) =>
    t.request(path, { ...init, headers: key });
  return { t, me, key, board, boards, create, createOk, as };
}

export async function secondUser(t: ReturnType<typeof createTestApp>, admin: SignedIn) {
  const other = await signIn(t, 1);
  await t.request(`/admin/users/${other.user.id}`, {
    method: "PUT",
    json: { status: "approved", daily_pin_limit: 100, plan: "pro" },
    headers: admin.browser,
  });
  return { other, otherKey: await apiKeyFor(t, other) };
}

/** Forces a pin's status in the database, for states only the publisher reaches. */
export async function forceStatus(
  t: ReturnType<typeof createTestApp>,
  id: number,
  status: string,
  extra = "",
) {
  await t.query(`UPDATE pins SET status = ?${extra} WHERE id = ?`, status, id);
}
