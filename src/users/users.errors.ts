import { defineError, defineFieldError } from "../http/errors";

export const userNotFound = defineError("users.not_found", 404, (who = "User") => `${who} not found`);
export const lastApprovedAdmin = defineError(
  "users.last_admin",
  409,
  () =>
    "This change would leave PinFlow without an approved admin, and no one could use the admin pages any more. Make another user an approved admin first (or, on the server, use `pinflow users`).",
);
export const unknownTimeZone = defineFieldError(
  "users.unknown_timezone",
  ["body", "timezone"],
  (tz: string) => `Unknown time zone '${tz}': use an IANA name like Europe/Paris`,
);
export const unknownPlan = defineFieldError(
  "users.unknown_plan",
  ["body", "plan"],
  (plan: string) => `Unknown plan '${plan}'`,
);
