import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParams } from "../shared/schema";
import { publishNow } from "./publishing.now";

export const publishingRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "publishing" })
    .use(auth)
    .post("/pins/:id/publish", ({ caller, params }) => publishNow(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
    });
