/**
 * Pinterest's numbers as PinFlow kept them (analytics.sync.ts fetches them daily): one pin's daily series, a
 * profile's summary (totals, top pins by each metric, per board), and posting times suggested from the
 * history (analytics.suggest.ts). Everything here reads the database only: it answers when Pinterest does not.
 */

import { boardNamesOf } from "../boards/boards.service";
import type { AnalyticsSync, User } from "../db/schema";
import type { Deps } from "../deps";
import { getPin } from "../pins/pins.service";
import { getProfileOfUser, resolveProfile } from "../profiles/profiles.service";
import { getSchedule } from "../schedule/schedule.service";
import { type Metrics, metricsOf, noMetrics } from "../shared/schema";
import { toApiTime, utcDay, zonedParts } from "../shared/time";
import { rangeBackwards, rangeTooLong } from "./analytics.errors";
import * as repo from "./analytics.repo";
import {
  type AvailabilityDto,
  type DayMetrics,
  DEFAULT_RANGE_DAYS,
  MAX_RANGE_DAYS,
  METRIC_NAMES,
  type MetricName,
  type PinAnalyticsDto,
  type SuggestionsDto,
  type SummaryDto,
  type TopPinDto,
} from "./analytics.schema";
import { MIN_PINS, type PinOutcome, suggestSlots } from "./analytics.suggest";

type AnalyticsDeps = Pick<
  Deps,
  "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "inProcess"
>;

const DAY_MS = 86_400_000;
/** A pin is judged by its first this many days. */
export const EARLY_DAYS = 14;
/** …of which Pinterest must have given numbers for at least this many. */
const EARLY_DAYS_NEEDED = 12;
const DEFAULT_TOP = 5;

const dayOf = (row: { date: string } & Record<MetricName, number | string | null>): DayMetrics => ({
  date: row.date,
  ...metricsOf(row),
});

function add(total: Metrics, part: Metrics): Metrics {
  for (const name of METRIC_NAMES) total[name] += part[name];
  return total;
}

/** [from, to] with the defaults (the last 30 days up to today, UTC), checked. */
export function resolveRange(now: number, q: { from?: string; to?: string }): { from: string; to: string } {
  const to = q.to ?? utcDay(now);
  const from = q.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (from > to) throw rangeBackwards();
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1 > MAX_RANGE_DAYS)
    throw rangeTooLong();
  return { from, to };
}

/** What the job knows of the profile, for people: fetched daily, not available (and why), or not yet. */
export function availabilityOf(sync: AnalyticsSync | undefined, now: number): AvailabilityDto {
  if (!sync) {
    return { status: "pending", reason: null, last_synced_at: null, next_check_at: null, paused_until: null };
  }
  const unavailable = sync.available === 0;
  return {
    status: unavailable ? "unavailable" : sync.last_synced_at === null ? "pending" : "ok",
    reason: unavailable ? sync.unavailable_reason : null,
    last_synced_at: toApiTime(sync.last_synced_at),
    next_check_at: unavailable ? toApiTime(sync.recheck_at) : null,
    paused_until: sync.paused_until !== null && sync.paused_until > now ? toApiTime(sync.paused_until) : null,
  };
}

/** GET /pins/{id}/analytics: the days PinFlow has numbers for, in [from, to]. */
export async function pinAnalytics(
  deps: AnalyticsDeps,
  user: User,
  pinId: number,
  q: { from?: string; to?: string },
): Promise<PinAnalyticsDto> {
  const pin = await getPin(deps, user, pinId);
  const range = resolveRange(deps.clock.now(), q);
  const days = (await repo.pinDays(deps.db, pin.id, range.from, range.to)).map(dayOf);
  return {
    pin_id: pin.id,
    pinterest_pin_id: pin.pinterest_pin_id,
    ...range,
    days,
    totals: days.reduce((t, d) => add(t, d), noMetrics()),
  };
}

/** GET /analytics/summary: a profile's period — totals, series, top pins by each metric, boards. */
export async function summary(
  deps: AnalyticsDeps,
  user: User,
  q: { profileId?: number; from?: string; to?: string; limit?: number },
): Promise<SummaryDto> {
  const profile = await resolveProfile(deps, user, q.profileId);
  const now = deps.clock.now();
  const range = resolveRange(now, q);
  const [days, account, pins, sync] = await Promise.all([
    repo.dailyTotals(deps.db, profile.id, range.from, range.to),
    repo.accountDays(deps.db, profile.id, range.from, range.to),
    repo.totalsByPin(deps.db, profile.id, range.from, range.to),
    repo.findSync(deps.db, profile.id),
  ]);
  const perPin: TopPinDto[] = pins.map((p) => ({
    pin_id: p.pin_id,
    title: p.title,
    media_url: p.media_url,
    board_id: p.board_id,
    published_at: toApiTime(p.published_at),
    ...metricsOf(p),
  }));
  const limit = q.limit ?? DEFAULT_TOP;
  const top = (name: MetricName) =>
    perPin
      .filter((p) => p[name] > 0)
      .sort((a, b) => b[name] - a[name] || a.pin_id - b.pin_id)
      .slice(0, limit);
  const names = perPin.length > 0 ? await boardNamesOf(deps, profile) : new Map<string, string>();
  const boards = new Map<string, SummaryDto["boards"][number]>();
  for (const p of perPin) {
    const board = boards.get(p.board_id) ?? {
      board_id: p.board_id,
      name: names.get(p.board_id) ?? null,
      pins: 0,
      ...noMetrics(),
    };
    board.pins++;
    add(board, p);
    boards.set(p.board_id, board);
  }
  const accountDays = account.map(dayOf);
  return {
    profile_id: profile.id,
    pinterest_username: profile.pinterest_username,
    ...range,
    availability: availabilityOf(sync, now),
    totals: perPin.reduce((t, p) => add(t, p), noMetrics()),
    account_totals: accountDays.length ? accountDays.reduce((t, d) => add(t, d), noMetrics()) : null,
    days: days.map(dayOf),
    account_days: accountDays,
    top_pins: {
      impressions: top("impressions"),
      saves: top("saves"),
      pin_clicks: top("pin_clicks"),
      outbound_clicks: top("outbound_clicks"),
    },
    boards: [...boards.values()].sort(
      (a, b) => b.impressions - a.impressions || a.board_id.localeCompare(b.board_id),
    ),
  };
}

const DAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];

/** GET /profiles/{id}/schedule/suggestions: weekly slots from the hours and weekdays that did best. */
export async function suggestions(
  deps: AnalyticsDeps,
  user: User,
  profileId: number,
  q: { count?: number },
): Promise<SuggestionsDto> {
  await getProfileOfUser(deps, user, profileId);
  const count = q.count ?? ((await getSchedule(deps, user, profileId)).slots.length || 7);
  const zone = user.timezone;
  const now = deps.clock.now();
  // published before this, a pin's first 14 days are over (today is not: Pinterest reports it tomorrow)
  const cutoff = Date.parse(`${utcDay(now)}T00:00:00Z`) - (EARLY_DAYS - 1) * DAY_MS;
  const rows = await repo.earlyEngagement(deps.db, profileId, cutoff, EARLY_DAYS);
  const outcomes: PinOutcome[] = rows
    .filter((r) => Number(r.days) >= EARLY_DAYS_NEEDED && r.published_at !== null)
    .map((r) => {
      const p = zonedParts(r.published_at as number, zone);
      return {
        weekday: (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7,
        hour: p.hour,
        engagement: Number(r.engagement),
      };
    });
  const suggestion = suggestSlots(outcomes, count);
  return {
    profile_id: profileId,
    timezone: zone,
    basis: suggestion.basis,
    pins_considered: outcomes.length,
    message: await messageFor(deps, profileId, suggestion, outcomes),
    slots: suggestion.slots,
    hours: suggestion.hours,
    weekdays: suggestion.weekdays,
  };
}

async function messageFor(
  deps: AnalyticsDeps,
  profileId: number,
  suggestion: ReturnType<typeof suggestSlots>,
  outcomes: PinOutcome[],
): Promise<string> {
  if (suggestion.basis === "default") {
    const sync = availabilityOf(await repo.findSync(deps.db, profileId), deps.clock.now());
    const why =
      sync.status === "unavailable"
        ? `Pinterest gives this account no analytics (${sync.reason}), so PinFlow has no history to learn from.`
        : `Only ${outcomes.length} published pin${outcomes.length === 1 ? " has" : "s have"} ${EARLY_DAYS} days of Pinterest numbers so far; suggestions from your own history need ${MIN_PINS}.`;
    return `${why} Until then these are Pinterest's usual good times: evenings, and a little more at weekends.`;
  }
  const mean = outcomes.reduce((n, o) => n + o.engagement, 0) / outcomes.length;
  const best = <T extends { pins: number; per_pin: number | null }>(stats: T[]) =>
    stats.filter((s) => s.pins >= 2).sort((a, b) => (b.per_pin ?? 0) - (a.per_pin ?? 0))[0];
  const day = best(suggestion.weekdays);
  const hour = best(suggestion.hours);
  const parts = [
    `From ${outcomes.length} of your pins, judged by their saves and clicks in their first ${EARLY_DAYS} days (${Math.round(mean)} on average).`,
  ];
  if (day?.per_pin)
    parts.push(
      `Pins published on ${DAY_NAMES[suggestion.weekdays.indexOf(day)]} earned ${Math.round(day.per_pin)}.`,
    );
  if (hour?.per_pin)
    parts.push(
      `Pins published at ${String(hour.hour).padStart(2, "0")}:00–${String(hour.hour).padStart(2, "0")}:59 earned ${Math.round(hour.per_pin)}.`,
    );
  return parts.join(" ");
}
