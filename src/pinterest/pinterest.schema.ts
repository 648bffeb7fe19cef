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

/** A board section (spec: BoardSection): sections organise a board's pins. */
export const BoardSectionSchema = v.looseObject({
  id: v.pipe(v.string(), v.regex(/^\d+$/)),
  name: v.string(),
});
export type BoardSection = v.InferOutput<typeof BoardSectionSchema>;
export const BoardSectionsPageSchema = page(BoardSectionSchema);

/** POST /v5/media's answer (spec: MediaUpload): where and how to upload the file. */
export const MediaUploadSchema = v.looseObject({
  media_id: v.pipe(v.string(), v.regex(/^\d+$/)),
  media_type: v.optional(v.string()),
  upload_url: v.pipe(v.string(), v.url()),
  upload_parameters: v.record(v.string(), v.string()),
});
export type MediaUpload = v.InferOutput<typeof MediaUploadSchema>;

export const MEDIA_STATUSES = ["registered", "processing", "succeeded", "failed"] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

/**
 * GET /v5/media/{media_id} (spec: Media). `status` is optional in the spec; an absent or unknown one counts as
 * "processing" (ask again later), never as done.
 */
export const MediaSchema = v.looseObject({
  media_id: v.string(),
  media_type: v.optional(v.string()),
  status: v.optional(
    v.pipe(
      v.unknown(),
      v.transform(
        (s): MediaStatus => (MEDIA_STATUSES.includes(s as MediaStatus) ? (s as MediaStatus) : "processing"),
      ),
    ),
    "processing",
  ),
});
export type Media = v.InferOutput<typeof MediaSchema>;

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

/** A video pin's media (spec: PinMediaSourceVideoID): the processed upload and one cover. */
export interface VideoMediaSource {
  source_type: "video_id";
  media_id: string;
  cover_image_data?: string;
  cover_image_content_type?: "image/jpeg" | "image/png";
  cover_image_url?: string;
  /** Seconds into the video; past its end Pinterest takes the last frame (spec). */
  cover_image_key_frame_time?: number;
}

/** What PinFlow sends to POST /v5/pins (a subset of the spec's PinCreate). */
export interface PinCreateInput {
  board_id: string;
  board_section_id?: string | null;
  title?: string | null;
  description?: string | null;
  link?: string | null;
  alt_text?: string | null;
  media_source:
    | { source_type: "image_url"; url: string }
    | { source_type: "image_base64"; content_type: "image/jpeg" | "image/png"; data: string }
    | VideoMediaSource;
}

export const BOARD_PRIVACY = ["PUBLIC", "PROTECTED", "SECRET"] as const;
export type BoardPrivacy = (typeof BOARD_PRIVACY)[number];

/** What PinFlow sends to POST /v5/boards (spec: BoardCreate). */
export interface BoardCreateInput {
  name: string;
  description?: string | null;
  privacy?: BoardPrivacy;
}

/** A file to upload, read as a stream (a BunFile fits). */
export interface UploadSource {
  filename: string;
  contentType: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
}
