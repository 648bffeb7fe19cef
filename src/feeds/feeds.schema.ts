/** Feeds → pins (issue 17): a blog's RSS or Atom feed followed for one profile and board. */
import * as v from "valibot";
import { ApiTime, IdParam, NullableApiTime } from "../shared/schema";

export const FEED_MODES = ["draft", "queue"] as const;
export const FEED_FORMATS = ["rss2", "rss1", "atom"] as const;
export const MAX_BACKFILL = 50;

const about = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));

const Url = about(
  v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2048)),
  "The feed's address (RSS 2.0, RSS 1.0 or Atom); it must resolve to a public internet host",
);
const Mode = about(
  v.picklist(FEED_MODES),
  "draft: each new item becomes a draft to review; queue: it is queued (the profile's next free slot)",
);
const Backfill = about(
  v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_BACKFILL)),
  `How many of the items already in the feed to turn into pins on its first read (0-${MAX_BACKFILL}, default 0: only items published after it is added)`,
);
const BoardId = about(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)), "Pinterest board ID");

export const CreateFeedSchema = v.object({
  url: Url,
  board_id: BoardId,
  mode: Mode,
  profile_id: v.optional(about(v.pipe(v.number(), v.integer()), "Default: the selected profile")),
  backfill: v.optional(Backfill),
});
export type CreateFeedInput = v.InferOutput<typeof CreateFeedSchema>;

export const UpdateFeedSchema = v.object({
  url: v.optional(Url),
  board_id: v.optional(BoardId),
  mode: v.optional(Mode),
  is_active: v.optional(about(v.boolean(), "false pauses the feed; true resumes it (and reads it now)")),
});
export type UpdateFeedInput = v.InferOutput<typeof UpdateFeedSchema>;

export const FeedSchema = v.object({
  id: v.number(),
  profile_id: v.number(),
  pinterest_user_id: v.string(),
  pinterest_username: v.string(),
  board_id: v.string(),
  url: v.string(),
  mode: v.picklist(FEED_MODES),
  backfill: v.number(),
  is_active: v.boolean(),
  paused_reason: about(v.nullable(v.string()), "Why PinFlow paused it (e.g. the feed answered 410 Gone)"),
  title: about(v.nullable(v.string()), "The feed's own title, from its last successful read"),
  // a plain string: the document generator folds a nullable picklist into an enum without null
  format: about(v.nullable(v.string()), "rss2, rss1 (RDF) or atom; null before the first read"),
  polling: about(v.boolean(), "A request for the feed is in flight right now"),
  last_polled_at: NullableApiTime,
  last_success_at: NullableApiTime,
  last_status: about(v.nullable(v.number()), "The HTTP status of the last answer (304: not modified)"),
  last_error: about(v.nullable(v.string()), "Why the last read failed (null when it worked)"),
  failures: about(
    v.number(),
    "Failed reads in a row; each one doubles the wait before the next (at most 24 h)",
  ),
  next_poll_at: about(NullableApiTime, "When it is read next (null while paused)"),
  items_seen: about(v.number(), "Items recognised so far (by guid or link)"),
  pins_created: v.number(),
  created_at: ApiTime,
});
export type FeedDto = v.InferOutput<typeof FeedSchema>;

export const FeedItemSchema = v.object({
  id: v.number(),
  title: v.nullable(v.string()),
  link: v.nullable(v.string()),
  published_at: NullableApiTime,
  outcome: about(
    v.picklist(["pinned", "skipped"]),
    "pinned: a pin was made from it; skipped: it was already in the feed when the feed was added",
  ),
  pin_id: about(v.nullable(v.number()), "The pin made from it (null once that pin is deleted)"),
  pin_status: v.nullable(v.string()),
  note: about(v.nullable(v.string()), "e.g. that the item had no image, so its pin is a draft"),
  seen_at: ApiTime,
});
export type FeedItemDto = v.InferOutput<typeof FeedItemSchema>;

export const FeedDetailSchema = v.object({
  ...FeedSchema.entries,
  recent_items: about(v.array(FeedItemSchema), "The 20 items seen last, newest first"),
});
export type FeedDetailDto = v.InferOutput<typeof FeedDetailSchema>;

export const FeedListQuery = v.object({ profile_id: v.optional(IdParam) });

/** How refusals name a feed's URL ("Feed URL must use http or https"). */
export const FEED_URL = "Feed URL";
