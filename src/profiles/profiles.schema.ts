import * as v from "valibot";
import { ApiTime } from "../shared/schema";

export const ProfileSchema = v.object({
  id: v.number(),
  pinterest_user_id: v.string(),
  pinterest_username: v.string(),
  account_type: v.nullable(v.string()),
  profile_image: v.nullable(v.string()),
  is_selected: v.boolean(),
  needs_reconnect: v.boolean(),
  reconnect_reason: v.nullable(v.string()),
  created_at: ApiTime,
});
export type ProfileDto = v.InferOutput<typeof ProfileSchema>;

export const DeleteProfileQuery = v.object({
  force: v.optional(v.picklist(["true", "false", "1", "0"])),
});
