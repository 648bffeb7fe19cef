/** valibot building blocks shared by every feature's schemas. */
import * as v from "valibot";
import { ISO_WITH_ZONE, parseApiTime } from "./time";

/** A path or query id: digits only, becomes a number. */
export const IdParam = v.pipe(
  v.string(),
  v.regex(/^\d{1,15}$/, "Input should be a valid integer"),
  v.transform(Number),
);

export const IdParams = v.object({ id: IdParam });

/** `YYYY-MM-DDTHH:MM:SSZ` on the wire (response schemas only: inputs accept any ISO 8601 offset). */
export const ApiTime = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
  v.description("ISO 8601 UTC, e.g. 2026-05-01T19:00:00Z"),
);
export const NullableApiTime = v.nullable(ApiTime);

/**
 * A time the API accepts: ISO 8601 with a zone ("2026-05-01T19:00:00Z", "…+02:00"), becoming epoch ms. A date
 * or time that does not exist (February 30, 24:00) is refused, never rolled over into another one.
 */
export const ApiTimeInput = v.pipe(
  v.string(),
  v.description("ISO 8601 with a time zone (e.g. 2026-05-01T19:00:00Z or …+02:00)"),
  v.check(
    (s) => ISO_WITH_ZONE.test(s),
    "Input should be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T19:00:00Z",
  ),
  v.check(
    (s) => !ISO_WITH_ZONE.test(s) || parseApiTime(s) !== null,
    "Input should be a date and time that exist (e.g. not February 30 or 24:00)",
  ),
  v.transform((s) => parseApiTime(s) as number),
);

/** Every error body but validation errors: `{"detail": "Pin not found"}`. */
export const ErrorSchema = v.object({ detail: v.string() });

/** FastAPI's 422 body: `{"detail": [{"loc": ["body", "board_id"], "msg": "Field required", "type": "missing"}]}`. */
export const ValidationIssueSchema = v.object({
  loc: v.array(v.union([v.string(), v.number()])),
  msg: v.string(),
  type: v.string(),
});
export const ValidationErrorSchema = v.object({ detail: v.array(ValidationIssueSchema) });

/**
 * A multipart body the route reads itself, as a stream (video uploads: never held whole in memory). The body
 * reader (src/http/body.ts) checks the caller and the Content-Type, then hands the unread stream over.
 */
export interface StreamedBody {
  stream: ReadableStream<Uint8Array> | null;
  contentType: string;
  /** Content-Length, when the client sent one. */
  declaredLength: number | null;
}

/** Marks a body field read as a stream (see StreamedBody); in /openapi.json it is a binary file. */
export const STREAMED_FILE = "pinflow:streamed-file";

export const StreamedFile = v.pipe(
  v.custom<StreamedBody>(
    (x) => typeof x === "object" && x !== null && "contentType" in x && "stream" in x,
    "Field required",
  ),
  v.metadata({ [STREAMED_FILE]: true }),
);

/**
 * Pinterest's four numbers PinFlow keeps: IMPRESSION, SAVE, PIN_CLICK and OUTBOUND_CLICK (the analytics
 * feature's series and summary, and the boards feature's totals per board).
 */
export const MetricsSchema = v.object({
  impressions: v.number(),
  saves: v.number(),
  pin_clicks: v.number(),
  outbound_clicks: v.number(),
});
export type Metrics = v.InferOutput<typeof MetricsSchema>;

/** No numbers yet: every metric 0 (a new object each time: callers add into it). */
export const noMetrics = (): Metrics => ({ impressions: 0, saves: 0, pin_clicks: 0, outbound_clicks: 0 });

/** A row of sums as Metrics: SQLite sums come back as numbers, PostgreSQL's as strings, a missing one as null. */
export const metricsOf = (row: Record<keyof Metrics, number | string | null>): Metrics => ({
  impressions: Number(row.impressions ?? 0),
  saves: Number(row.saves ?? 0),
  pin_clicks: Number(row.pin_clicks ?? 0),
  outbound_clicks: Number(row.outbound_clicks ?? 0),
});
