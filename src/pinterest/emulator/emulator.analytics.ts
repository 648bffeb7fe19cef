/**
 * Pin and account analytics: `GET /v5/pins/{pin_id}/analytics` and `GET /v5/user_account/analytics`, held to
 * the spec's parameters (start_date/end_date as UTC dates, at most 90 days back and 90 days long, the metric
 * and filter enums) and answers (PinAnalyticsResponse / AnalyticsResponse keyed "all", or by app type when
 * split). The numbers are made up, but deterministically and plausibly, so PinFlow's analytics can be tested
 * and demoed offline:
 *
 * - a pin's daily impressions = peak × account reach × pin quality × time-of-posting factor × life curve ×
 *   the share of the day it existed × daily noise; saves, pin clicks and outbound clicks are per-pin rates
 *   of those impressions (no link, no outbound clicks). Every random part is a hash of the pin id and the day,
 *   so the same question always gets the same answer, across restarts too.
 * - pins posted at "good" times do better: evenings around 20:30 UTC (×1.55 at best, ×0.55 at worst) and
 *   weekends (Saturday ×1.35, Sunday ×1.3), so what PinFlow suggests from the history has a signal to find.
 * - a pin peaks the day after it was made and decays (half-life ≈ 8 days) to an evergreen tail of 10 %.
 * - today is `PROCESSING` without numbers (Pinterest reports a day once it is over); days before a pin existed
 *   are `BEFORE_PIN_CREATED`.
 * - the account's totals are its pins' (deleted ones until they were deleted) plus the activity of pins made
 *   outside PinFlow (from the demo account's monthly views).
 */

import { type Answer, invalidParameters, json, pinNotFound } from "./emulator.http";
import type { DemoAccount } from "./emulator.seed";
import type { PinRecord, Store } from "./emulator.state";

const DAY_MS = 86_400_000;
/** start_date may be at most this many days before today, and end_date this many after start_date. */
export const ANALYTICS_WINDOW_DAYS = 90;

const STANDARD_PIN_METRICS = [
  "IMPRESSION",
  "OUTBOUND_CLICK",
  "PIN_CLICK",
  "SAVE",
  "SAVE_RATE",
  "TOTAL_COMMENTS",
  "TOTAL_REACTIONS",
  "USER_FOLLOW",
  "PROFILE_VISIT",
];
const VIDEO_PIN_METRICS = [
  "VIDEO_MRC_VIEW",
  "VIDEO_10S_VIEW",
  "QUARTILE_95_PERCENT_VIEW",
  "VIDEO_V50_WATCH_TIME",
  "VIDEO_START",
  "VIDEO_AVG_WATCH_TIME",
];
/** query_pin_analytics_metric_types: the standard and the video pin metrics. */
export const PIN_METRIC_TYPES = [...STANDARD_PIN_METRICS, ...VIDEO_PIN_METRICS];
/** query_metric_types of the account analytics. */
export const ACCOUNT_METRIC_TYPES = [
  "ENGAGEMENT",
  "ENGAGEMENT_RATE",
  "IMPRESSION",
  "OUTBOUND_CLICK",
  "OUTBOUND_CLICK_RATE",
  "PIN_CLICK",
  "PIN_CLICK_RATE",
  "SAVE",
  "SAVE_RATE",
];
const APP_TYPES = ["ALL", "MOBILE", "TABLET", "WEB"] as const;
type App = Exclude<(typeof APP_TYPES)[number], "ALL">;
/** How a day's activity splits over the apps (Pinterest is mostly mobile). */
const APP_SHARE: Record<App, number> = { MOBILE: 0.71, TABLET: 0.07, WEB: 0.22 };
const LIFETIME_METRICS = new Set(["TOTAL_COMMENTS", "TOTAL_REACTIONS"]);

// ---- the model ----

/** A day's counts of one pin, or of the account. */
export interface Counts {
  IMPRESSION: number;
  SAVE: number;
  PIN_CLICK: number;
  OUTBOUND_CLICK: number;
  PROFILE_VISIT: number;
  USER_FOLLOW: number;
}

const ZERO: Counts = {
  IMPRESSION: 0,
  SAVE: 0,
  PIN_CLICK: 0,
  OUTBOUND_CLICK: 0,
  PROFILE_VISIT: 0,
  USER_FOLLOW: 0,
};

/** FNV-1a of the text, as a number in [0, 1): the emulator's dice, the same for the same text. */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // a final avalanche, so "…|1" and "…|2" land far apart
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
}

/** Rounds up with probability equal to the fraction (by the given dice): unbiased, and still deterministic. */
const dither = (x: number, dice: number) => Math.max(0, Math.floor(x + dice));

export const dayStartOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Reach of the account: its followers, on a log scale (1 for the studio's 1 280). */
const reachOf = (account: DemoAccount) =>
  Math.min(2, Math.max(0.3, Math.log10(1 + account.follower_count) / Math.log10(1281)));

/** When a pin was made decides how well it does: evenings (UTC) and weekends are good times. */
export function postingFactor(createdAt: number): number {
  const d = new Date(createdAt);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const away = Math.min(Math.abs(hour - 20.5), 24 - Math.abs(hour - 20.5));
  const byHour = 0.55 + Math.exp(-(away * away) / (2 * 2.2 * 2.2));
  const byWeekday = [1.3, 0.9, 0.85, 0.9, 0.95, 1.1, 1.35][d.getUTCDay()] as number; // Sunday first
  return byHour * byWeekday;
}

/** Day 0 ramps up, day 1 is the peak, then decay to an evergreen tail. */
const lifeCurve = (age: number) => (age <= 0 ? 0.8 : 0.9 * Math.exp(-(age - 1) / 12) + 0.1);

const PEAK_IMPRESSIONS = 220;

/** One pin's counts on the UTC day starting at `dayStart` (zeros when it did not exist that day). */
export function pinDayCounts(pin: PinRecord, account: DemoAccount, dayStart: number): Counts {
  const end = pin.deletedAt ?? Number.POSITIVE_INFINITY;
  const exposure = Math.max(0, Math.min(dayStart + DAY_MS, end) - Math.max(dayStart, pin.createdAt)) / DAY_MS;
  if (exposure <= 0) return { ...ZERO };
  const day = `${pin.id}|${isoDate(dayStart)}`;
  const quality = 0.4 + 1.6 * unit(`${pin.id}|quality`) ** 2;
  const age = Math.round((dayStart - dayStartOf(pin.createdAt)) / DAY_MS);
  const expected =
    PEAK_IMPRESSIONS *
    reachOf(account) *
    quality *
    postingFactor(pin.createdAt) *
    lifeCurve(age) *
    exposure *
    (0.75 + 0.5 * unit(`${day}|noise`));
  const impressions = dither(expected, unit(`${day}|i`));
  const rate = (name: string, low: number, spread: number) => low + spread * unit(`${pin.id}|${name}`);
  return {
    IMPRESSION: impressions,
    SAVE: dither(impressions * rate("save", 0.01, 0.03), unit(`${day}|s`)),
    PIN_CLICK: dither(impressions * rate("click", 0.015, 0.03), unit(`${day}|c`)),
    OUTBOUND_CLICK: pin.link ? dither(impressions * rate("out", 0.004, 0.012), unit(`${day}|o`)) : 0,
    PROFILE_VISIT: dither(impressions * 0.004, unit(`${day}|p`)),
    USER_FOLLOW: dither(impressions * 0.0008, unit(`${day}|f`)),
  };
}

/** The account's day: its pins' counts plus what its other pins (not made through this API) did. */
export function accountDayCounts(store: Store, account: DemoAccount, dayStart: number): Counts {
  const day = `${account.id}|${isoDate(dayStart)}`;
  const other = dither(
    (account.monthly_views / 30) * 0.5 * (0.8 + 0.4 * unit(`${day}|noise`)),
    unit(`${day}|i`),
  );
  const total: Counts = {
    IMPRESSION: other,
    SAVE: dither(other * 0.012, unit(`${day}|s`)),
    PIN_CLICK: dither(other * 0.02, unit(`${day}|c`)),
    OUTBOUND_CLICK: dither(other * 0.006, unit(`${day}|o`)),
    PROFILE_VISIT: dither(other * 0.003, unit(`${day}|p`)),
    USER_FOLLOW: dither(other * 0.0005, unit(`${day}|f`)),
  };
  for (const pin of store.pins.values()) {
    if (pin.accountId !== account.id || pin.createdAt >= dayStart + DAY_MS) continue;
    const counts = pinDayCounts(pin, account, dayStart);
    for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += counts[key];
  }
  return total;
}

/** Splits counts over the apps asked for (ALL = no filter); the apps' parts add up to the whole. */
function byApp(counts: Counts, app: App): Counts {
  const out = { ...counts };
  for (const key of Object.keys(counts) as Array<keyof Counts>) {
    const mobile = Math.round(counts[key] * APP_SHARE.MOBILE);
    const tablet = Math.round(counts[key] * APP_SHARE.TABLET);
    out[key] = app === "MOBILE" ? mobile : app === "TABLET" ? tablet : counts[key] - mobile - tablet;
  }
  return out;
}

// ---- the parameters ----

type Params<T> = { ok: true; value: T } | { ok: false; answer: Answer };
const bad = (message: string): Params<never> => ({ ok: false, answer: invalidParameters(message) });

function parseDate(query: URLSearchParams, name: string): Params<number> {
  const raw = query.get(name);
  if (raw === null || raw === "") return bad(`'${name}' is a required parameter`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || isoDate(ms) !== raw)
    return bad(`'${raw}' is not a 'date' (YYYY-MM-DD) - '${name}'`);
  return { ok: true, value: ms };
}

function parseEnum(query: URLSearchParams, name: string, allowed: readonly string[], fallback: string) {
  const raw = query.get(name);
  if (raw === null || raw === "") return { ok: true as const, value: fallback };
  if (!allowed.includes(raw))
    return bad(`'${raw}' is not one of [${allowed.map((a) => `'${a}'`).join(", ")}] - '${name}'`);
  return { ok: true as const, value: raw };
}

/** A comma-separated list (style form, explode false), each value one of `allowed`. */
function parseList(
  query: URLSearchParams,
  name: string,
  allowed: readonly string[],
): Params<string[] | null> {
  const raw = query.get(name);
  if (raw === null || raw === "") return { ok: true, value: null };
  const values = [...new Set(raw.split(","))];
  const unknown = values.find((x) => !allowed.includes(x));
  if (unknown !== undefined)
    return bad(`'${unknown}' is not one of [${allowed.map((a) => `'${a}'`).join(", ")}] - '${name}'`);
  return { ok: true, value: values };
}

interface Range {
  /** UTC midnights, inclusive. */
  start: number;
  end: number;
  today: number;
}

/** start_date and end_date: real dates, start ≤ end, start at most 90 days back, end at most 90 days after start. */
function parseRange(query: URLSearchParams, now: number): Params<Range> {
  const start = parseDate(query, "start_date");
  if (!start.ok) return start;
  const end = parseDate(query, "end_date");
  if (!end.ok) return end;
  const today = dayStartOf(now);
  if (end.value < start.value) return bad("end_date must not be before start_date");
  if (start.value < today - ANALYTICS_WINDOW_DAYS * DAY_MS)
    return bad(`start_date cannot be more than ${ANALYTICS_WINDOW_DAYS} days back from today`);
  if (end.value - start.value > ANALYTICS_WINDOW_DAYS * DAY_MS)
    return bad(`end_date cannot be more than ${ANALYTICS_WINDOW_DAYS} days past start_date`);
  return { ok: true, value: { start: start.value, end: end.value, today } };
}

/** ad_account_id: digits, at most 18. The demo accounts have no ad accounts, so any given one is unknown. */
function checkAdAccount(query: URLSearchParams): Answer | null {
  const raw = query.get("ad_account_id");
  if (raw === null) return null;
  if (!/^\d+$/.test(raw) || raw.length > 18)
    return invalidParameters(`'${raw}' does not match '^\\d+$' - 'ad_account_id'`);
  return json(403, { code: 29, message: "You are not permitted to access that resource." });
}

// ---- the answers ----

type DailyStatus = "READY" | "PROCESSING" | "BEFORE_PIN_CREATED";
interface DailyRecord {
  date: string;
  data_status: DailyStatus;
  metrics?: Record<string, number>;
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** The requested metrics of one day's (or a period's) counts. */
function pick(counts: Counts, metrics: readonly string[]): Record<string, number> {
  const engagement = counts.SAVE + counts.PIN_CLICK + counts.OUTBOUND_CLICK;
  const all: Record<string, number> = {
    ...counts,
    ENGAGEMENT: engagement,
    ENGAGEMENT_RATE: rate(engagement, counts.IMPRESSION),
    SAVE_RATE: rate(counts.SAVE, counts.IMPRESSION),
    PIN_CLICK_RATE: rate(counts.PIN_CLICK, counts.IMPRESSION),
    OUTBOUND_CLICK_RATE: rate(counts.OUTBOUND_CLICK, counts.IMPRESSION),
  };
  const out: Record<string, number> = {};
  for (const m of metrics) if (m in all) out[m] = all[m] as number;
  return out;
}

function sum(days: Counts[]): Counts {
  const total = { ...ZERO };
  for (const day of days) for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += day[key];
  return total;
}

/**
 * The answer body for one series of days: `{key: {daily_metrics, summary_metrics}}` per app key. `dayOf`
 * gives a finished day's counts, or null before the thing existed.
 */
function seriesAnswer(
  range: Range,
  split: boolean,
  app: string,
  metrics: readonly string[],
  dayOf: (dayStart: number) => Counts | null,
  extra?: (counts: Counts[]) => Record<string, unknown>,
) {
  const days: Array<{ date: string; status: DailyStatus; counts: Counts | null }> = [];
  // days after today are not reported (they have not happened)
  for (let d = range.start; d <= Math.min(range.end, range.today); d += DAY_MS) {
    if (d === range.today) days.push({ date: isoDate(d), status: "PROCESSING", counts: null });
    else {
      const counts = dayOf(d);
      days.push({ date: isoDate(d), status: counts ? "READY" : "BEFORE_PIN_CREATED", counts });
    }
  }
  const keys: Array<"all" | App> = split
    ? app === "ALL"
      ? ["MOBILE", "TABLET", "WEB"]
      : [app as App]
    : ["all"];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const part = (c: Counts) => (key === "all" ? (app === "ALL" ? c : byApp(c, app as App)) : byApp(c, key));
    const ready = days.filter((d) => d.counts).map((d) => part(d.counts as Counts));
    out[key] = {
      daily_metrics: days.map(
        (d): DailyRecord =>
          d.counts
            ? { date: d.date, data_status: d.status, metrics: pick(part(d.counts), metrics) }
            : { date: d.date, data_status: d.status },
      ),
      summary_metrics: pick(sum(ready), metrics),
      ...(extra ? extra(ready) : {}),
    };
  }
  return out;
}

/** GET /v5/pins/{pin_id}/analytics, after authentication and the analytics faults. */
export function pinAnalytics(
  ctx: { store: Store; now: number },
  account: DemoAccount,
  pinId: string,
  query: URLSearchParams,
): Answer {
  const range = parseRange(query, ctx.now);
  if (!range.ok) return range.answer;
  const metrics = parseList(query, "metric_types", PIN_METRIC_TYPES);
  if (!metrics.ok) return metrics.answer;
  if (metrics.value === null) return invalidParameters("'metric_types' is a required parameter");
  const app = parseEnum(query, "app_types", APP_TYPES, "ALL");
  if (!app.ok) return app.answer;
  const split = parseEnum(query, "split_field", ["NO_SPLIT", "APP_TYPE"], "NO_SPLIT");
  if (!split.ok) return split.answer;
  const adAccount = checkAdAccount(query);
  if (adAccount) return adAccount;
  const pin = ctx.store.pins.get(pinId);
  if (!pin || pin.accountId !== account.id || pin.deletedAt !== null) return pinNotFound();
  const wanted = metrics.value;
  const lifetime = wanted.filter((m) => LIFETIME_METRICS.has(m));
  const created = dayStartOf(pin.createdAt);
  return json(
    200,
    seriesAnswer(
      range.value,
      split.value === "APP_TYPE",
      app.value,
      wanted,
      (d) => (d < created ? null : pinDayCounts(pin, account, d)),
      lifetime.length
        ? () => {
            // reactions and comments over the pin's whole life so far (finished days)
            const saves = sum(
              Array.from({ length: Math.max(0, (range.value.today - created) / DAY_MS) }, (_, i) =>
                pinDayCounts(pin, account, created + i * DAY_MS),
              ),
            ).SAVE;
            const totals: Record<string, number> = {
              TOTAL_REACTIONS: Math.floor(saves * 0.1),
              TOTAL_COMMENTS: Math.floor(saves * 0.02),
            };
            return { lifetime_metrics: Object.fromEntries(lifetime.map((m) => [m, totals[m] ?? 0])) };
          }
        : undefined,
    ),
  );
}

/** GET /v5/user_account/analytics, after authentication and the analytics faults. */
export function accountAnalytics(
  ctx: { store: Store; now: number },
  account: DemoAccount,
  query: URLSearchParams,
): Answer {
  const range = parseRange(query, ctx.now);
  if (!range.ok) return range.answer;
  const metrics = parseList(query, "metric_types", ACCOUNT_METRIC_TYPES);
  if (!metrics.ok) return metrics.answer;
  const filters: Array<[string, readonly string[], string]> = [
    ["from_claimed_content", ["OTHER", "CLAIMED", "BOTH"], "BOTH"],
    [
      "pin_format",
      [
        "ALL",
        "ORGANIC_IMAGE",
        "ORGANIC_PRODUCT",
        "ORGANIC_VIDEO",
        "ADS_STANDARD",
        "ADS_PRODUCT",
        "ADS_VIDEO",
        "ADS_IDEA",
      ],
      "ALL",
    ],
    ["app_types", APP_TYPES, "ALL"],
    ["content_type", ["ALL", "PAID", "ORGANIC"], "ALL"],
    ["source", ["ALL", "YOUR_PINS", "OTHER_PINS"], "ALL"],
  ];
  const chosen: Record<string, string> = {};
  for (const [name, allowed, fallback] of filters) {
    const value = parseEnum(query, name, allowed, fallback);
    if (!value.ok) return value.answer;
    chosen[name] = value.value;
  }
  const split = parseEnum(
    query,
    "split_field",
    ["NO_SPLIT", "APP_TYPE", "OWNED_CONTENT", "SOURCE", "PIN_FORMAT"],
    "NO_SPLIT",
  );
  if (!split.ok) return split.answer;
  if (split.value !== "NO_SPLIT" && split.value !== "APP_TYPE") {
    return invalidParameters(
      `split_field '${split.value}' is not supported by the Pinterest emulator (it splits by APP_TYPE only) - 'split_field'`,
    );
  }
  const adAccount = checkAdAccount(query);
  if (adAccount) return adAccount;
  // Every demo pin is an organic image pin the account saved itself, on no claimed domain.
  const none =
    chosen.content_type === "PAID" ||
    !["ALL", "ORGANIC_IMAGE"].includes(chosen.pin_format as string) ||
    chosen.source === "OTHER_PINS" ||
    chosen.from_claimed_content === "CLAIMED";
  return json(
    200,
    seriesAnswer(
      range.value,
      split.value === "APP_TYPE",
      chosen.app_types as string,
      metrics.value ?? ACCOUNT_METRIC_TYPES,
      (d) => (none ? { ...ZERO } : accountDayCounts(ctx.store, account, d)),
    ),
  );
}
