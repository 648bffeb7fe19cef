/** valibot building blocks shared by every feature's schemas. */
import * as v from "valibot";

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

/** Every error body but validation errors: `{"detail": "Pin not found"}`. */
export const ErrorSchema = v.object({ detail: v.string() });

/** FastAPI's 422 body: `{"detail": [{"loc": ["body", "board_id"], "msg": "Field required", "type": "missing"}]}`. */
export const ValidationIssueSchema = v.object({
  loc: v.array(v.union([v.string(), v.number()])),
  msg: v.string(),
  type: v.string(),
});
export const ValidationErrorSchema = v.object({ detail: v.array(ValidationIssueSchema) });
