import { badRequest, conflict, notFound } from "../http/errors";

export const pinNotFound = () => notFound("Pin");
export const pinLocked = (status: string) =>
  conflict(`This pin is ${status} and can no longer be changed or deleted.`);
export const scheduledInPast = () => badRequest("scheduled_at must be in the future");
export const scheduleNeedsTime = () => badRequest("A scheduled pin needs a scheduled_at in the future");
export const pinChanged = () =>
  conflict("This pin changed while you were saving it; reload it and try again.");
