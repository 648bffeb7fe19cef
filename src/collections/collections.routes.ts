import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { IdParam, IdParams } from "../shared/schema";
import { AddPinSchema, CollectionName } from "./collections.schema";
import * as service from "./collections.service";

const PinParams = v.object({ id: IdParam, pin_id: IdParam });

export const collectionsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "collections", prefix: "/collections" })
    .use(auth)
    .get("/", ({ caller }) => service.listCollections(deps, caller.user.id), { auth: "approved" })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createCollection(deps, caller.user.id, body.name);
      },
      { auth: "approved", body: CollectionName },
    )
    .get("/:id", ({ caller, params }) => service.getCollection(deps, caller.user.id, params.id), {
      auth: "approved",
      params: IdParams,
    })
    .put(
      "/:id",
      ({ caller, params, body }) => service.renameCollection(deps, caller.user.id, params.id, body.name),
      {
        auth: "approved",
        params: IdParams,
        body: CollectionName,
      },
    )
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deleteCollection(deps, caller.user.id, params.id);
        set.status = 204;
      },
      { auth: "approved", params: IdParams },
    )
    .post(
      "/:id/pins",
      async ({ caller, params, body, set }) => {
        await service.addPin(deps, caller.user.id, params.id, body.pin_id);
        set.status = 204;
      },
      { auth: "approved", params: IdParams, body: AddPinSchema },
    )
    .delete(
      "/:id/pins/:pin_id",
      async ({ caller, params, set }) => {
        await service.removePin(deps, caller.user.id, params.id, params.pin_id);
        set.status = 204;
      },
      { auth: "approved", params: PinParams },
    );
