import * as v from "valibot";
import { EDITABLE_STATUSES, PIN_STATUSES } from "../shared/pin-status";
import { ApiTime, ApiTimeInput, IdParam, NullableApiTime } from "../shared/schema";

const about = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));

export const PinSchema = v.object({
  id: about(v.number(), "PinFlow ID"),
  user_id: about(v.number(), "Owner's PinFlow ID"),
  profile_id: about(v.number(), "The connected Pinterest account (profile) it publishes to"),
  pinterest_user_id: about(v.string(), "That account's Pinterest user id"),
  pinterest_username: about(v.string(), "That account's Pinterest username"),
  board_id: about(v.string(), "Pinterest board ID"),
  board_section_id: about(
    v.nullable(v.string()),
    "Pinterest board section ID (GET /boards/{board_id}/sections), or null: the board itself",
  ),
  title: v.nullable(v.string()),
  description: v.nullable(v.string()),
  media_url: about(v.string(), "Image URL, or one of your video uploads (POST /pins/upload-video)"),
  media_type: about(
    v.picklist(["image", "video"]),
    "Read-only. video when media_url is one of your video uploads; image otherwise",
  ),
  cover_image_url: about(
    v.nullable(v.string()),
    "A video pin's cover: an uploaded JPEG or PNG (or an image URL Pinterest can fetch); null otherwise",
  ),
  cover_key_frame_time: about(
    v.nullable(v.number()),
    "A video pin's cover taken from the video at this second (instead of cover_image_url); null otherwise",
  ),
  video_status: about(
    v.nullable(v.picklist(["registered", "uploaded", "succeeded", "failed"])),
    "Read-only. Where a video pin's upload to Pinterest stands: registered (uploading), uploaded (Pinterest is processing it), succeeded (processed), failed; null for images and videos not yet sent",
  ),
  link: about(v.nullable(v.string()), "Destination URL"),
  alt_text: v.nullable(v.string()),
  status: about(v.picklist(PIN_STATUSES), "See the status lifecycle"),
  scheduled_at: about(NullableApiTime, "ISO 8601 UTC"),
  published_at: about(NullableApiTime, "Set on successful publish"),
  pinterest_pin_id: about(v.nullable(v.string()), "Pinterest's own ID, set after publish"),
  error_message: about(
    v.nullable(v.string()),
    "Last error from the Pinterest API, or why the pin is in review",
  ),
  queue_at: about(
    NullableApiTime,
    "Read-only. When a queued pin of a profile with a posting schedule will publish (its slot); null when not queued, or its profile has no slots (it publishes as soon as the queue processes it)",
  ),
  retry_count: about(v.number(), "0–3; at 3 → status becomes failed"),
  sort_order: about(v.number(), "Queue position; lower publishes first"),
  created_at: about(ApiTime, "ISO 8601 UTC"),
});
export type PinDto = v.InferOutput<typeof PinSchema>;

/** `scheduled_at`: a time that exists, with a zone; that it is in the future is the service's check (400). */
const DateTimeInput = v.pipe(
  ApiTimeInput,
  v.description("ISO 8601 with a time zone (e.g. 2026-05-01T19:00:00Z or …+02:00), in the future"),
);

const isHttpUrl = (s: string) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol);
const HTTP_URL_MESSAGE = "Input should be a valid http(s) URL";

const HttpUrl = v.pipe(v.string(), v.trim(), v.maxLength(4096), v.check(isHttpUrl, HTTP_URL_MESSAGE));

/** Where the pin leads: an http(s) URL (never `javascript:` or `data:`), or "" to clear it. Past 2048, review. */
const Link = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(8192),
  v.check((s) => s === "" || isHttpUrl(s), HTTP_URL_MESSAGE),
);

const text = (max: number) => v.nullish(v.pipe(v.string(), v.maxLength(max)));

/** A section of the pin's board: digits, or "" / null for none. */
const SectionId = v.nullish(
  about(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^\d{0,30}$/, "Input should be a Pinterest board section id (digits)"),
    ),
    'A section of board_id (GET /boards/{board_id}/sections); null or "" for the board itself',
  ),
);

const pinFields = {
  board_id: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)),
  media_url: HttpUrl,
  title: text(256),
  description: text(10_000),
  link: v.nullish(Link),
  alt_text: text(500),
  cover_image_url: v.nullish(
    about(
      v.union([v.literal(""), HttpUrl]),
      'Video pins: the cover, an uploaded JPEG or PNG (POST /pins/upload-image) or an image URL; "" clears it',
    ),
  ),
  cover_key_frame_time: v.nullish(
    about(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86_400)),
      "Video pins: take the cover from the video at this second (past its end, Pinterest takes the last frame)",
    ),
  ),
};

export const CreatePinSchema = v.object({
  ...pinFields,
  board_section_id: SectionId,
  scheduled_at: v.nullish(DateTimeInput),
  status: v.optional(v.picklist(["draft"])),
  profile_id: v.optional(v.pipe(v.number(), v.integer())),
});
export type CreatePinInput = v.InferOutput<typeof CreatePinSchema>;

const { board_id: _board, ...fieldsButBoard } = pinFields;

/** One pin to several boards, each `interval_days` after the previous (Tailwind's "Interval"). */
export const SpreadPinSchema = v.object({
  ...fieldsButBoard,
  board_ids: about(
    v.pipe(v.array(pinFields.board_id), v.minLength(2), v.maxLength(10)),
    "2-10 boards: one pin each, in this order",
  ),
  interval_days: about(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)),
    "Days between two of them",
  ),
  scheduled_at: v.optional(
    about(DateTimeInput, "When the first goes out; without it, the profile's next free slot"),
  ),
  profile_id: v.optional(v.pipe(v.number(), v.integer())),
});
export type SpreadPinInput = v.InferOutput<typeof SpreadPinSchema>;

export const BulkCreateSchema = v.pipe(v.array(CreatePinSchema), v.minLength(1), v.maxLength(500));

export const UpdatePinSchema = v.object({
  board_id: v.optional(pinFields.board_id),
  board_section_id: SectionId,
  media_url: v.optional(pinFields.media_url),
  title: pinFields.title,
  description: pinFields.description,
  link: pinFields.link,
  alt_text: pinFields.alt_text,
  cover_image_url: pinFields.cover_image_url,
  cover_key_frame_time: pinFields.cover_key_frame_time,
  scheduled_at: v.nullish(DateTimeInput),
  status: v.optional(v.picklist(EDITABLE_STATUSES)),
});
export type UpdatePinInput = v.InferOutput<typeof UpdatePinSchema>;

const digits = (max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, "Input should be a valid integer"),
    v.transform(Number),
    v.maxValue(max),
  );

export const ListPinsQuery = v.object({
  status: v.optional(about(v.picklist(PIN_STATUSES), "Filter by status value")),
  title: v.optional(about(v.pipe(v.string(), v.maxLength(256)), "Case-insensitive partial match")),
  board_id: v.optional(about(v.pipe(v.string(), v.maxLength(64)), "Exact Pinterest board ID")),
  collection_id: v.optional(about(IdParam, "Only pins in this collection")),
  profile_id: v.optional(about(IdParam, "Only pins of this profile (connected Pinterest account)")),
  sort: v.optional(v.picklist(["newest", "queue", "scheduled"]), "newest"),
  limit: v.optional(v.pipe(digits(1000), v.minValue(1)), "100"),
  offset: v.optional(digits(10_000_000), "0"),
  with_total: v.optional(
    about(
      v.picklist(["true", "false", "1", "0"]),
      "true: also count every matching pin (X-Total-Count header)",
    ),
  ),
});
export type ListPinsFilter = v.InferOutput<typeof ListPinsQuery>;

export const CalendarQuery = v.object({
  year: v.pipe(v.string(), v.regex(/^\d{4}$/, "Input should be a four-digit year"), v.transform(Number)),
  month: v.pipe(
    v.string(),
    v.regex(/^\d{1,2}$/, "Input should be a month number 1-12"),
    v.transform(Number),
    v.minValue(1),
    v.maxValue(12),
  ),
  profile_id: v.optional(IdParam),
});

const PinIds = v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.maxLength(1000));

export const PinIdsSchema = v.object({ pin_ids: PinIds });
export const BulkStatusSchema = v.object({ pin_ids: PinIds, status: v.picklist(EDITABLE_STATUSES) });
export const BulkScheduleSchema = v.object({ pin_ids: PinIds, scheduled_at: DateTimeInput });

export const UpdatedSchema = v.object({ updated: v.number() });
