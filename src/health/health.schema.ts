import * as v from "valibot";
import { NullableApiTime } from "../shared/schema";

export const HealthSchema = v.object({
  status: v.picklist(["ok", "degraded"]),
  version: v.string(),
  mode: v.picklist(["pinterest", "emulator"]),
  instance: v.pipe(
    v.string(),
    v.description("Which PinFlow process answered: PINFLOW_INSTANCE_ID, else <hostname>:<pid>"),
  ),
  database: v.pipe(v.picklist(["sqlite", "postgres"]), v.description("Where the data is kept")),
  uptime_s: v.number(),
  db: v.picklist(["ok", "error"]),
  scheduler: v.object({ last_tick_at: NullableApiTime, stalled: v.boolean(), tick_ms: v.number() }),
  overdue_pins: v.pipe(v.nullable(v.number()), v.description("Pins past their time and not yet published")),
  webhook_backlog: v.pipe(v.nullable(v.number()), v.description("Webhook deliveries waiting to be sent")),
  awaiting_owner: v.pipe(
    v.nullable(v.boolean()),
    v.description(
      "True until the first person signs in (they become this PinFlow's admin); the sign-in page says so only then",
    ),
  ),
});
export type HealthDto = v.InferOutput<typeof HealthSchema>;
