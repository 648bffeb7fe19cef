import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { findServedUpload, MAX_UPLOAD_BYTES, storeUpload, uploadTooLarge } from "./uploads.service";

export const UploadBody = v.object({ file: v.file() });
export const UploadResponse = v.object({ url: v.string() });

/** Multipart framing adds a little to the file itself. */
const MAX_DECLARED_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

export const uploadsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "uploads" })
    .use(auth)
    // Refuse a declared over-size body before it is read, with a JSON detail (Bun's own limit is a bare 413).
    .onRequest(({ request }) => {
      if (request.method !== "POST" || !request.url.endsWith("/pins/upload-image")) return;
      if (Number(request.headers.get("content-length") ?? 0) > MAX_DECLARED_BYTES) throw uploadTooLarge();
    })
    .post(
      "/pins/upload-image",
      async ({ caller, body }) => ({ url: (await storeUpload(deps, caller.user.id, body.file)).url }),
      {
        auth: "approved",
        body: UploadBody,
        detail: {
          summary: "Upload an image",
          tags: ["Pins"],
          description:
            "Send as multipart/form-data; the field name must be `file`. Accepted types: JPEG, PNG, GIF, WebP, AVIF (checked from the bytes). Max: 10 MB. Use the returned `url` as the `media_url` when creating a pin.",
        },
        response: responses({ 200: UploadResponse }, 401, 403, 413, 422, 429),
      },
    )
    .get("/static/uploads/:name", async ({ params, set }) => {
      const found = await findServedUpload(deps, params.name);
      const file = found && Bun.file(found.path);
      if (!found || !file || !(await file.exists())) {
        set.status = 404;
        return { detail: "Not Found" };
      }
      return new Response(file, {
        headers: {
          "content-type": found.upload.content_type,
          "x-content-type-options": "nosniff",
          "content-security-policy": "default-src 'none'; sandbox",
          "cache-control": "public, max-age=31536000, immutable",
          "content-disposition": "inline",
        },
      });
    });
