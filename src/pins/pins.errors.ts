import { defineError } from "../http/errors";

export const pinNotFound = defineError("pins.not_found", 404, () => "Pin not found");
export const pinLocked = defineError(
  "pins.locked",
  409,
  (status: string) => `This pin is ${status} and can no longer be changed or deleted.`,
);
export const pinChanged = defineError(
  "pins.changed",
  409,
  () => "This pin changed while you were saving it; reload it and try again.",
);
export const scheduledInPast = defineError(
  "pins.scheduled_in_past",
  400,
  () => "scheduled_at must be in the future",
);
export const scheduleNeedsTime = defineError(
  "pins.schedule_needs_time",
  400,
  () => "A scheduled pin needs a scheduled_at in the future",
);
/** Publish-now: Pinterest refused the pin or did not answer; the detail is why. */
export const publishRefused = defineError("pins.publish_refused", 502, (why: string) => why);
