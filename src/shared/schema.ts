/** valibot building blocks shared by every feature's schemas. */
import * as v from "valibot";

/** A path or query id: digits only, becomes a number. */
export const IdParam = v.pipe(
  v.string(),
  v.regex(/^\d{1,15}$/, "Input should be a valid integer"),
  v.transform(Number),
);

export const IdParams = v.object({ id: IdParam });

/** `YYYY-MM-DDTHH:MM:SSZ` on the wire. */
export const ApiTime = v.pipe(v.string(), v.description("ISO 8601 UTC, e.g. 2026-05-01T19:00:00Z"));
export const NullableApiTime = v.nullable(ApiTime);

export const DetailSchema = v.object({ detail: v.string() });
