import * as v from "valibot";
import { ApiTime } from "../shared/schema";

export const UserSchema = v.object({
  id: v.number(),
  pinterest_user_id: v.string(),
  username: v.string(),
  timezone: v.string(),
  daily_pin_limit: v.number(),
  created_at: ApiTime,
  is_admin: v.boolean(),
  status: v.picklist(["pending", "approved", "suspended"]),
  plan: v.string(),
  selected_profile_id: v.nullable(v.number()),
});
export type UserDto = v.InferOutput<typeof UserSchema>;

export const AdminUserUpdateSchema = v.object({
  status: v.optional(v.picklist(["pending", "approved", "suspended"])),
  plan: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  daily_pin_limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000))),
  is_admin: v.optional(v.boolean()),
});
export type AdminUserUpdate = v.InferOutput<typeof AdminUserUpdateSchema>;
