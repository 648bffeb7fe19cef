import * as v from "valibot";

/** What a change is about: a pin, a connected Pinterest account (profile), or the user's own account. */
export const CHANGE_KINDS = ["pin", "profile", "account"] as const;

/** The `data` of each change event on GET /events (the SSE `event:` name is the same `kind`). */
export const ChangeSchema = v.object({
  kind: v.picklist(CHANGE_KINDS),
  id: v.pipe(v.number(), v.description("The pin, profile or user that changed")),
  status: v.pipe(
    v.nullable(v.string()),
    v.description(
      "A pin's status after the change (`deleted` when it is gone); a profile: `deleted` or null; the account: the user's status",
    ),
  ),
});
export type ChangeDto = v.InferOutput<typeof ChangeSchema>;

/** The `data` of `ready` (the stream is open; no change missed) and `reset` (reload: changes were missed). */
export const StreamMarkSchema = v.object({
  latest: v.pipe(v.number(), v.description("The id of the newest change: the stream continues after it")),
});
export type StreamMarkDto = v.InferOutput<typeof StreamMarkSchema>;

/** Last-Event-ID: the id of the last event a reconnecting client saw (EventSource sends it by itself). */
export const LastEventId = v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number));

export const EventsQuery = v.object({
  since: v.optional(
    v.pipe(
      v.string(),
      v.description(
        "Start after this change id (e.g. GET /auth/me's X-Change-Id), as if reconnecting with it; a Last-Event-ID header wins",
      ),
    ),
  ),
});
