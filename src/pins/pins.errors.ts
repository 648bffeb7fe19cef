import { AppError, badRequest, conflict, notFound } from "../http/errors";

export const pinNotFound = () => notFound("Pin");
export const pinLocked = (status: string) =>
  conflict(`This pin is ${status} and can no longer be changed or deleted.`);
export const scheduledInPast = () => badRequest("scheduled_at must be in the future");
export const scheduleNeedsTime = () => badRequest("A scheduled pin needs a scheduled_at in the future");
export const idempotencyKeyReused = () =>
  new AppError(
    422,
    "This Idempotency-Key was already used with a different request body.",
    "pins.idempotency_mismatch",
  );
