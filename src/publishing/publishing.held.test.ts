import { describe, expect, test } from "bun:test";
import { pinSetup, secondUser } from "../testing/pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

async function publishDue(s: Setup) {
  await s.t.publisher.tick();
  await s.t.publisher.settled();
}

/** The admin of `s` and a second, approved user with a scheduled pin and a webhook listening for it. */
async function otherUserWithScheduledPin(s: Setup) {
  const { other, otherKey } = await secondUser(s.t, s.me);
  const board = s.t.deps.emulator?.accounts()[1]?.boards[0]?.id as string;
  const res = await s.t.request("/pins", {
    method: "POST",
    json: { board_id: board, media_url: "https://example.com/a.jpg", scheduled_at: "2026-05-01T13:00:00Z" },
    headers: otherKey,
  });
  expect(res.status).toBe(201);
  const pin = await res.json();
  const now = s.t.clock.now();
  await s.t.query(
    "INSERT INTO webhooks (user_id, profile_id, url, event, created_at, updated_at) VALUES (?, ?, 'https://hooks.example.com/x', 'pin.published', ?, ?)",
    other.user.id,
    other.user.selected_profile_id,
    now,
    now,
  );
  const setStatus = (status: string) =>
    s.t.request(`/admin/users/${other.user.id}`, { method: "PUT", json: { status }, headers: s.me.browser });
  const pinStatus = async () =>
    ((await s.t.one("SELECT status FROM pins WHERE id = ?", pin.id)) as { status: string }).status;
  return { other, pin, setStatus, pinStatus };
}

const deliveries = async (s: Setup) =>
  ((await s.t.one("SELECT count(*) AS n FROM webhook_deliveries")) as { n: number }).n;

describe("pins of users who are not approved", () => {
  test("a suspended user's scheduled pin is held: no Pinterest call, no webhook, still scheduled", async () => {
    const s = await pinSetup();
    const o = await otherUserWithScheduledPin(s);
    expect((await o.setStatus("suspended")).status).toBe(200);
    s.t.clock.set("2026-05-01T13:05:00Z");
    await publishDue(s);

    expect(await o.pinStatus()).toBe("scheduled");
    expect(s.t.deps.emulator?.pins()).toHaveLength(0);
    expect(await deliveries(s)).toBe(0);
    expect((await (await s.t.request("/health")).json()).overdue_pins).toBe(0);
  });

  test("held pins resume once the user is approved again", async () => {
    const s = await pinSetup();
    const o = await otherUserWithScheduledPin(s);
    await o.setStatus("pending");
    s.t.clock.set("2026-05-01T13:05:00Z");
    await publishDue(s);
    expect(await o.pinStatus()).toBe("scheduled");

    await o.setStatus("approved");
    await publishDue(s);
    expect(await o.pinStatus()).toBe("published");
    expect(s.t.deps.emulator?.pins()).toHaveLength(1);
    expect(await deliveries(s)).toBe(1);
  });

  test("the admin's user list says how many pins each user has waiting", async () => {
    const s = await pinSetup();
    const o = await otherUserWithScheduledPin(s);
    await o.setStatus("suspended");
    await s.createOk({ status: "draft" });
    const users = await (await s.t.request("/admin/users", { headers: s.me.browser })).json();
    expect(users.map((u: { id: number; pins_waiting: number }) => [u.id, u.pins_waiting])).toEqual([
      [s.me.user.id, 0],
      [o.other.user.id, 1],
    ]);
  });
});
