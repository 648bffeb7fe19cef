/**
 * Video uploads, as Pinterest runs them (spec: POST /v5/media, GET /v5/media/{media_id}; the upload itself is
 * a plain S3 "POST Object" form upload, outside the API):
 *
 * 1. POST /v5/media {"media_type": "video"} registers an upload: the answer carries `upload_url` and the
 *    `upload_parameters` (key, policy, x-amz-*, Content-Type) to send with the file. Status: registered.
 * 2. The client POSTs multipart/form-data to `upload_url` with every parameter, unchanged, and the file last
 *    (S3's rule). The emulator's upload URL is `<base>/media-upload/` on its own port (or in-process). It
 *    answers like S3: 204 when stored; 403 AccessDenied (XML) for a missing or altered parameter or an
 *    expired policy; 400 for a body that is not a form with a file; 411 without a Content-Length.
 *    The bytes are read as a stream and not kept: only their size, type and duration are.
 * 3. GET /v5/media/{media_id}: processing for the knob `videoProcessingMs` (by the emulator's clock) after
 *    the upload, then succeeded — or failed when the bytes are not an MP4/MOV, or `failVideoProcessing` said
 *    so. The spec's Media has no field for why; neither does this answer.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Clock } from "../../shared/clock";
import { boundaryOf, MultipartError, readMultipart } from "../../shared/multipart";
import { readVideoInfoFromBytes, sniffVideo } from "../../shared/video";
import { PINTEREST_VIDEO_LIMITS } from "../pinterest.limits";
import type { FaultEngine } from "./emulator.faults";
import { type Answer, invalidParameters, json, pinterestError } from "./emulator.http";
import type { DemoAccount } from "./emulator.seed";
import type { MediaRecord, Store } from "./emulator.state";

export const MEDIA_UPLOAD_PATH = "/media-upload/";
/** How long an upload's parameters stay good: the emulator's choice (S3 policies carry an expiration). */
export const UPLOAD_POLICY_MS = 60 * 60_000;
/** Bytes of an upload read for its type and boxes (a fast-start file's moov is near the start). */
const HEAD_BYTES = 4 * 1024 * 1024;
/** The largest video Pinterest takes (pinterest.limits.ts). */
export const MAX_VIDEO_BYTES = PINTEREST_VIDEO_LIMITS.maxBytes;

const SIGNING_KEY = randomBytes(32);
const sign = (text: string) => createHmac("sha256", SIGNING_KEY).update(text).digest("hex");

const mediaId = (seq: number) => `${String(5_212_123_920_968_240 + seq)}`;

export function findMedia(store: Store, id: string): MediaRecord | undefined {
  return store.uploads.get(id);
}

export type EmulatedMediaStatus = "registered" | "processing" | "succeeded" | "failed";

export function mediaStatus(record: MediaRecord, now: number): EmulatedMediaStatus {
  if (record.uploadedAt === null || record.outcome === null) return "registered";
  if (now < record.uploadedAt + record.processingMs) return "processing";
  return record.outcome;
}

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

/** POST /v5/media. */
export function registerMedia(
  ctx: { store: Store; clock: Clock; baseUrl: string },
  account: DemoAccount,
  body: unknown,
): Answer {
  const type = (body as { media_type?: unknown } | null)?.media_type;
  if (type === undefined) return invalidParameters("'media_type' is a required property");
  if (type !== "video")
    return invalidParameters(`${JSON.stringify(type)} is not one of ['video'] - 'media_type'`);
  const now = ctx.clock.now();
  const record = ctx.store.change((tx) => {
    const upload = newUpload(mediaId(tx.nextSeq("upload")), account, now);
    tx.put("uploads", upload.id, upload);
    return upload;
  });
  return json(201, {
    media_id: record.id,
    media_type: "video",
    upload_url: `${ctx.baseUrl}${MEDIA_UPLOAD_PATH}`,
    upload_parameters: record.parameters,
  });
}

/** A registered upload, with the S3-style parameters its bytes must come with. */
function newUpload(id: string, account: DemoAccount, now: number): MediaRecord {
  const expiresAt = now + UPLOAD_POLICY_MS;
  const key = `uploads/${randomBytes(1).toString("hex")}/${randomBytes(1).toString("hex")}/${randomBytes(1).toString("hex")}/${account.id.slice(-1)}:video:${account.id}:${id}`;
  const policy = Buffer.from(
    JSON.stringify({ expiration: new Date(expiresAt).toISOString(), conditions: [{ key }] }),
  ).toString("base64");
  const parameters: Record<string, string> = {
    "x-amz-date": amzDate(now),
    "x-amz-signature": sign(policy),
    "x-amz-security-token": randomBytes(24).toString("base64"),
    "x-amz-algorithm": "AWS4-HMAC-SHA256",
    key,
    policy,
    "x-amz-credential": `EMULATOR${randomBytes(6).toString("hex").toUpperCase()}/${amzDate(now).slice(0, 8)}/us-east-1/s3/aws4_request`,
    "Content-Type": "multipart/form-data",
  };
  return {
    id,
    accountId: account.id,
    parameters,
    registeredAt: now,
    expiresAt,
    uploadedAt: null,
    uploads: 0,
    byteLength: null,
    contentType: null,
    durationMs: null,
    width: null,
    height: null,
    processingMs: 0,
    outcome: null,
  };
}

/** GET /v5/media/{media_id}: only the caller's own uploads are found. */
export function getMedia(store: Store, clock: Clock, account: DemoAccount, id: string): Answer {
  if (!/^\d+$/.test(id)) return invalidParameters(`'${id}' does not match '^\\d+$' - 'media_id'`);
  const record = findMedia(store, id);
  if (!record || record.accountId !== account.id) return pinterestError(404, 404, "Media not found.");
  return json(200, { media_id: record.id, media_type: "video", status: mediaStatus(record, clock.now()) });
}

/** S3's error document. */
const s3Error = (status: number, code: string, message: string): Answer => ({
  status,
  text: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  headers: { "content-type": "application/xml" },
});

/** The upload itself: a form POST to the upload URL (see the header). No Pinterest token is involved. */
export async function receiveUpload(
  ctx: { store: Store; clock: Clock; faults: FaultEngine },
  request: Request,
): Promise<Answer> {
  const boundary = boundaryOf(request.headers.get("content-type"));
  if (!boundary || !request.body) {
    return s3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.");
  }
  const declared = request.headers.get("content-length");
  if (declared === null)
    return s3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
  if (Number(declared) > MAX_VIDEO_BYTES + 64 * 1024) {
    return s3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
  }
  const fields = new Map<string, string>();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let size = 0;
  let files = 0;
  let fieldsAfterFile = false;
  try {
    await readMultipart(
      request.body,
      boundary,
      {
        field: (name, value) => {
          if (files > 0) fieldsAfterFile = true;
          fields.set(name, value);
        },
        file: (info) => {
          files += 1;
          if (info.name !== "file") return null;
          return {
            write: (chunk) => {
              size += chunk.length;
              if (headBytes < HEAD_BYTES) {
                const part = chunk.subarray(0, HEAD_BYTES - headBytes);
                head.push(new Uint8Array(part));
                headBytes += part.length;
              }
            },
          };
        },
      },
      { maxParts: 32 },
    );
  } catch (err) {
    if (err instanceof MultipartError)
      return s3Error(
        400,
        "MalformedPOSTRequest",
        "The body of your POST request is not well-formed multipart/form-data.",
      );
    throw err;
  }
  if (files !== 1 || fieldsAfterFile) {
    // S3 ignores fields after the file; the emulator insists on the order S3 documents.
    return s3Error(
      400,
      "InvalidArgument",
      "POST requires exactly one file upload per request, as the last field.",
    );
  }
  const key = fields.get("key");
  const record = [...ctx.store.uploads.values()].find((m) => m.parameters.key === key);
  if (!record)
    return s3Error(
      403,
      "AccessDenied",
      'Invalid according to Policy: Policy Condition failed: ["eq", "$key"]',
    );
  for (const [name, value] of Object.entries(record.parameters)) {
    if (fields.get(name) !== value) {
      return s3Error(
        403,
        "AccessDenied",
        `Invalid according to Policy: Policy Condition failed: ["eq", "$${name}"]`,
      );
    }
  }
  const now = ctx.clock.now();
  if (now > record.expiresAt)
    return s3Error(403, "AccessDenied", "Invalid according to Policy: Policy expired.");

  const bytes = new Uint8Array(headBytes);
  let at = 0;
  for (const part of head) {
    bytes.set(part, at);
    at += part.length;
  }
  const video = sniffVideo(bytes);
  const info = video ? await readVideoInfoFromBytes(bytes) : null;
  const failed = !video || ctx.faults.takeVideoFailure();
  ctx.store.change((tx) =>
    tx.put("uploads", record.id, {
      ...record,
      uploadedAt: now,
      uploads: record.uploads + 1,
      byteLength: size,
      contentType: video?.type ?? null,
      durationMs: info?.durationMs ?? null,
      width: info?.width ?? null,
      height: info?.height ?? null,
      processingMs: ctx.faults.get().videoProcessingMs,
      outcome: failed ? "failed" : "succeeded",
    }),
  );
  return { status: 204 };
}
