import { describe, expect, test } from "bun:test";
import { approve, signIn } from "../testing/fixtures";
import { createTestApp } from "../testing/test-app";

async function setup() {
  const t = createTestApp();
  const me = await signIn(t, 0);
  await signIn(t, 2, { connectWith: me });
  const profiles = await (await t.request("/profiles", { headers: me.browser })).json();
  return { t, me, profiles };
}

describe("profiles", () => {
  test("GET /profiles lists the connected accounts without any token", async () => {
    const { profiles } = await setup();
    expect(profiles).toHaveLength(2);
    expect(Object.keys(profiles[0]).sort()).toEqual([
      "account_type",
      "created_at",
      "id",
      "is_selected",
      "needs_reconnect",
      "pinterest_user_id",
      "pinterest_username",
      "profile_image",
      "reconnect_reason",
    ]);
  });

  test("selecting a profile makes it the user's selected profile", async () => {
    const { t, me, profiles } = await setup();
    const res = await t.request(`/profiles/${profiles[0].id}/select`, {
      method: "POST",
      headers: me.browser,
    });
    expect((await res.json()).is_selected).toBe(true);
    expect((await (await t.request("/auth/me", { headers: me.browser })).json()).selected_profile_id).toBe(
      profiles[0].id,
    );
  });

  test("disconnecting removes the profile and moves the selection to another one", async () => {
    const { t, me, profiles } = await setup();
    const res = await t.request(`/profiles/${profiles[1].id}`, { method: "DELETE", headers: me.browser });
    expect(res.status).toBe(204);
    const left = await (await t.request("/profiles", { headers: me.browser })).json();
    expect(left.map((p: { id: number }) => p.id)).toEqual([profiles[0].id]);
    expect(left[0].is_selected).toBe(true);
  });

  test("disconnecting a profile with queued or scheduled pins is refused unless forced", async () => {
    const { t, me, profiles } = await setup();
    const now = t.clock.now();
    await t.query(
      "INSERT INTO pins (user_id, profile_id, board_id, media_url, status, created_at, updated_at) VALUES (?, ?, '1', 'https://example.com/a.jpg', 'queued', ?, ?)",
      me.user.id,
      profiles[1].id,
      now,
      now,
    );
    const refused = await t.request(`/profiles/${profiles[1].id}`, { method: "DELETE", headers: me.browser });
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toContain("?force=true");
    const forced = await t.request(`/profiles/${profiles[1].id}?force=true`, {
      method: "DELETE",
      headers: me.browser,
    });
    expect(forced.status).toBe(204);
    expect(await t.one("SELECT count(*) AS n FROM pins")).toEqual({ n: 0 });
  });

  test("another user's profile answers 404 on every route", async () => {
    const { t, me, profiles } = await setup();
    const other = await signIn(t, 1);
    await approve(t, me, other.user.id);
    expect(
      (await t.request(`/profiles/${profiles[0].id}/select`, { method: "POST", headers: other.browser }))
        .status,
    ).toBe(404);
    expect(
      (await t.request(`/profiles/${profiles[0].id}`, { method: "DELETE", headers: other.browser })).status,
    ).toBe(404);
    const theirs = await (await t.request("/profiles", { headers: other.browser })).json();
    expect(theirs).toHaveLength(1);
  });
});
