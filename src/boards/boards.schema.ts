import * as v from "valibot";
import { IdParam, MetricsSchema } from "../shared/schema";

const about = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));

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

/** A Pinterest board id in a path: digits. */
export const BoardParams = v.object({
  board_id: v.pipe(v.string(), v.regex(/^\d{1,30}$/, "Input should be a Pinterest board id (digits)")),
});

export const SectionsQuery = BoardsQuery;

export const BoardSectionSchema = v.object({
  id: about(v.string(), "Pinterest's board section id: use it as a pin's board_section_id"),
  name: v.string(),
});
export type BoardSectionDto = v.InferOutput<typeof BoardSectionSchema>;

export const BoardSectionsResponse = v.object({
  board_id: v.string(),
  items: v.array(BoardSectionSchema),
});
export type BoardSectionsDto = v.InferOutput<typeof BoardSectionsResponse>;

const name = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, "Field required"), v.maxLength(max));

export const BOARD_PRIVACY = ["PUBLIC", "PROTECTED", "SECRET"] as const;

export const CreateBoardSchema = v.object({
  name: about(name(180), "The board's name; an account cannot have two boards of the same name"),
  description: v.nullish(v.pipe(v.string(), v.maxLength(500))),
  privacy: v.optional(
    about(
      v.picklist(BOARD_PRIVACY),
      "PUBLIC (default), PROTECTED or SECRET. PinFlow does not ask Pinterest for the secret-board scopes (boards:read_secret), so a SECRET board may be missing from GET /boards afterwards and pins to it go to review",
    ),
  ),
  profile_id: v.optional(
    about(v.pipe(v.number(), v.integer()), "The connected account; default: the selected one"),
  ),
});
export type CreateBoardInput = v.InferOutput<typeof CreateBoardSchema>;

export const CreateSectionSchema = v.object({
  name: about(name(180), "1-180 characters (Pinterest's limit)"),
  profile_id: v.optional(v.pipe(v.number(), v.integer())),
});
export type CreateSectionInput = v.InferOutput<typeof CreateSectionSchema>;
