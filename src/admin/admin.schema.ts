import * as v from "valibot";
import { NullableApiTime } from "../shared/schema";
import { UserSchema } from "../users/users.schema";

/** A user as the admin sees them: with the pins waiting to publish (held while pending or suspended). */
export const AdminUserSchema = v.object({
  ...UserSchema.entries,
  pins_waiting: v.pipe(
    v.number(),
    v.description("Queued and scheduled pins; they are held while the user is pending or suspended"),
  ),
});
export type AdminUserDto = v.InferOutput<typeof AdminUserSchema>;

export const JobSchema = v.object({
  name: v.string(),
  description: v.string(),
  schedule: v.string(),
  running: v.boolean(),
  last_started_at: NullableApiTime,
  last_finished_at: NullableApiTime,
  last_duration_ms: v.nullable(v.number()),
  last_error: v.nullable(v.string()),
  run_count: v.number(),
  skipped_count: v.pipe(
    v.number(),
    v.description("Firings another PinFlow process ran instead (once-per-interval jobs on PostgreSQL)"),
  ),
  next_run_at: NullableApiTime,
});
export type JobDto = v.InferOutput<typeof JobSchema>;

export const JobParams = v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });
