import { defineError } from "../http/errors";

export const profileNotFound = defineError("profiles.not_found", 404, () => "Profile not found");
export const noProfileConnected = defineError(
  "profiles.none_connected",
  409,
  (connectUrl: string) => `No Pinterest account is connected: connect one at ${connectUrl}`,
);
export const profileHasPendingPins = defineError(
  "profiles.pending_pins",
  409,
  (pending: number) =>
    `This profile has ${pending} queued or scheduled pin${pending === 1 ? "" : "s"}; disconnecting deletes them. Add ?force=true to disconnect anyway.`,
);
