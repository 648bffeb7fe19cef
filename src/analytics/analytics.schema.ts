import * as v from "valibot";
import { SlotSchema, WEEKDAY_NAMES } from "../schedule/schedule.schema";
import { IdParam, MetricsSchema, NullableApiTime } from "../shared/schema";

/** A UTC day as Pinterest counts them, `YYYY-MM-DD`. */
export const DateText = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.description("A UTC day, YYYY-MM-DD (Pinterest counts metrics per UTC day)"),
);

const isRealDate = (s: string) => {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s);
};

/** A day the API accepts: `YYYY-MM-DD`, one that exists. */
export const DateParam = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "Input should be a date YYYY-MM-DD"),
  v.check(isRealDate, "Input should be a date that exists (e.g. not February 30)"),
  v.description("A UTC day, YYYY-MM-DD (both ends included)"),
);

/** The longest period one request may cover. */
export const MAX_RANGE_DAYS = 731;
/** Without `from`, a period ends today and covers this many days. */
export const DEFAULT_RANGE_DAYS = 30;

export const RangeQuery = v.object({
  from: v.optional(DateParam),
  to: v.optional(DateParam),
});

export const METRIC_NAMES = ["impressions", "saves", "pin_clicks", "outbound_clicks"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const DayMetricsSchema = v.object({ date: DateText, ...MetricsSchema.entries });
export type DayMetrics = v.InferOutput<typeof DayMetricsSchema>;

export const PinAnalyticsSchema = v.object({
  pin_id: v.number(),
  pinterest_pin_id: v.nullable(v.string()),
  from: DateText,
  to: DateText,
  days: v.pipe(
    v.array(DayMetricsSchema),
    v.description(
      "Each day PinFlow has Pinterest's numbers for, oldest first; a day without numbers is absent",
    ),
  ),
  totals: MetricsSchema,
});
export type PinAnalyticsDto = v.InferOutput<typeof PinAnalyticsSchema>;

export const AvailabilitySchema = v.object({
  status: v.pipe(
    v.picklist(["ok", "unavailable", "pending"]),
    v.description(
      "ok: PinFlow fetches this account's numbers daily; unavailable: Pinterest gives none (a sandbox account, or access granted without the scopes); pending: not fetched yet",
    ),
  ),
  reason: v.nullable(v.string()),
  last_synced_at: NullableApiTime,
  next_check_at: v.pipe(
    NullableApiTime,
    v.description("When unavailable: when PinFlow asks Pinterest again"),
  ),
  paused_until: v.pipe(
    NullableApiTime,
    v.description("Set after Pinterest's rate limit: no call before then"),
  ),
});
export type AvailabilityDto = v.InferOutput<typeof AvailabilitySchema>;

export const SummaryQuery = v.object({
  profile_id: v.optional(IdParam),
  from: v.optional(DateParam),
  to: v.optional(DateParam),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,2}$/, "Input should be a whole number from 1 to 50"),
      v.transform(Number),
      v.minValue(1, "Input should be a whole number from 1 to 50"),
      v.maxValue(50, "Input should be a whole number from 1 to 50"),
    ),
  ),
});

export const TopPinSchema = v.object({
  pin_id: v.number(),
  title: v.nullable(v.string()),
  media_url: v.string(),
  board_id: v.string(),
  published_at: NullableApiTime,
  ...MetricsSchema.entries,
});
export type TopPinDto = v.InferOutput<typeof TopPinSchema>;

export const BoardMetricsSchema = v.object({
  board_id: v.string(),
  name: v.nullable(v.string()),
  pins: v.pipe(v.number(), v.description("Pins of this board with numbers in the period")),
  ...MetricsSchema.entries,
});

export const SummarySchema = v.object({
  profile_id: v.number(),
  pinterest_username: v.string(),
  from: DateText,
  to: DateText,
  availability: AvailabilitySchema,
  totals: v.pipe(MetricsSchema, v.description("The pins PinFlow published, together")),
  account_totals: v.pipe(
    v.nullable(MetricsSchema),
    v.description("The whole Pinterest account (pins made elsewhere too); null when PinFlow has none stored"),
  ),
  days: v.pipe(v.array(DayMetricsSchema), v.description("PinFlow's pins together, per day")),
  account_days: v.array(DayMetricsSchema),
  top_pins: v.pipe(
    v.object({
      impressions: v.array(TopPinSchema),
      saves: v.array(TopPinSchema),
      pin_clicks: v.array(TopPinSchema),
      outbound_clicks: v.array(TopPinSchema),
    }),
    v.description("The best pins of the period by each metric (`limit`, default 5), pins with none left out"),
  ),
  boards: v.pipe(v.array(BoardMetricsSchema), v.description("Per board, most impressions first")),
});
export type SummaryDto = v.InferOutput<typeof SummarySchema>;

export const SuggestionsQuery = v.object({
  count: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, "Input should be a whole number from 1 to 140"),
      v.transform(Number),
      v.minValue(1, "Input should be a whole number from 1 to 140"),
      v.maxValue(140, "Input should be a whole number from 1 to 140"),
      v.description("How many weekly slots to propose (default: as many as the schedule has, else 7)"),
    ),
  ),
});

const PerPin = v.pipe(
  v.nullable(v.number()),
  v.description(
    "Saves + pin clicks + outbound clicks in a pin's first 14 days, on average; null without pins",
  ),
);

export const SuggestionsSchema = v.object({
  profile_id: v.number(),
  timezone: v.string(),
  basis: v.pipe(
    v.picklist(["history", "default"]),
    v.description(
      "history: from this account's own pins; default: too little data yet, Pinterest's usual good times",
    ),
  ),
  pins_considered: v.number(),
  message: v.string(),
  slots: v.pipe(
    v.array(SlotSchema),
    v.description("Weekly slots in the user's time zone, as PUT /profiles/{id}/schedule takes them"),
  ),
  hours: v.array(v.object({ hour: v.number(), pins: v.number(), per_pin: PerPin })),
  weekdays: v.array(v.object({ day: v.picklist(WEEKDAY_NAMES), pins: v.number(), per_pin: PerPin })),
});
export type SuggestionsDto = v.InferOutput<typeof SuggestionsSchema>;
