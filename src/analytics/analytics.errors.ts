import { defineFieldError } from "../http/errors";
import { MAX_RANGE_DAYS } from "./analytics.schema";

export const rangeBackwards = defineFieldError(
  "analytics.range_backwards",
  ["query", "to"],
  () => "to must be on or after from",
);
export const rangeTooLong = defineFieldError(
  "analytics.range_too_long",
  ["query", "from"],
  () => `A period covers at most ${MAX_RANGE_DAYS} days`,
);
