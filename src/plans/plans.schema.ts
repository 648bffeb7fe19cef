import * as v from "valibot";

export const PlanSchema = v.object({
  name: v.string(),
  monthly_pin_limit: v.nullable(v.number()),
  bulk_allowed: v.boolean(),
});
export type PlanDto = v.InferOutput<typeof PlanSchema>;

export const PlanUpdateSchema = v.object({
  monthly_pin_limit: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)))),
  bulk_allowed: v.optional(v.boolean()),
});

export const PlanParams = v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });
