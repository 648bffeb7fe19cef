import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { EventStream, responses } from "../http/responses";
import { EventsQuery, LastEventId } from "./events.schema";
import * as service from "./events.service";

const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  // nginx and friends pass the events on at once instead of buffering them
  "x-accel-buffering": "no",
};

/** GET /events: the caller's changes as server-sent events (src/events/events.service.ts). */
export const eventsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "events" }).use(auth).get(
    "/events",
    async ({ caller, recheck, request, query }) => {
      const header = request.headers.get("last-event-id") ?? query.since ?? null;
      const parsed = header === null ? null : v.safeParse(LastEventId, header.trim());
      const stream = await service.openStream(deps, {
        user: caller.user,
        recheck,
        // A Last-Event-ID that is not one of ours is treated like one too old to replay: `reset`.
        lastEventId: parsed === null ? null : parsed.success ? parsed.output : -1,
        signal: request.signal,
      });
      return new Response(stream, { headers: HEADERS });
    },
    {
      auth: "signedIn",
      query: EventsQuery,
      detail: {
        summary: "Stream your changes (server-sent events)",
        tags: ["Events"],
        description: `A \`text/event-stream\` of your own changes, as they happen (within about a second), for dashboards and scripts: \`new EventSource("/events")\` in a browser with the session, or any SSE client with your API key. Each event is named by what changed — \`pin\`, \`profile\` (a connected account or its posting schedule) or \`account\` (your time zone, plan, limits, approval) — and its \`data\` is a Change: \`{"kind": "pin", "id": 42, "status": "published"}\` (\`status\` \`deleted\` when a pin is gone). The stream opens with \`ready\` (\`{"latest": id}\`); keep-alive comments come when it is quiet for ${service.KEEP_ALIVE_MS / 1000} s.\n\nReconnecting with \`Last-Event-ID\` (EventSource does it by itself) replays the changes you missed; when they are no longer kept (the newest ${service.KEEP_CHANGES.toLocaleString("en-US")} changes of all users are), or more than ${service.REPLAY_LIMIT}, you get \`reset\` instead: reload what you show. Pending accounts may listen too (they learn of their approval); the stream ends when your key is revoked or your session ends.`,
      },
      response: responses({ 200: EventStream }, 401, 403, 422, 429),
    },
  );
