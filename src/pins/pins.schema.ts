import * as v from "valibot";
import { ApiTime, IdParam, NullableApiTime } from "../shared/schema";
import { parseApiTime } from "../shared/time";

export const PIN_STATUSES = [
  "draft",
  "review",
  "queued",
  "scheduled",
  "publishing",
  "published",
  "failed",
] as const;
export const EDITABLE_STATUSES = ["draft", "review", "queued", "scheduled"] as const;

/** Pinterest's own limits (PinCreate in openapi-v5.json): beyond them a pin goes to review, not to Pinterest. */
export const PINTEREST_LIMITS = { title: 100, description: 800, link: 2048, alt_text: 500 } as const;

export const PinSchema = v.object({
  id: v.number(),
  user_id: v.number(),
  profile_id: v.number(),
  pinterest_user_id: v.string(),
  pinterest_username: v.string(),
  board_id: v.string(),
  title: v.nullable(v.string()),
  description: v.nullable(v.string()),
  media_url: v.string(),
  link: v.nullable(v.string()),
  alt_text: v.nullable(v.string()),
  status: v.picklist(PIN_STATUSES),
  scheduled_at: NullableApiTime,
  published_at: NullableApiTime,
  pinterest_pin_id: v.nullable(v.string()),
  error_message: v.nullable(v.string()),
  retry_count: v.number(),
  sort_order: v.number(),
  created_at: ApiTime,
});
export type PinDto = v.InferOutput<typeof PinSchema>;

/** An ISO 8601 date-time with a zone ("2026-05-01T19:00:00Z", "…+02:00"), as epoch ms. */
const DateTimeInput = v.pipe(
  v.string(),
  v.check(
    (s) => parseApiTime(s) !== null,
    "Input should be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T19:00:00Z",
  ),
  v.transform((s) => parseApiTime(s) as number),
);

const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(4096),
  v.check(
    (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
    "Input should be a valid http(s) URL",
  ),
);

const text = (max: number) => v.nullish(v.pipe(v.string(), v.maxLength(max)));

const pinFields = {
  board_id: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)),
  media_url: HttpUrl,
  title: text(256),
  description: text(10_000),
  link: v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(8192))),
  alt_text: text(500),
};

export const CreatePinSchema = v.object({
  ...pinFields,
  scheduled_at: v.nullish(DateTimeInput),
  status: v.optional(v.picklist(["draft"])),
  profile_id: v.optional(v.pipe(v.number(), v.integer())),
});
export type CreatePinInput = v.InferOutput<typeof CreatePinSchema>;

export const BulkCreateSchema = v.pipe(v.array(CreatePinSchema), v.minLength(1), v.maxLength(500));

export const UpdatePinSchema = v.object({
  board_id: v.optional(pinFields.board_id),
  media_url: v.optional(pinFields.media_url),
  title: pinFields.title,
  description: pinFields.description,
  link: pinFields.link,
  alt_text: pinFields.alt_text,
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
  status: v.optional(v.picklist(PIN_STATUSES)),
  title: v.optional(v.pipe(v.string(), v.maxLength(256))),
  board_id: v.optional(v.pipe(v.string(), v.maxLength(64))),
  collection_id: v.optional(IdParam),
  profile_id: v.optional(IdParam),
  sort: v.optional(v.picklist(["newest", "queue", "scheduled"]), "newest"),
  limit: v.optional(v.pipe(digits(1000), v.minValue(1)), "100"),
  offset: v.optional(digits(10_000_000), "0"),
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
