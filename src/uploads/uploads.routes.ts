import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { routeNotFound } from "../http/errors";
import { NoContent, responses } from "../http/responses";
import { IdParams } from "../shared/schema";
import { UploadedFileSchema } from "./uploads.schema";
import { deleteUpload, listUploads, serveUpload } from "./uploads.service";

const tags = ["Pins"];

export const uploadsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "uploads" })
    .use(auth)
    .get("/uploads", ({ caller }) => listUploads(deps, caller.user.id), {
      auth: "approved",
      detail: {
        summary: "List your uploads",
        tags,
        description:
          "Your media library, newest first: each upload's URL, type, size, and the ids of your pins using it. Uploads no pin has referenced for 30 days are removed by a daily job.",
      },
      response: responses({ 200: v.array(UploadedFileSchema) }, 401, 403, 429),
    })
    .delete(
      "/uploads/:id",
      async ({ caller, params, set }) => {
        await deleteUpload(deps, caller.user.id, params.id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: {
          summary: "Delete an upload",
          tags,
          description:
            "Removes the file: its URL stops being served and its size no longer counts against your quota. 409 while a pin that is not yet published uses it (published pins keep their copy on Pinterest).",
        },
        response: responses({ 204: NoContent }, 401, 403, 404, 409, 422, 429),
      },
    )
    .get("/static/uploads/:name", async ({ params }) => {
      const served = await serveUpload(deps, params.name);
      if (!served) throw routeNotFound();
      if ("redirect" in served) {
        return new Response(null, {
          status: 302,
          headers: {
            location: served.redirect,
            "cache-control": `private, max-age=${Math.floor(served.maxAgeSeconds)}`,
          },
        });
      }
      return new Response(served.object.body(), {
        headers: {
          "content-type": served.upload.content_type,
          "content-length": String(served.object.size),
          "x-content-type-options": "nosniff",
          "content-security-policy": "default-src 'none'; sandbox",
          "cache-control": "public, max-age=31536000, immutable",
          "content-disposition": "inline",
        },
      });
    });
