import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { NoContent, responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import {
  CreateWebhookSchema,
  DeliveriesQuery,
  DeliveryParams,
  DeliverySchema,
  UpdateWebhookSchema,
  WebhookListQuery,
  WebhookSchema,
} from "./webhooks.schema";
import * as service from "./webhooks.service";

const tags = ["Webhooks"];

export const webhooksRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "webhooks", prefix: "/webhooks" })
    .use(auth)
    .get("/", ({ caller, query }) => service.listWebhooks(deps, caller.user, query.profile_id), {
      auth: "approved",
      query: WebhookListQuery,
      detail: {
        summary: "List webhooks",
        tags,
        description: "The selected profile's webhooks (or `profile_id`'s).",
      },
      response: responses({ 200: v.array(WebhookSchema) }, 401, 403, 404, 409, 422, 429),
    })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createWebhook(deps, caller.user, body);
      },
      {
        auth: "approved",
        body: CreateWebhookSchema,
        detail: {
          summary: "Register a webhook",
          tags,
          description:
            "`url` must resolve to a public internet host (no localhost, no private IPs: 400) unless PINFLOW_WEBHOOK_ALLOW_PRIVATE is set; `secret` signs deliveries with HMAC-SHA256 (`X-Webhook-Signature: sha256=<hex>`). The webhook belongs to the selected profile (or `profile_id`).",
        },
        response: responses({ 201: WebhookSchema }, 400, 401, 403, 404, 409, 422, 429),
      },
    )
    .get("/:id", ({ caller, params }) => service.getWebhook(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
      detail: { summary: "Get a webhook", tags },
      response: responses({ 200: WebhookSchema }, 401, 403, 404, 422, 429),
    })
    .put("/:id", ({ caller, params, body }) => service.updateWebhook(deps, caller.user, params.id, body), {
      auth: "approved",
      params: IdParams,
      body: UpdateWebhookSchema,
      detail: {
        summary: "Update or pause a webhook",
        tags,
        description:
          'Send only what changes: `{"is_active": false}` pauses it, `true` resumes it; `secret: null` removes the secret. A new `url` is checked like on creation (400).',
      },
      response: responses({ 200: WebhookSchema }, 400, 401, 403, 404, 422, 429),
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deleteWebhook(deps, caller.user, params.id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: { summary: "Delete a webhook", tags, description: "Its delivery log goes with it." },
        response: responses({ 204: NoContent }, 401, 403, 404, 422, 429),
      },
    )
    .get(
      "/:id/deliveries",
      ({ caller, params, query }) => service.listDeliveries(deps, caller.user, params.id, query.limit),
      {
        auth: "approved",
        params: IdParams,
        query: DeliveriesQuery,
        detail: {
          summary: "List a webhook's deliveries",
          tags,
          description:
            "Newest first (`limit` 1-200, default 50): status, attempts, last status code and error, times.",
        },
        response: responses({ 200: v.array(DeliverySchema) }, 401, 403, 404, 422, 429),
      },
    )
    .post(
      "/:id/deliveries/:delivery_id/redeliver",
      ({ caller, params }) => service.redeliver(deps, caller.user, params.id, params.delivery_id),
      {
        auth: "approved",
        params: DeliveryParams,
        detail: {
          summary: "Send a delivery again",
          tags,
          description:
            "Sends it again now with the same `X-Webhook-Id` and a fresh set of attempts. 409 while it is being sent.",
        },
        response: responses({ 200: DeliverySchema }, 401, 403, 404, 409, 422, 429),
      },
    )
    .post("/:id/test", ({ caller, params }) => service.sendTest(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
      detail: {
        summary: "Send a test event",
        tags,
        description:
          "Delivers a sample event of the webhook's kind right away (`data.test: true`) and answers with the recorded delivery — never the receiver's body.",
      },
      response: responses({ 200: DeliverySchema }, 401, 403, 404, 422, 429),
    });
