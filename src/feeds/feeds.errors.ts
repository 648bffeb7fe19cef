import { defineError, defineFieldError } from "../http/errors";

export const MAX_FEEDS_PER_USER = 50;

export const feedNotFound = defineError("feeds.not_found", 404, () => "Feed not found");
/** The URL breaks an address rule (shared/net.ts): the detail is the rule, never a resolved address. */
export const feedUrlRefused = defineError("feeds.url_refused", 400, (why: string) => why);
export const feedExists = defineError(
  "feeds.exists",
  409,
  (username: string, id: number) => `@${username} already follows this feed (feed ${id}).`,
);
export const tooManyFeeds = defineError(
  "feeds.too_many",
  400,
  () => `You can follow up to ${MAX_FEEDS_PER_USER} feeds. Delete one first.`,
);
export const unknownBoard = defineFieldError(
  "feeds.unknown_board",
  ["body", "board_id"],
  (board: string, username: string) => `Board ${board} is not one of @${username}'s boards on Pinterest.`,
);
