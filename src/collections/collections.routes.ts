import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { NoContent, responses } from "../http/responses";
import { IdParam, IdParams } from "../shared/schema";
import { AddPinSchema, CollectionDetailSchema, CollectionName, CollectionSchema } from "./collections.schema";
import * as service from "./collections.service";

const PinParams = v.object({ id: IdParam, pin_id: IdParam });
const tags = ["Collections"];

export const collectionsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "collections", prefix: "/collections" })
    .use(auth)
    .get("/", ({ caller }) => service.listCollections(deps, caller.user.id), {
      auth: "approved",
      detail: { summary: "List collections", tags },
      response: responses({ 200: v.array(CollectionSchema) }, 401, 403, 429),
    })
    .post(
      "/",
      async ({ caller, body, set }) => {
        set.status = 201;
        return service.createCollection(deps, caller.user.id, body.name);
      },
      {
        auth: "approved",
        body: CollectionName,
        detail: { summary: "Create a collection", tags },
        response: responses({ 201: CollectionSchema }, 401, 403, 422, 429),
      },
    )
    .get("/:id", ({ caller, params }) => service.getCollection(deps, caller.user.id, params.id), {
      auth: "approved",
      params: IdParams,
      detail: { summary: "Collection detail including pin IDs", tags },
      response: responses({ 200: CollectionDetailSchema }, 401, 403, 404, 422, 429),
    })
    .put(
      "/:id",
      ({ caller, params, body }) => service.renameCollection(deps, caller.user.id, params.id, body.name),
      {
        auth: "approved",
        params: IdParams,
        body: CollectionName,
        detail: { summary: "Rename a collection", tags },
        response: responses({ 200: CollectionSchema }, 401, 403, 404, 422, 429),
      },
    )
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deleteCollection(deps, caller.user.id, params.id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: { summary: "Remove a collection", tags, description: "The pins in it are NOT deleted." },
        response: responses({ 204: NoContent }, 401, 403, 404, 422, 429),
      },
    )
    .post(
      "/:id/pins",
      async ({ caller, params, body, set }) => {
        await service.addPin(deps, caller.user.id, params.id, body.pin_id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        body: AddPinSchema,
        detail: {
          summary: "Add a pin to a collection",
          tags,
          description: "Idempotent: adding a pin that is already there changes nothing.",
        },
        response: responses({ 204: NoContent }, 401, 403, 404, 422, 429),
      },
    )
    .delete(
      "/:id/pins/:pin_id",
      async ({ caller, params, set }) => {
        await service.removePin(deps, caller.user.id, params.id, params.pin_id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: PinParams,
        detail: { summary: "Remove a pin from a collection", tags },
        response: responses({ 204: NoContent }, 401, 403, 404, 422, 429),
      },
    );
