import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { NoContent, responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import {
  CreateFeedSchema,
  FeedDetailSchema,
  FeedListQuery,
  FeedSchema,
  UpdateFeedSchema,
} from "./feeds.schema";
import * as service from "./feeds.service";

const tags = ["Feeds"];

export const feedsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "feeds", prefix: "/feeds" })
    .use(auth)
    .get("/", ({ caller, query }) => service.listFeeds(deps, caller.user, query.profile_id), {
      auth: "approved",
      query: FeedListQuery,
      detail: {
        summary: "List feeds",
        tags,
        description:
          "Your feeds (of every profile, or of `profile_id`), with each one's last read and error.",
      },
      response: responses({ 200: v.array(FeedSchema) }, 401, 403, 422, 429),
    })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createFeed(deps, caller.user, body);
      },
      {
        auth: "approved",
        body: CreateFeedSchema,
        detail: {
          summary: "Follow a feed",
          tags,
          description:
            "An RSS 2.0, RSS 1.0 or Atom feed whose new items become pins on `board_id` of the selected profile (or `profile_id`): drafts (`mode: draft`) or queued pins (`mode: queue`). Each item gives its title, its description without HTML (cut to Pinterest's limits), its link, and its image (media:content, enclosure, media:thumbnail or the first <img>) as the pin's media_url — PinFlow never downloads it; an item without an image becomes a draft that says so. Items are recognised by guid (else link), so a republished item never makes a second pin. The feed is read within a minute, then every PINFLOW_FEED_POLL_INTERVAL (30 min), with ETag/Last-Modified; the first read pins nothing already in the feed unless `backfill` asks for the newest n. `url` must resolve to a public internet host (400 otherwise, unless PINFLOW_WEBHOOK_ALLOW_PRIVATE); 409 if the profile already follows it.",
        },
        response: responses({ 201: FeedSchema }, 400, 401, 403, 404, 409, 422, 429),
      },
    )
    .get("/:id", ({ caller, params }) => service.getFeed(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
      detail: {
        summary: "Get a feed and its last items",
        tags,
        description:
          "The feed with its last read, error (`last_error`, `failures`) and next attempt (`next_poll_at`), and the 20 items seen last with the pin each made.",
      },
      response: responses({ 200: FeedDetailSchema }, 401, 403, 404, 422, 429),
    })
    .put("/:id", ({ caller, params, body }) => service.updateFeed(deps, caller.user, params.id, body), {
      auth: "approved",
      params: IdParams,
      body: UpdateFeedSchema,
      detail: {
        summary: "Change or pause a feed",
        tags,
        description:
          'Send only what changes: `{"is_active": false}` pauses it, `true` resumes it (and reads it now). A new `url` is checked like on creation and read as a new feed: the items already in it are not pinned.',
      },
      response: responses({ 200: FeedDetailSchema }, 400, 401, 403, 404, 409, 422, 429),
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deleteFeed(deps, caller.user, params.id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: {
          summary: "Stop following a feed",
          tags,
          description: "Its item log goes with it; its pins stay.",
        },
        response: responses({ 204: NoContent }, 401, 403, 404, 422, 429),
      },
    );
