import { defineError, defineFieldError } from "../http/errors";
import { MAX_OCCURRENCE_RANGE_DAYS } from "./schedule.schema";

export const rangeTooLong = defineFieldError(
  "schedule.range_too_long",
  ["query", "to"],
  () => `to must be after from, at most ${MAX_OCCURRENCE_RANGE_DAYS} days later`,
);
export const noSlotsToSpreadInto = defineError(
  "schedule.no_slots",
  400,
  () =>
    "Give scheduled_at for the first pin, or set a posting schedule for this profile (PUT /profiles/{id}/schedule) so the first pin can take the next free slot.",
);
