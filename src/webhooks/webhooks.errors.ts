import { defineError } from "../http/errors";

export const MAX_WEBHOOKS_PER_USER = 25;

export const webhookNotFound = defineError("webhooks.not_found", 404, () => "Webhook not found");
export const deliveryNotFound = defineError("webhooks.delivery_not_found", 404, () => "Delivery not found");
/** The URL breaks an address rule (shared/net.ts): the detail is the rule, never a resolved address. */
export const urlRefused = defineError("webhooks.url_refused", 400, (why: string) => why);
export const tooManyWebhooks = defineError(
  "webhooks.too_many",
  400,
  () => `You can have up to ${MAX_WEBHOOKS_PER_USER} webhooks. Delete one first.`,
);
export const deliveryInFlight = defineError(
  "webhooks.delivery_in_flight",
  409,
  () => "This delivery is being sent right now. Try again once it has finished.",
);
