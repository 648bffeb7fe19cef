import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParams } from "../shared/schema";
import { CreateApiKeySchema } from "./apikeys.schema";
import * as service from "./apikeys.service";

export const apiKeysRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "api-keys", prefix: "/api-keys" })
    .use(auth)
    .get("/", ({ caller }) => service.listApiKeys(deps, caller.user.id), { auth: "approved" })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createApiKey(deps, caller.user.id, body.name);
      },
      { auth: "approved", body: CreateApiKeySchema },
    )
    .patch("/:id/toggle", ({ caller, params }) => service.toggleApiKey(deps, caller.user.id, params.id), {
      auth: "approved",
      params: IdParams,
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.revokeApiKey(deps, caller.user.id, params.id);
        set.status = 204;
      },
      { auth: "approved", params: IdParams },
    );
