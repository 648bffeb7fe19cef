import * as v from "valibot";
import { MetricsSchema } from "../analytics/analytics.schema";
import { IdParam } from "../shared/schema";

export const BoardsQuery = v.object({
  profile_id: v.optional(IdParam),
  refresh: v.optional(v.picklist(["1", "true", "0", "false"])),
});

export const BoardSchema = v.object({
  id: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
});

export const BoardsResponse = v.object({
  pinterest_user_id: v.string(),
  pinterest_username: v.string(),
  items: v.array(BoardSchema),
});
export type BoardsDto = v.InferOutput<typeof BoardsResponse>;

export const BoardStatsSchema = v.object({
  board_id: v.string(),
  name: v.nullable(v.string()),
  total_pins: v.number(),
  published_pins: v.number(),
  scheduled_pins: v.number(),
  draft_pins: v.number(),
  failed_pins: v.number(),
  pinterest: v.pipe(
    MetricsSchema,
    v.description(
      "Pinterest's impressions, saves, pin clicks and outbound clicks of the board's pins, summed over every day PinFlow has stored (it fetches them daily and keeps them past Pinterest's 90 days)",
    ),
  ),
});

export const BoardAnalyticsResponse = v.object({
  pinterest_user_id: v.string(),
  pinterest_username: v.string(),
  boards: v.array(BoardStatsSchema),
});
export type BoardAnalyticsDto = v.InferOutput<typeof BoardAnalyticsResponse>;
