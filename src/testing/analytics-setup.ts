/** Shared set-up for the analytics tests: pins published at chosen times, the daily job run minute by minute. */
import { expect } from "bun:test";
import { type SyncReport, syncAnalytics } from "../analytics/analytics.sync";
import type { pinSetup } from "./pin-setup";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

/** Publishes `count` pins at `at` (the emulator records that as their creation time); returns their ids. */
export async function publishAt(
  s: Setup,
  at: string | number,
  count = 1,
  json: Record<string, unknown> = {},
): Promise<number[]> {
  s.t.clock.set(at);
  const items = Array.from({ length: count }, (_, i) => ({
    board_id: s.board,
    media_url: `https://images.example.com/${i}.jpg`,
    link: "https://shop.example.com/p",
    title: `Pin ${i}`,
    ...json,
  }));
  const res = await s.as(count === 1 ? "/pins" : "/pins/bulk", {
    method: "POST",
    json: count === 1 ? (items[0] as Record<string, unknown>) : items,
  });
  expect(res.status).toBe(201);
  const body = await res.json();
  const ids: number[] = (Array.isArray(body) ? body : [body]).map((p: { id: number }) => p.id);
  await s.t.publisher.tick();
  await s.t.publisher.settled();
  for (const id of ids) {
    const pin = await (await s.as(`/pins/${id}`)).json();
    expect(pin.status).toBe("published");
  }
  return ids;
}

/** Fires the analytics job once a minute from `at` until every profile's day is done (or `maxMinutes`). */
export async function runAnalyticsDay(s: Setup, at: string | number, maxMinutes = 120) {
  s.t.clock.set(at);
  const firings: SyncReport[] = [];
  for (let minute = 0; minute < maxMinutes; minute++) {
    const report = await syncAnalytics(s.t.deps);
    firings.push(report);
    // a pause (Pinterest's 429, a failure) is waited out minute by minute, like the scheduler would
    if (Object.values(report.profiles).every((p) => p !== "running" && p !== "paused")) break;
    s.t.clock.advance(60_000);
  }
  return firings;
}

/** Counts the analytics calls PinFlow makes to Pinterest (pin and account). */
export function countAnalyticsCalls(s: Setup) {
  const calls = { pin: [] as string[], account: 0 };
  const client = s.t.deps.pinterest;
  const pin = client.getPinAnalytics.bind(client);
  const account = client.getAccountAnalytics.bind(client);
  client.getPinAnalytics = (token, id, query) => {
    calls.pin.push(id);
    return pin(token, id, query);
  };
  client.getAccountAnalytics = (token, query) => {
    calls.account++;
    return account(token, query);
  };
  return calls;
}

/** Writes days of numbers for a pin straight into the database (a history PinFlow kept). */
export async function storeDays(
  s: Setup,
  pinId: number,
  days: Array<{
    date: string;
    impressions?: number;
    saves?: number;
    pin_clicks?: number;
    outbound_clicks?: number;
  }>,
) {
  const profileId = s.me.user.selected_profile_id as number;
  for (const d of days)
    await s.t.query(
      `INSERT INTO pin_metrics (profile_id, date, pin_id, impressions, saves, pin_clicks, outbound_clicks, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)
       ON CONFLICT (profile_id, date, pin_id) DO UPDATE SET impressions = excluded.impressions, saves = excluded.saves,
         pin_clicks = excluded.pin_clicks, outbound_clicks = excluded.outbound_clicks, fetched_at = 0`,
      profileId,
      d.date,
      pinId,
      d.impressions ?? 0,
      d.saves ?? 0,
      d.pin_clicks ?? 0,
      d.outbound_clicks ?? 0,
    );
}
