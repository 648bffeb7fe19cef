import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { ERROR_DESCRIPTIONS, NoContent, responses } from "../http/responses";
import type { Answer } from "../idempotency/idempotency.service";
import type { Publisher } from "../publishing/publishing.pool";
import { ErrorSchema, IdParams, ValidationErrorSchema } from "../shared/schema";
import { uploadTooLarge, videoTooLarge } from "../uploads/uploads.errors";
import { UploadBody, UploadResponse, VideoUploadBody, VideoUploadResponse } from "../uploads/uploads.schema";
import { MAX_UPLOAD_BYTES, storeUpload } from "../uploads/uploads.service";
import { maxVideoBytes, storeVideoUpload, VIDEO_FORM_OVERHEAD } from "../uploads/uploads.video";
import { publishNow } from "./pins.publish";
import {
  BulkCreateSchema,
  BulkScheduleSchema,
  BulkStatusSchema,
  CalendarQuery,
  CreatePinSchema,
  ListPinsQuery,
  PinIdsSchema,
  PinSchema,
  SpreadPinSchema,
  UpdatedSchema,
  UpdatePinSchema,
} from "./pins.schema";

const Pins = v.array(PinSchema);
const tags = ["Pins"];
/** A bad Idempotency-Key is a 422 with a plain `detail`; invalid fields are the usual array. */
const CreateInvalid = v.pipe(
  v.union([ValidationErrorSchema, ErrorSchema]),
  v.description(ERROR_DESCRIPTIONS[422]),
);

import * as service from "./pins.service";

/** An idempotent answer keeps its first status; a replay says so in a header. */
function replay<T>(
  set: { status?: number | string; headers: Record<string, unknown> },
  answer: Answer<T>,
): T {
  set.status = answer.status;
  if (answer.replayed) set.headers["idempotent-replayed"] = "true";
  return answer.body;
}

/** Multipart framing adds a little to the file itself. */
const MAX_DECLARED_UPLOAD_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

/** The route that reads its body as a stream and checks its size itself (src/http/limits.ts lets it by). */
export const VIDEO_UPLOAD_ROUTE = "POST /pins/upload-video";

/** Every /pins route, including publish-now (a publishing service) and image upload (an uploads service). */
export const pinsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>, publisher: Publisher) =>
  new Elysia({ name: "pins", prefix: "/pins" })
    .use(auth)
    // Refuse a declared over-size upload before it is read, with a JSON detail (Bun's own limit is a bare 413).
    .onRequest(({ request }) => {
      if (request.method !== "POST") return;
      const declared = Number(request.headers.get("content-length") ?? 0);
      if (request.url.endsWith("/pins/upload-image") && declared > MAX_DECLARED_UPLOAD_BYTES) {
        throw uploadTooLarge();
      }
      if (
        request.url.endsWith("/pins/upload-video") &&
        declared > maxVideoBytes(deps) + VIDEO_FORM_OVERHEAD
      ) {
        throw videoTooLarge(deps.config.maxVideoMb);
      }
    })
    .post(
      "/upload-image",
      async ({ caller, body }) => ({ url: (await storeUpload(deps, caller.user.id, body.file)).url }),
      {
        auth: "approved",
        body: UploadBody,
        detail: {
          summary: "Upload an image",
          tags,
          description: `Send as multipart/form-data; the field name must be \`file\`. Accepted types: JPEG, PNG, GIF, WebP, AVIF (checked from the bytes). Max: 10 MB, and your uploads together at most ${deps.config.uploadQuotaMb} MB (413 beyond either). Use the returned \`url\` as the \`media_url\` when creating a pin.`,
        },
        response: responses({ 200: UploadResponse }, 401, 403, 413, 422, 429, 503),
      },
    )
    .post("/upload-video", ({ caller, body }) => storeVideoUpload(deps, caller.user.id, body.file), {
      auth: "approved",
      body: VideoUploadBody,
      detail: {
        summary: "Upload a video",
        tags,
        description: `Send as multipart/form-data; the field name must be \`file\`. MP4 or MOV (checked from the bytes), up to ${deps.config.maxVideoMb} MB (PINFLOW_MAX_VIDEO_MB), streamed to the upload storage (never held whole); it counts against your upload quota (${deps.config.uploadQuotaMb} MB). Use the returned \`url\` as a pin's \`media_url\`, with a cover: \`cover_image_url\` (an uploaded JPEG or PNG) or \`cover_key_frame_time\`. Pinterest takes videos of 4 seconds to 15 minutes; the pre-flight holds others for review.`,
      },
      response: responses({ 200: VideoUploadResponse }, 401, 403, 413, 415, 422, 429, 503),
    })
    .post(
      "/:id/publish",
      async ({ caller, params, set }) => {
        const { status, pin } = await publishNow(deps, publisher, caller.user, params.id);
        set.status = status;
        return pin;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: {
          summary: "Publish a pin immediately",
          tags,
          description:
            "No body required. Overrides `scheduled_at` and pushes the pin to Pinterest right now; answers with the published pin. A video pin is uploaded first; if Pinterest is still processing it the answer is 202 with the pin back in the queue (`video_status: uploaded`), and it publishes by itself once processing is done. 409 if it is already publishing or published; 502 if Pinterest refused or did not answer (a transient failure leaves the pin queued for an automatic retry).",
        },
        response: responses(
          {
            200: PinSchema,
            202: v.pipe(
              PinSchema,
              v.description("Accepted — the video is uploaded and Pinterest is processing it"),
            ),
          },
          401,
          403,
          404,
          409,
          422,
          429,
          502,
        ),
      },
    )
    .get(
      "/",
      async ({ caller, query, set }) => {
        const { pins, total } = await service.listPins(deps, caller.user, query);
        if (total !== null) set.headers["x-total-count"] = String(total);
        return pins;
      },
      {
        auth: "approved",
        query: ListPinsQuery,
        detail: {
          summary: "List pins with optional filters",
          tags,
          description:
            "Newest first by default (`sort=queue` for the publishing order — by `queue_at` where a profile has posting slots —, `sort=scheduled` by time); `limit` (1-1000, default 100) and `offset` page through them, and with `with_total=true` the `X-Total-Count` header carries the number of matching pins.",
        },
        response: responses({ 200: Pins }, 401, 403, 422, 429),
      },
    )
    .post(
      "/",
      async ({ caller, body, headers, set }) =>
        replay(set, await service.createPinOnce(deps, caller.user, body, headers["idempotency-key"] ?? null)),
      {
        auth: "approved",
        body: CreatePinSchema,
        detail: {
          summary: "Create a pin",
          tags,
          description:
            'Without `scheduled_at` the pin is queued at once; with it, scheduled; `status: "draft"` keeps it a draft. A pin that would certainly fail on Pinterest (too long a title, an unknown board…) is put in `review` with `error_message`. Counts against the daily pin limit and the monthly plan quota (429 when reached). Fires a `pin.created` webhook event. Send an `Idempotency-Key` header to make retries safe.',
        },
        response: responses({ 201: PinSchema, 422: CreateInvalid }, 400, 401, 403, 404, 409, 429),
      },
    )
    .post(
      "/bulk",
      async ({ caller, body, headers, set }) =>
        replay(
          set,
          await service.createPinsOnce(deps, caller.user, body, headers["idempotency-key"] ?? null),
        ),
      {
        auth: "approved",
        body: BulkCreateSchema,
        detail: {
          summary: "Create multiple pins",
          tags,
          description:
            "Each item has the same shape as POST /pins (1-500 items). Requires the Growth plan or higher (403 otherwise); the entire batch is rejected if it exceeds your monthly plan quota.",
        },
        response: responses({ 201: Pins, 422: CreateInvalid }, 400, 401, 403, 404, 409, 429),
      },
    )
    .post(
      "/spread",
      async ({ caller, body, headers, set }) =>
        replay(
          set,
          await service.spreadPinsOnce(deps, caller.user, body, headers["idempotency-key"] ?? null),
        ),
      {
        auth: "approved",
        body: SpreadPinSchema,
        detail: {
          summary: "Spread one pin over several boards",
          tags,
          description:
            "The fields of POST /pins, but `board_ids` (2-10) instead of `board_id`, and `interval_days` (1-90): one scheduled pin per board, each `interval_days` after the previous, the first at `scheduled_at` or, without it, the profile's next free slot (400 when it has no posting schedule). Each counts against the daily limit and the plan quota; all or none.",
        },
        response: responses({ 201: Pins, 422: CreateInvalid }, 400, 401, 403, 404, 409, 415, 429),
      },
    )
    .delete(
      "/bulk",
      async ({ caller, body, set }) => {
        await service.deletePins(deps, caller.user, body.pin_ids);
        set.status = 204;
      },
      {
        auth: "approved",
        body: PinIdsSchema,
        detail: {
          summary: "Delete multiple pins",
          tags,
          description: "Publishing and published pins, and ids that are not yours, are skipped silently.",
        },
        response: responses({ 204: NoContent }, 401, 403, 422, 429),
      },
    )
    .put(
      "/bulk/status",
      ({ caller, body }) => service.setPinsStatus(deps, caller.user, body.pin_ids, body.status),
      {
        auth: "approved",
        body: BulkStatusSchema,
        detail: {
          summary: "Change the status of many pins",
          tags,
          description:
            "`status` is one of draft, review, queued, scheduled (never publishing or published). Pins that cannot take it are skipped; `updated` counts the others.",
        },
        response: responses({ 200: UpdatedSchema }, 401, 403, 422, 429),
      },
    )
    .put(
      "/bulk/schedule",
      ({ caller, body }) => service.schedulePins(deps, caller.user, body.pin_ids, body.scheduled_at),
      {
        auth: "approved",
        body: BulkScheduleSchema,
        detail: {
          summary: "Schedule many pins to the same time",
          tags,
          description: "`scheduled_at` must be in the future; publishing and published pins are skipped.",
        },
        response: responses({ 200: UpdatedSchema }, 400, 401, 403, 422, 429),
      },
    )
    .put("/reorder", ({ caller, body }) => service.reorderPins(deps, caller.user, body.pin_ids), {
      auth: "approved",
      body: PinIdsSchema,
      detail: {
        summary: "Set queue order",
        tags,
        description: "The array position becomes `sort_order`. Pins with lower `sort_order` publish first.",
      },
      response: responses({ 200: UpdatedSchema }, 401, 403, 422, 429),
    })
    .get("/calendar", ({ caller, query }) => service.calendar(deps, caller.user, query), {
      auth: "approved",
      query: CalendarQuery,
      detail: {
        summary: "Scheduled pins for a month",
        tags,
        description: "The month is taken in your timezone (PUT /auth/me).",
      },
      response: responses({ 200: Pins }, 401, 403, 422, 429),
    })
    .get(
      "/:id",
      async ({ caller, params }) => service.pinDto(deps, await service.getPin(deps, caller.user, params.id)),
      {
        auth: "approved",
        params: IdParams,
        detail: { summary: "Get a single pin", tags },
        response: responses({ 200: PinSchema }, 401, 403, 404, 422, 429),
      },
    )
    .put("/:id", ({ caller, params, body }) => service.updatePin(deps, caller.user, params.id, body), {
      auth: "approved",
      params: IdParams,
      body: UpdatePinSchema,
      detail: {
        summary: "Update a pin",
        tags,
        description:
          "All body fields are optional — send only what you want to change. Pins with status publishing or published cannot be updated (409). `status` can be set to draft, review, queued, or scheduled.",
      },
      response: responses({ 200: PinSchema }, 400, 401, 403, 404, 409, 422, 429),
    })
    .delete(
      "/:id",
      async ({ caller, params, set }) => {
        await service.deletePin(deps, caller.user, params.id);
        set.status = 204;
      },
      {
        auth: "approved",
        params: IdParams,
        detail: {
          summary: "Delete a pin",
          tags,
          description: "Pins with status publishing or published cannot be deleted (409).",
        },
        response: responses({ 204: NoContent }, 401, 403, 404, 409, 422, 429),
      },
    );
