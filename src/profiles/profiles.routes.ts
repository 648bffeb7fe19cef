import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { NoContent, responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import { DeleteProfileQuery, ProfileSchema } from "./profiles.schema";
import * as service from "./profiles.service";

const tags = ["Profiles"];

export const profilesRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "profiles", prefix: "/profiles" })
    .use(auth)
    .get("/", ({ caller }) => service.listProfiles(deps, caller.user), {
      auth: "approved",
      detail: {
        summary: "List your connected Pinterest accounts",
        tags,
        description:
          "Each profile is one Pinterest account; pins and webhooks belong to one. Connect another with GET /auth/login?connect=1 in the browser.",
      },
      response: responses({ 200: v.array(ProfileSchema) }, 401, 403, 429),
    })
    .post("/:id/select", ({ caller, params }) => service.selectProfile(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
      detail: {
        summary: "Select the profile requests act for",
        tags,
        description: "Requests without a `profile_id` use the selected profile.",
      },
      response: responses({ 200: ProfileSchema }, 401, 403, 404, 422, 429),
    })
    .delete(
      "/:id",
      async ({ caller, params, query, set }) => {
        const force = query.force === "true" || query.force === "1";
        await service.disconnectProfile(deps, caller.user, params.id, force);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        query: DeleteProfileQuery,
        detail: {
          summary: "Disconnect a Pinterest account",
          tags,
          description:
            "Deletes the profile with its pins and webhooks. Refused (409) while it has queued or scheduled pins, unless `force=true`.",
        },
        response: responses({ 204: NoContent }, 401, 403, 404, 409, 422, 429),
      },
    );
