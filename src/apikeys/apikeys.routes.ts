import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { NoContent, responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import { ApiKeySchema, CreateApiKeySchema, CreatedApiKeySchema } from "./apikeys.schema";
import * as service from "./apikeys.service";

const tags = ["API Keys"];

export const apiKeysRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "api-keys", prefix: "/api-keys" })
    .use(auth)
    .get("/", ({ caller }) => service.listApiKeys(deps, caller.user.id), {
      auth: "approved",
      detail: {
        summary: "List your API keys",
        tags,
        description: "Returns metadata only — secret keys are never returned after creation.",
      },
      response: responses({ 200: v.array(ApiKeySchema) }, 401, 403, 429),
    })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createApiKey(deps, caller.user.id, body.name);
      },
      {
        auth: "approved",
        body: CreateApiKeySchema,
        detail: {
          summary: "Create a new API key",
          tags,
          description:
            "The `secret_key` is only returned here — copy it immediately. It cannot be retrieved again. Up to 10 active keys per account (400 beyond).",
        },
        response: responses({ 201: CreatedApiKeySchema }, 400, 401, 403, 422, 429),
      },
    )
    .patch("/:id/toggle", ({ caller, params }) => service.toggleApiKey(deps, caller.user.id, params.id), {
      auth: "approved",
      params: IdParams,
      detail: { summary: "Enable or disable a key", tags },
      response: responses({ 200: ApiKeySchema }, 400, 401, 403, 404, 422, 429),
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.revokeApiKey(deps, caller.user.id, params.id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: { summary: "Permanently revoke a key", tags },
        response: responses({ 204: NoContent }, 401, 403, 404, 422, 429),
      },
    );
