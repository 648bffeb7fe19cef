import * as v from "valibot";
import { ApiTime, IdParam, NullableApiTime } from "../shared/schema";

export const WEBHOOK_EVENTS = ["pin.created", "pin.scheduled", "pin.published", "pin.failed"] as const;

const Url = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2048));
const Secret = v.pipe(v.string(), v.minLength(1), v.maxLength(256));

export const CreateWebhookSchema = v.object({
  url: Url,
  event: v.picklist(WEBHOOK_EVENTS),
  secret: v.optional(Secret),
  profile_id: v.optional(v.pipe(v.number(), v.integer())),
});
export type CreateWebhookInput = v.InferOutput<typeof CreateWebhookSchema>;

export const UpdateWebhookSchema = v.object({
  url: v.optional(Url),
  event: v.optional(v.picklist(WEBHOOK_EVENTS)),
  /** null removes the secret (deliveries are then unsigned). */
  secret: v.optional(v.nullable(Secret)),
  is_active: v.optional(v.boolean()),
});
export type UpdateWebhookInput = v.InferOutput<typeof UpdateWebhookSchema>;

export const WebhookSchema = v.object({
  id: v.number(),
  profile_id: v.number(),
  pinterest_user_id: v.string(),
  pinterest_username: v.string(),
  url: v.string(),
  event: v.picklist(WEBHOOK_EVENTS),
  is_active: v.boolean(),
  has_secret: v.boolean(),
  paused_reason: v.nullable(v.string()),
  created_at: ApiTime,
});
export type WebhookDto = v.InferOutput<typeof WebhookSchema>;

export const DeliverySchema = v.object({
  id: v.number(),
  webhook_id: v.number(),
  message_id: v.string(),
  event: v.string(),
  status: v.picklist(["pending", "delivering", "delivered", "failed"]),
  attempts: v.number(),
  last_status_code: v.nullable(v.number()),
  last_error: v.nullable(v.string()),
  next_attempt_at: NullableApiTime,
  last_attempt_at: NullableApiTime,
  delivered_at: NullableApiTime,
  created_at: ApiTime,
});
export type DeliveryDto = v.InferOutput<typeof DeliverySchema>;

export const WebhookListQuery = v.object({ profile_id: v.optional(IdParam) });
export const DeliveryParams = v.object({ id: IdParam, delivery_id: IdParam });
export const DeliveriesQuery = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(200)),
    "50",
  ),
});

/** How refusals name a webhook's URL ("Webhook URL must use http or https"). */
export const WEBHOOK_URL = "Webhook URL";
