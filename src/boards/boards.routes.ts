import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { IdParam } from "../shared/schema";
import {
  BoardAnalyticsResponse,
  BoardParams,
  BoardSchema,
  BoardSectionSchema,
  BoardSectionsResponse,
  BoardsQuery,
  BoardsResponse,
  CreateBoardSchema,
  CreateSectionSchema,
  SectionsQuery,
} from "./boards.schema";
import { boardAnalytics, createBoard, createSection, listBoards, listSections } from "./boards.service";

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
    )
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return createBoard(deps, caller.user, body);
      },
      {
        auth: "approved",
        body: CreateBoardSchema,
        detail: {
          summary: "Create a board on Pinterest",
          tags,
          description:
            "Makes a board on the selected Pinterest account (or `profile_id`), so pins can go to it straight away: the board list is read again from Pinterest. 409 when the account already has a board of that name; 502 when Pinterest refuses (its reason in `detail`) or does not answer.",
        },
        response: responses({ 201: BoardSchema }, 401, 403, 404, 409, 422, 429, 502),
      },
    )
    .get(
      "/:board_id/sections",
      ({ caller, params, query }) =>
        listSections(deps, caller.user, params.board_id, {
          profileId: query.profile_id,
          refresh: query.refresh === "1" || query.refresh === "true",
        }),
      {
        auth: "approved",
        params: BoardParams,
        query: SectionsQuery,
        detail: {
          summary: "List a board's sections",
          tags,
          description:
            "Every section of one of the account's boards, read from Pinterest (all pages) and cached for a minute (`refresh=1` skips the cache). Use an `id` as a pin's `board_section_id`. 404 when the account has no such board; 502 when Pinterest does not answer.",
        },
        response: responses({ 200: BoardSectionsResponse }, 401, 403, 404, 409, 422, 429, 502),
      },
    )
    .post(
      "/:board_id/sections",
      async ({ caller, params, body, set }) => {
        set.status = 201;
        return createSection(deps, caller.user, params.board_id, body);
      },
      {
        auth: "approved",
        params: BoardParams,
        body: CreateSectionSchema,
        detail: {
          summary: "Create a board section on Pinterest",
          tags,
          description:
            "Makes a section on one of the account's boards; the board's section list is read again. 404 when the account has no such board, 409 when the board has a section of that name, 502 when Pinterest refuses or does not answer.",
        },
        response: responses({ 201: BoardSectionSchema }, 401, 403, 404, 409, 422, 429, 502),
      },
    );
