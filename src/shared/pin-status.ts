/**
 * The pin status lifecycle (docs/seed-api-reference.txt, "Status lifecycle"), in one place for the server and
 * the dashboard. A pin in a locked status is Pinterest's business now: nothing but the publisher may change
 * it.
 */
export const PIN_STATUSES = [
  "draft",
  "review",
  "queued",
  "scheduled",
  "publishing",
  "published",
  "failed",
] as const;
export type PinStatus = (typeof PIN_STATUSES)[number];

/** `publishing`: being sent to Pinterest; `published`: live there. Neither can be edited or deleted. */
export const LOCKED_STATUSES = ["publishing", "published"] as const satisfies readonly PinStatus[];

/** The statuses a user may set (PUT /pins/{id}, PUT /pins/bulk/status). */
export const EDITABLE_STATUSES = [
  "draft",
  "review",
  "queued",
  "scheduled",
] as const satisfies readonly PinStatus[];

export const isLocked = (status: PinStatus): boolean =>
  (LOCKED_STATUSES as readonly string[]).includes(status);
