/**
 * What a route answers, declared once beside the route and published by src/docs as /openapi.json:
 *
 *   response: responses({ 200: v.array(PinSchema) }, 401, 403, 422, 429)
 *
 * Success bodies are the feature's own valibot schemas (the schema is the type: never a second copy of a
 * shape); each error status becomes ErrorSchema `{"detail": "…"}` (422: ValidationErrorSchema) with the
 * seed's meaning as its description. A status given in `success` wins over the generic one.
 *
 * Documented, not enforced at runtime. Given a valibot `response` schema, Elysia runs it on every answer
 * and replaces the body with valibot's output. Measured on GET /pins returning 100 pins (in-process
 * `app.handle`, 11 runs × 1000 requests per variant, 2 cores shared with other work, so noisy):
 *   no response schema        median 1.06–1.21 ms, best run 0.79–0.85 ms
 *   Elysia + valibot checks   median 1.16–1.19 ms, best run 0.85–0.89 ms   (valibot alone: ~100 µs / 100 pins)
 *   documented() (below)      median 0.98–1.05 ms, best run 0.66–0.75 ms   (same as none, within noise)
 * So validation costs ~0.1 ms (~10 %) per list request — affordable — but it changes behaviour: an
 * undocumented field is silently stripped (a doc gap would hide itself from the tests), and a mismatch is
 * a ValidationError that our handler answers as a 422 blaming the client for a server bug (Elysia has no
 * switch to document a Standard-Schema response without running it; `t.NoValidate` is TypeBox-only).
 * So `responses()` hands Elysia a copy of each schema whose Standard-Schema `validate` passes the value
 * through untouched: the route keeps Elysia's compile-time check of what the handler returns, the
 * document keeps the real schema, and the document's truth is proven where it costs production nothing —
 * the test helper (src/testing/response-validation.ts) validates every response the suite receives.
 */
import * as v from "valibot";
import { ErrorSchema, ValidationErrorSchema } from "../shared/schema";

export const ERROR_DESCRIPTIONS = {
  400: "Bad request — invalid input (e.g. scheduled_at in the past, private webhook URL)",
  401: "Not authenticated — missing, invalid, disabled or revoked API key (or no credentials sent)",
  403: "Forbidden — account pending approval or suspended, admin access required, or a cross-origin browser request",
  404: "Not found — the resource doesn't exist or belongs to another user",
  409: "Conflict — the resource is in a state that does not allow this (e.g. a publishing or published pin)",
  413: "Payload too large — request bodies are limited to 11 MB, uploaded images to 10 MB each, videos to PINFLOW_MAX_VIDEO_MB (200 MB unless set otherwise), and uploads to your upload quota in all",
  414: "URI too long — URLs are limited to 8 KB",
  415: "Unsupported media type — bodies are `application/json`; image and video uploads `multipart/form-data`",
  422: "Validation error — `detail` is an array of {loc, msg, type}",
  429: "Too many requests — per-IP rate limit, or the daily / monthly pin quota (see Retry-After)",
  431: "Request header fields too large — the request line and headers are limited to 16 KB together",
  502: "Bad gateway — Pinterest did not answer or refused the request",
  503: "Service unavailable — the database or the upload storage does not answer, or the scheduler stopped ticking",
} as const;
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

const errorSchemas = new Map<ErrorStatus, v.GenericSchema>();
/** The body of one documented error status (one schema per status, shared by every route). */
export function errorSchema(status: ErrorStatus): v.GenericSchema {
  let schema = errorSchemas.get(status);
  if (!schema) {
    const body = status === 422 ? ValidationErrorSchema : ErrorSchema;
    schema = v.pipe(body, v.description(ERROR_DESCRIPTIONS[status]));
    errorSchemas.set(status, schema);
  }
  return schema;
}

/** 204 and other answers without a body. */
export const NoContent = v.pipe(v.void(), v.description("No Content"));
/** A redirect (302 / 303): a Location header and no body. */
export const Redirect = v.pipe(v.any(), v.description("Redirect: see the Location header"));
/** A `text/event-stream` of server-sent events (GET /events). */
export const EventStream = v.pipe(v.any(), v.description("A stream of server-sent events"));
/** A server-rendered HTML page for a browser. */
export const HtmlPage = v.pipe(v.any(), v.description("An HTML page"));

/** Schemas of answers that are also sent as another media type on request (a CSV export), by that type. */
const ALSO_AS = new WeakMap<object, string>();

/**
 * A 200 that is this JSON, or — when the client asks for it (e.g. `?format=csv`) — a file of `mediaType`
 * (e.g. `text/csv`): /openapi.json lists both media types for the response.
 */
export function alsoAs<S extends v.GenericSchema>(schema: S, mediaType: string, about: string): S {
  const copy = v.pipe(schema, v.description(about)) as unknown as S;
  ALSO_AS.set(copy, mediaType);
  return copy;
}

/** The other media type `alsoAs` gave a schema, if any. */
export const alsoAsOf = (schema: unknown): string | undefined =>
  typeof schema === "object" && schema !== null ? ALSO_AS.get(schema) : undefined;

const ORIGINAL = Symbol.for("pinflow.documentedSchema");

/** A copy of `schema` that Elysia accepts as a response schema but never runs (see the header). */
export function documented<S extends v.GenericSchema>(schema: S): S {
  const copy = Object.create(schema) as S & { [ORIGINAL]: S };
  const standard = schema["~standard"];
  Object.defineProperty(copy, "~standard", {
    value: { ...standard, validate: (value: unknown) => ({ value }) },
  });
  copy[ORIGINAL] = schema;
  return copy;
}

/** The schema that `documented()` copied (what the OpenAPI document is built from). */
export const originalSchema = (schema: unknown): unknown =>
  (schema as { [ORIGINAL]?: unknown } | null)?.[ORIGINAL] ?? schema;

type ErrorBody<S extends ErrorStatus> = S extends 422 ? typeof ValidationErrorSchema : typeof ErrorSchema;

export function responses<R extends Record<number, v.GenericSchema>, E extends ErrorStatus>(
  success: R,
  ...errors: E[]
): R & { [K in Exclude<E, keyof R>]: ErrorBody<K> } {
  const out: Record<number, v.GenericSchema> = {};
  for (const status of errors) out[status] = documented(errorSchema(status));
  for (const [status, schema] of Object.entries(success)) out[Number(status)] = documented(schema);
  return out as R & { [K in Exclude<E, keyof R>]: ErrorBody<K> };
}
