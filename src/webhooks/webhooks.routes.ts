import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParams } from "../shared/schema";
import {
  CreateWebhookSchema,
  DeliveriesQuery,
  DeliveryParams,
  UpdateWebhookSchema,
  WebhookListQuery,
} from "./webhooks.schema";
import * as service from "./webhooks.service";

export const webhooksRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "webhooks", prefix: "/webhooks" })
    .use(auth)
    .get("/", ({ caller, query }) => service.listWebhooks(deps, caller.user, query.profile_id), {
      auth: "approved",
      query: WebhookListQuery,
    })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createWebhook(deps, caller.user, body);
      },
      { auth: "approved", body: CreateWebhookSchema },
    )
    .get("/:id", ({ caller, params }) => service.getWebhook(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
    })
    .put("/:id", ({ caller, params, body }) => service.updateWebhook(deps, caller.user, params.id, body), {
      auth: "approved",
      params: IdParams,
      body: UpdateWebhookSchema,
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deleteWebhook(deps, caller.user, params.id);
        set.status = 204;
      },
      { auth: "approved", params: IdParams },
    )
    .get(
      "/:id/deliveries",
      ({ caller, params, query }) => service.listDeliveries(deps, caller.user, params.id, query.limit),
      { auth: "approved", params: IdParams, query: DeliveriesQuery },
    )
    .post(
      "/:id/deliveries/:delivery_id/redeliver",
      ({ caller, params }) => service.redeliver(deps, caller.user, params.id, params.delivery_id),
      { auth: "approved", params: DeliveryParams },
    )
    .post("/:id/test", ({ caller, params }) => service.sendTest(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
    });
