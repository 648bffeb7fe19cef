import { defineError } from "../http/errors";

export const MAX_KEY_LENGTH = 255;

export const keyReused = defineError(
  "idempotency.mismatch",
  422,
  () => "This Idempotency-Key was already used with a different request.",
);
export const keyInvalid = defineError(
  "idempotency.invalid",
  422,
  () => `Idempotency-Key must be 1-${MAX_KEY_LENGTH} printable characters.`,
);
export const keyInProgress = defineError(
  "idempotency.in_progress",
  409,
  () =>
    "A request with this Idempotency-Key is still being processed (by another PinFlow process); retry it shortly to get its answer.",
);
