import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { IdParam } from "../shared/schema";
import { BoardAnalyticsResponse, BoardsQuery, BoardsResponse } from "./boards.schema";
import { boardAnalytics, listBoards } from "./boards.service";

const tags = ["Boards"];

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
      {
        auth: "approved",
        query: BoardsQuery,
        detail: {
          summary: "List all Pinterest boards",
          tags,
          description:
            "Every board of the selected Pinterest account (or `profile_id`), read from Pinterest and cached for a few minutes (`refresh=1` skips the cache). Use the `id` values as `board_id` when creating pins. 409 when no Pinterest account is connected; 502 when Pinterest does not answer.",
        },
        response: responses({ 200: BoardsResponse }, 401, 403, 404, 409, 422, 429, 502),
      },
    )
    .get(
      "/analytics",
      ({ caller, query }) => boardAnalytics(deps, caller.user, { profileId: query.profile_id }),
      {
        auth: "approved",
        query: v.object({ profile_id: v.optional(IdParam) }),
        detail: {
          summary: "Get board analytics from your selected Pinterest account",
          tags,
          description: "Per board, PinFlow's own counts of your pins by status.",
        },
        response: responses({ 200: BoardAnalyticsResponse }, 401, 403, 404, 409, 422, 429),
      },
    );
