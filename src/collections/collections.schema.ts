import * as v from "valibot";
import { ApiTime } from "../shared/schema";

export const CollectionName = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128)),
});

export const AddPinSchema = v.object({ pin_id: v.pipe(v.number(), v.integer(), v.minValue(1)) });

export const CollectionSchema = v.object({
  id: v.number(),
  name: v.pipe(v.string(), v.description("Max 128 characters")),
  pin_count: v.pipe(v.number(), v.description("Number of pins in this collection")),
  created_at: ApiTime,
});
export type CollectionDto = v.InferOutput<typeof CollectionSchema>;

export const CollectionDetailSchema = v.object({
  ...CollectionSchema.entries,
  pin_ids: v.pipe(v.array(v.number()), v.description("Only present on GET /collections/{id}")),
});
export type CollectionDetailDto = v.InferOutput<typeof CollectionDetailSchema>;
