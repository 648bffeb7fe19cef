import * as v from "valibot";
import { UserSchema } from "../users/users.schema";

export const MeSchema = v.object({ ...UserSchema.entries, mode: v.picklist(["pinterest", "emulator"]) });
export type MeDto = v.InferOutput<typeof MeSchema>;

export const UpdateMeSchema = v.object({ timezone: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });

export const LoginQuery = v.object({ connect: v.optional(v.picklist(["1", "true", "0", "false"])) });

export const CallbackQuery = v.object({
  code: v.optional(v.string()),
  state: v.optional(v.string()),
  error: v.optional(v.string()),
  error_description: v.optional(v.string()),
});
