import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import { OccurrencesQuery, OccurrencesSchema, ScheduleInputSchema, ScheduleSchema } from "./schedule.schema";
import * as service from "./schedule.service";

const tags = ["Profiles"];

/** /profiles/{id}/schedule: the posting schedule of one connected Pinterest account. */
export const scheduleRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "schedule", prefix: "/profiles" })
    .use(auth)
    .get("/:id/schedule", ({ caller, params }) => service.getSchedule(deps, caller.user, params.id), {
      auth: "approved",
      params: IdParams,
      detail: {
        summary: "Get a profile's posting schedule",
        tags,
        description:
          "Weekly slots (`day` mon…sun, `time` HH:MM) in your time zone, the spacing guard, and warnings for days that would get more than 25 pins. Without slots, queued pins publish as soon as the queue processes them; with slots, one queued pin per slot occurrence, in queue order.",
      },
      response: responses({ 200: ScheduleSchema }, 401, 403, 404, 422, 429),
    })
    .put(
      "/:id/schedule",
      ({ caller, params, body }) => service.putSchedule(deps, caller.user, params.id, body),
      {
        auth: "approved",
        params: IdParams,
        body: ScheduleInputSchema,
        detail: {
          summary: "Set a profile's posting schedule",
          tags,
          description:
            "Replaces the slots (at most 20 a day) and `min_spacing_days`; `timezone` (IANA) also sets your time zone. Queued pins are never lost: they move into the new slots, or publish at once when there are none.",
        },
        response: responses({ 200: ScheduleSchema }, 401, 403, 404, 415, 422, 429),
      },
    )
    .get(
      "/:id/schedule/occurrences",
      ({ caller, params, query }) => service.listOccurrences(deps, caller.user, params.id, query),
      {
        auth: "approved",
        params: IdParams,
        query: OccurrencesQuery,
        detail: {
          summary: "Slot occurrences in a time range",
          tags,
          description:
            "Each slot occurrence in [from, to) (UTC, at most 92 days) with the queued pin it will publish (or published), or null while open; plus the volume warnings of those days.",
        },
        response: responses({ 200: OccurrencesSchema }, 401, 403, 404, 422, 429),
      },
    );
