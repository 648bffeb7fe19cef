import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParams } from "../shared/schema";
import {
  BulkCreateSchema,
  BulkScheduleSchema,
  BulkStatusSchema,
  CalendarQuery,
  CreatePinSchema,
  ListPinsQuery,
  PinIdsSchema,
  UpdatePinSchema,
} from "./pins.schema";
import * as service from "./pins.service";

export const pinsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "pins", prefix: "/pins" })
    .use(auth)
    .get(
      "/",
      async ({ caller, query, set }) => {
        const { pins, total } = await service.listPins(deps, caller.user, query);
        set.headers["x-total-count"] = String(total);
        return pins;
      },
      { auth: "approved", query: ListPinsQuery },
    )
    .post(
      "/",
      async ({ caller, body, headers, set }) => {
        const answer = await service.createPinOnce(
          deps,
          caller.user,
          body,
          headers["idempotency-key"] ?? null,
        );
        set.status = answer.status;
        if (answer.replayed) set.headers["idempotent-replayed"] = "true";
        return answer.body;
      },
      { auth: "approved", body: CreatePinSchema },
    )
    .post(
      "/bulk",
      async ({ caller, body, headers, set }) => {
        const answer = await service.createPinsOnce(
          deps,
          caller.user,
          body,
          headers["idempotency-key"] ?? null,
        );
        set.status = answer.status;
        if (answer.replayed) set.headers["idempotent-replayed"] = "true";
        return answer.body;
      },
      { auth: "approved", body: BulkCreateSchema },
    )
    .delete(
      "/bulk",
      async ({ caller, body, set }) => {
        await service.deletePins(deps, caller.user, body.pin_ids);
        set.status = 204;
      },
      { auth: "approved", body: PinIdsSchema },
    )
    .put(
      "/bulk/status",
      ({ caller, body }) => service.setPinsStatus(deps, caller.user, body.pin_ids, body.status),
      {
        auth: "approved",
        body: BulkStatusSchema,
      },
    )
    .put(
      "/bulk/schedule",
      ({ caller, body }) => service.schedulePins(deps, caller.user, body.pin_ids, body.scheduled_at),
      { auth: "approved", body: BulkScheduleSchema },
    )
    .put("/reorder", ({ caller, body }) => service.reorderPins(deps, caller.user, body.pin_ids), {
      auth: "approved",
      body: PinIdsSchema,
    })
    .get("/calendar", ({ caller, query }) => service.calendar(deps, caller.user, query), {
      auth: "approved",
      query: CalendarQuery,
    })
    .get(
      "/:id",
      async ({ caller, params }) => service.toPinDto(await service.getPin(deps, caller.user, params.id)),
      {
        auth: "approved",
        params: IdParams,
      },
    )
    .put("/:id", ({ caller, params, body }) => service.updatePin(deps, caller.user, params.id, body), {
      auth: "approved",
      params: IdParams,
      body: UpdatePinSchema,
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deletePin(deps, caller.user, params.id);
        set.status = 204;
      },
      { auth: "approved", params: IdParams },
    );
