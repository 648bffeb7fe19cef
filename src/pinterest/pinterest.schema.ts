/**
 * valibot schemas for the Pinterest API v5 responses PinFlow reads (spec/openapi-v5.json).
 * Unknown extra fields are tolerated (looseObject); a missing required one is an error with a clear message.
 */
import * as v from "valibot";

const nullableString = v.optional(v.nullable(v.string()), null);

export const TokenResponseSchema = v.looseObject({
  access_token: v.string(),
  token_type: v.optional(v.string()),
  expires_in: v.number(),
  scope: v.optional(v.string()),
  refresh_token: v.optional(v.string()),
  refresh_token_expires_in: v.optional(v.number()),
  refresh_token_expires_at: v.optional(v.number()),
  response_type: v.optional(v.string()),
});
export type TokenResponse = v.InferOutput<typeof TokenResponseSchema>;

export const AccountSchema = v.looseObject({
  id: v.pipe(v.string(), v.regex(/^\d+$/)),
  username: v.string(),
  account_type: v.optional(v.string()),
  profile_image: v.optional(v.string()),
  website_url: v.optional(v.string()),
  business_name: v.optional(v.nullable(v.string())),
});
export type Account = v.InferOutput<typeof AccountSchema>;

export const BoardSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  description: nullableString,
  privacy: v.optional(v.string()),
  pin_count: v.optional(v.number()),
});
export type Board = v.InferOutput<typeof BoardSchema>;

export const PinSchema = v.looseObject({
  id: v.string(),
  created_at: v.optional(v.string()),
  board_id: nullableString,
  title: nullableString,
  description: nullableString,
  link: nullableString,
  alt_text: nullableString,
  media: v.optional(v.unknown()),
});
export type PinterestPin = v.InferOutput<typeof PinSchema>;

const page = <T extends v.GenericSchema>(item: T) =>
  v.looseObject({ items: v.array(item), bookmark: v.optional(v.nullable(v.string()), null) });

export const BoardsPageSchema = page(BoardSchema);
export const PinsPageSchema = page(PinSchema);

/** A metric's value; a null (seen for metrics that do not apply) is kept as "no value". */
const MetricValues = v.record(v.string(), v.nullable(v.number()));

/** One day of GET /v5/pins/{id}/analytics or /v5/user_account/analytics (DataStatus READY, PROCESSING, BEFORE_…). */
export const DailyMetricsSchema = v.looseObject({
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")),
  data_status: v.optional(v.string()),
  metrics: v.optional(v.nullable(MetricValues), null),
});

/**
 * PinAnalyticsResponse / AnalyticsResponse: one group per split value ("all" without a split), each with its
 * daily records and the period's summary.
 */
export const AnalyticsResponseSchema = v.record(
  v.string(),
  v.looseObject({
    daily_metrics: v.optional(v.array(DailyMetricsSchema), []),
    summary_metrics: v.optional(v.nullable(MetricValues), null),
    lifetime_metrics: v.optional(v.nullable(MetricValues), null),
  }),
);

export const ErrorBodySchema = v.looseObject({ code: v.number(), message: v.string() });

/** What PinFlow sends to POST /v5/pins (a subset of the spec's PinCreate). */
export interface PinCreateInput {
  board_id: string;
  title?: string | null;
  description?: string | null;
  link?: string | null;
  alt_text?: string | null;
  media_source:
    | { source_type: "image_url"; url: string }
    | { source_type: "image_base64"; content_type: "image/jpeg" | "image/png"; data: string };
}
