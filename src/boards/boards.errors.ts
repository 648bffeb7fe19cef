import { defineError } from "../http/errors";

export const pinterestUnavailable = defineError(
  "boards.pinterest_unavailable",
  502,
  (why: string) =>
    `Pinterest is not answering right now, so the boards could not be loaded (${why}). Try again in a minute.`,
);
