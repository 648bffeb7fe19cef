import * as v from "valibot";
import { ApiTime, NullableApiTime } from "../shared/schema";

export const ApiKeySchema = v.object({
  id: v.number(),
  name: v.string(),
  display_id: v.string(),
  is_active: v.boolean(),
  last_used_at: NullableApiTime,
  created_at: ApiTime,
});
export type ApiKeyDto = v.InferOutput<typeof ApiKeySchema>;

export const CreatedApiKeySchema = v.object({
  id: v.number(),
  name: v.string(),
  display_id: v.string(),
  secret_key: v.string(),
  is_active: v.boolean(),
  created_at: ApiTime,
});
export type CreatedApiKeyDto = v.InferOutput<typeof CreatedApiKeySchema>;

export const CreateApiKeySchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
});
