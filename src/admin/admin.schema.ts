import * as v from "valibot";
import { NullableApiTime } from "../shared/schema";

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
  next_run_at: NullableApiTime,
});
export type JobDto = v.InferOutput<typeof JobSchema>;

export const JobParams = v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });
