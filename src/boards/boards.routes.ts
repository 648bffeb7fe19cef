import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParam } from "../shared/schema";
import { BoardsQuery } from "./boards.schema";
import { boardAnalytics, listBoards } from "./boards.service";

export const boardsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "boards", prefix: "/boards" })
    .use(auth)
    .get(
      "/",
      ({ caller, query }) =>
        listBoards(deps, caller.user, {
          profileId: query.profile_id,
          refresh: query.refresh === "1" || query.refresh === "true",
        }),
      { auth: "approved", query: BoardsQuery },
    )
    .get(
      "/analytics",
      ({ caller, query }) => boardAnalytics(deps, caller.user, { profileId: query.profile_id }),
      {
        auth: "approved",
        query: v.object({ profile_id: v.optional(IdParam) }),
      },
    );
