import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParams } from "../shared/schema";
import { DeleteProfileQuery } from "./profiles.schema";
import * as service from "./profiles.service";

export const profilesRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "profiles", prefix: "/profiles" })
    .use(auth)
    .get("/", ({ caller }) => service.listProfiles(deps, caller.user), { auth: "approved" })
    .post("/:id/select", ({ caller, params }) => service.selectProfile(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
    })
    .delete(
      "/:id",
      async ({ caller, params, query, set }) => {
        const force = query.force === "true" || query.force === "1";
        await service.disconnectProfile(deps, caller.user, params.id, force);
        set.status = 204;
      },
      { auth: "approved", params: IdParams, query: DeleteProfileQuery },
    );
