import { defineError, defineFieldError } from "../http/errors";

export const uploadTooLarge = defineError(
  "uploads.too_large",
  413,
  () => "File too large: the limit is 10 MB.",
);
export const videoTooLarge = defineError(
  "uploads.video_too_large",
  413,
  (maxMb: number) => `Video too large: the limit is ${maxMb} MB (PINFLOW_MAX_VIDEO_MB).`,
);
export const uploadNotFound = defineError("uploads.not_found", 404, () => "Upload not found");
/** A file that cannot be a pin's image (empty, not an image, too many pixels): the detail says which. */
export const fileRefused = defineFieldError("uploads.file_refused", ["body", "file"], (why: string) => why);

/** 12 KB, 3.4 MB, 1024 MB */
const mb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;

export const uploadQuotaExceeded = defineError(
  "uploads.quota_exceeded",
  413,
  (usedBytes: number, quotaBytes: number, fileBytes: number) =>
    `Upload quota exceeded: your uploads use ${mb(usedBytes)} of your ${mb(quotaBytes)}, and this file needs ${mb(fileBytes)}. Delete uploads you no longer need (GET /uploads lists them, DELETE /uploads/{id} removes one).`,
);

export const uploadInUse = defineError(
  "uploads.in_use",
  409,
  (pinIds: number[]) =>
    `This upload is the image of ${pinIds.length === 1 ? "pin" : "pins"} ${pinIds.join(", ")}, not yet published: delete ${pinIds.length === 1 ? "that pin" : "those pins"} or give ${pinIds.length === 1 ? "it" : "them"} another image first.`,
);

/** The upload folder or bucket failed (a bucket out of reach, a full disk): nothing was kept. */
export const storageUnavailable = defineError(
  "uploads.storage_unavailable",
  503,
  () => "The upload storage could not be reached; nothing was stored. Try again in a moment.",
);
