import { defineError } from "../http/errors";

export const pinterestUnavailable = defineError(
  "boards.pinterest_unavailable",
  502,
  (why: string) =>
    `Pinterest is not answering right now, so the boards could not be loaded (${why}). Try again in a minute.`,
);

/** Pinterest answered, and said no (a 4xx): the detail is its reason, or what a Trial-access refusal means. */
export const pinterestRefused = defineError("boards.pinterest_refused", 502, (why: string) => why);

export const boardNotFound = defineError(
  "boards.not_found",
  404,
  (boardId: string, username: string) => `Board ${boardId} is not one of @${username}'s boards on Pinterest.`,
);

export const boardNameTaken = defineError(
  "boards.name_taken",
  409,
  (name: string, username: string) => `@${username} already has a board named "${name}" on Pinterest.`,
);

export const sectionNameTaken = defineError(
  "boards.section_name_taken",
  409,
  (name: string) => `This board already has a section named "${name}".`,
);
