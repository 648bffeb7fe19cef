import { AppError, conflict } from "../http/errors";

export const uploadTooLarge = () =>
  new AppError(413, "File too large: the limit is 10 MB.", "uploads.too_large");

/** 12 KB, 3.4 MB, 1024 MB */
const mb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;

export const uploadQuotaExceeded = (usedBytes: number, quotaBytes: number, fileBytes: number) =>
  new AppError(
    413,
    `Upload quota exceeded: your uploads use ${mb(usedBytes)} of your ${mb(quotaBytes)}, and this file needs ${mb(fileBytes)}. Delete uploads you no longer need (GET /uploads lists them, DELETE /uploads/{id} removes one).`,
    "uploads.quota_exceeded",
  );

export const uploadInUse = (pinIds: number[]) =>
  conflict(
    `This upload is the image of ${pinIds.length === 1 ? "pin" : "pins"} ${pinIds.join(", ")}, not yet published: delete ${pinIds.length === 1 ? "that pin" : "those pins"} or give ${pinIds.length === 1 ? "it" : "them"} another image first.`,
  );
