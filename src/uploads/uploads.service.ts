/**
 * Image uploads: recognised by their bytes (never the name or declared type), stored under a random name
 * in the upload storage (`deps.storage`: <data-dir>/uploads, or the S3 bucket of PINFLOW_S3_BUCKET; either
 * makes a name appear only once its whole file is there), recorded in the media library, and served
 * publicly through PinFlow because Pinterest and the pin preview must be able to fetch them.
 *
 * A pin uses an upload when its media_url (or, for a video pin, its cover_image_url) points at the file (any
 * host: see uploadNameOf) and both belong to the same user. Each user's uploads are capped at PINFLOW_UPLOAD_QUOTA_MB. An upload can be deleted
 * unless a pin that is not yet published uses it; the daily clean-up stamps `last_used_at` on every upload
 * a pin uses and removes those no pin has referenced for 30 days. Removing one deletes its row first (so
 * it is no longer served) and then its file. A file is written before its row (never inside the
 * database transaction: a bucket is a network away), and removed again when the row is refused.
 */
import { publicLink } from "../config";
import type { Upload } from "../db/schema";
import { lockUserRow } from "../db/sql";
import type { Deps } from "../deps";
import { AppError } from "../http/errors";
import { toApiTime } from "../shared/time";
import type { StoredObject } from "../storage/storage";
import {
  fileRefused,
  storageUnavailable,
  uploadInUse,
  uploadNotFound,
  uploadQuotaExceeded,
  uploadTooLarge,
} from "./uploads.errors";
import * as repo from "./uploads.repo";
import type { UploadedFileDto } from "./uploads.schema";
import { checkImageSize, sniffImage } from "./uploads.sniff";

type UploadDeps = Pick<Deps, "db" | "clock" | "ids" | "config" | "storage" | "log">;
type CleanupDeps = UploadDeps;

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOAD_PATH = "/static/uploads/";
/** An upload no pin has referenced for this long is removed by the daily clean-up. */
export const UNUSED_UPLOAD_TTL_MS = 30 * 86_400_000;
const NAME_PATTERN = /^[0-9a-f]{32}\.(jpg|png|gif|webp|avif|mp4|mov)$/;
const VIDEO_NAME = /\.(mp4|mov)$/;

export const uploadUrl = (deps: Pick<Deps, "config">, fileName: string) =>
  publicLink(deps.config, `${UPLOAD_PATH}${fileName}`);

export const quotaBytes = (deps: Pick<Deps, "config">) => deps.config.uploadQuotaMb * 1024 * 1024;

export async function storeUpload(
  deps: UploadDeps,
  userId: number,
  file: File,
): Promise<{ url: string; upload: Upload }> {
  if (file.size > MAX_UPLOAD_BYTES) throw uploadTooLarge();
  if (file.size === 0) throw fileRefused("The file is empty");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const image = sniffImage(bytes);
  if (!image) throw fileRefused("The file is not a JPEG, PNG, GIF, WebP or AVIF image");
  const tooBig = checkImageSize(image);
  if (tooBig) throw fileRefused(tooBig);

  const fileName = `${deps.ids.hex(16)}.${image.ext}`;
  const now = deps.clock.now();
  // A file already over the quota is refused before it is written anywhere.
  const usedBefore = await repo.usedBytes(deps.db, userId);
  if (usedBefore + bytes.length > quotaBytes(deps)) {
    throw uploadQuotaExceeded(usedBefore, quotaBytes(deps), bytes.length);
  }
  await storing(deps, "write an image", () => deps.storage.put(fileName, bytes, image.type));
  try {
    // The quota check and the insert share a transaction: two uploads at once cannot both squeeze in (on
    // PostgreSQL the user's row is locked first, so another process's upload waits and counts this one).
    const upload = await deps.db.transaction().execute(async (trx) => {
      await lockUserRow(trx, userId);
      const used = await repo.usedBytes(trx, userId);
      if (used + bytes.length > quotaBytes(deps)) {
        throw uploadQuotaExceeded(used, quotaBytes(deps), bytes.length);
      }
      return repo.insertUpload(trx, {
        user_id: userId,
        file_name: fileName,
        content_type: image.type,
        size_bytes: bytes.length,
        original_name: file.name ? file.name.slice(0, 255) : null,
        created_at: now,
        last_used_at: now,
      });
    });
    return { url: uploadUrl(deps, fileName), upload };
  } catch (err) {
    await deps.storage.delete(fileName).catch(() => {});
    throw err;
  }
}

/** How long a presigned redirect (PINFLOW_S3_SERVE=redirect) lets the bucket serve an upload. */
export const PRESIGNED_SECONDS = 3600;

export type ServedUpload =
  | { upload: Upload; object: StoredObject }
  | { upload: Upload; redirect: string; maxAgeSeconds: number };

/**
 * What GET /static/uploads/<name> answers with: the stored file (streamed through PinFlow), or — with
 * PINFLOW_S3_SERVE=redirect — a presigned bucket URL; null when the name is no upload or its file is gone.
 */
export async function serveUpload(deps: UploadDeps, fileName: string): Promise<ServedUpload | null> {
  const upload = await findServedUpload(deps, fileName);
  if (!upload) return null;
  const { presign } = deps.storage;
  if (deps.config.s3?.serve === "redirect" && presign) {
    // a tenth of the URL's life is left for the client that cached the redirect to use it
    return {
      upload,
      redirect: presign(upload.file_name, PRESIGNED_SECONDS),
      maxAgeSeconds: PRESIGNED_SECONDS * 0.9,
    };
  }
  const object = await storing(deps, "read an upload", () => deps.storage.get(upload.file_name));
  return object ? { upload, object } : null;
}

/** Runs a storage operation; its failure is logged and answered 503 (uploads.storage_unavailable). */
export async function storing<T>(
  deps: Pick<Deps, "storage" | "log">,
  what: string,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof AppError) throw err;
    deps.log.error(`the upload storage failed to ${what}`, { storage: deps.storage.where, err });
    throw storageUnavailable();
  }
}

/** The upload a served file name refers to, or null (only names PinFlow made, never a path). */
async function findServedUpload(deps: UploadDeps, fileName: string) {
  if (!NAME_PATTERN.test(fileName)) return null;
  return (await repo.findUploadByName(deps.db, fileName)) ?? null;
}

/**
 * The upload file name a media URL points at, whatever host and base path it was written with
 * (…/pinflow/static/uploads/<name> too); null for anything else. Names are random: one is never guessed.
 */
export function uploadNameOf(mediaUrl: string): string | null {
  // most media URLs are elsewhere: no need to parse them (this runs for every pin of every answer)
  if (!mediaUrl.includes(UPLOAD_PATH) || !URL.canParse(mediaUrl)) return null;
  const { pathname } = new URL(mediaUrl);
  const at = pathname.indexOf(UPLOAD_PATH);
  if (at === -1) return null;
  const name = pathname.slice(at + UPLOAD_PATH.length);
  return NAME_PATTERN.test(name) ? name : null;
}

/** True when a media URL points at an uploaded video (by its name: the bytes decided it at upload). */
export function isVideoUrl(mediaUrl: string): boolean {
  const name = uploadNameOf(mediaUrl);
  return name !== null && VIDEO_NAME.test(name);
}

/** When `mediaUrl` is one of this user's uploads (whatever host it was written with), that upload. */
export async function ownUpload(
  deps: Pick<Deps, "db">,
  userId: number,
  mediaUrl: string,
): Promise<Upload | null> {
  const name = uploadNameOf(mediaUrl);
  if (!name) return null;
  const upload = await repo.findUploadByName(deps.db, name);
  return upload && upload.user_id === userId ? upload : null;
}

type PinMedia = Awaited<ReturnType<typeof repo.listPinMedia>>[number];

/** A user's pins grouped by the upload (file name) their media_url — or a video's cover — points at. */
function pinsByUpload(pins: PinMedia[]): Map<string, PinMedia[]> {
  const byName = new Map<string, PinMedia[]>();
  for (const pin of pins) {
    for (const url of [pin.media_url, pin.cover_image_url]) {
      const name = url ? uploadNameOf(url) : null;
      if (name) byName.set(name, [...(byName.get(name) ?? []), pin]);
    }
  }
  return byName;
}

/** The caller's media library, newest first, with the pins that use each upload. */
export async function listUploads(deps: UploadDeps, userId: number): Promise<UploadedFileDto[]> {
  const [uploads, pins] = await Promise.all([
    repo.listUserUploads(deps.db, userId),
    repo.listPinMedia(deps.db, userId),
  ]);
  const using = pinsByUpload(pins);
  return uploads.map((u) => ({
    id: u.id,
    url: uploadUrl(deps, u.file_name),
    content_type: u.content_type,
    size_bytes: u.size_bytes,
    original_name: u.original_name,
    created_at: toApiTime(u.created_at),
    last_used_at: toApiTime(u.last_used_at),
    pin_ids: (using.get(u.file_name) ?? []).map((p) => p.id),
  }));
}

/**
 * Deletes one of the caller's uploads (404 for anyone else's), refused with 409 while a pin that is not yet
 * published uses it. Check and delete share a transaction, so no pin can start using it in between.
 */
export async function deleteUpload(deps: CleanupDeps, userId: number, id: number): Promise<void> {
  const removed = await deps.db.transaction().execute(async (trx) => {
    const upload = await repo.findUserUpload(trx, userId, id);
    if (!upload) throw uploadNotFound();
    const using = pinsByUpload(await repo.listPinMedia(trx, userId)).get(upload.file_name) ?? [];
    const waiting = using.filter((p) => p.status !== "published").map((p) => p.id);
    if (waiting.length > 0) throw uploadInUse(waiting);
    return repo.deleteUpload(trx, upload.id);
  });
  if (removed) await removeFile(deps, removed);
}

/**
 * The daily clean-up: every upload a pin uses is stamped as used now; uploads no pin has referenced for
 * UNUSED_UPLOAD_TTL_MS are removed (row, then file). One user at a time, each in its own transaction.
 */
export async function removeUnusedUploads(deps: CleanupDeps): Promise<{ stamped: number; removed: number }> {
  const now = deps.clock.now();
  let stamped = 0;
  let removed = 0;
  for (const userId of await repo.listUploaderIds(deps.db)) {
    const gone = await deps.db.transaction().execute(async (trx) => {
      const used = pinsByUpload(await repo.listPinMedia(trx, userId));
      const uploads = await repo.listUserUploads(trx, userId);
      const inUse = uploads.filter((u) => used.has(u.file_name));
      await repo.touchUploads(
        trx,
        inUse.map((u) => u.id),
        now,
      );
      stamped += inUse.length;
      const stale = uploads.filter(
        (u) => !used.has(u.file_name) && u.last_used_at < now - UNUSED_UPLOAD_TTL_MS,
      );
      for (const u of stale) await repo.deleteUpload(trx, u.id);
      return stale;
    });
    for (const upload of gone) await removeFile(deps, upload);
    removed += gone.length;
  }
  if (removed > 0) deps.log.info("removed unused uploads", { count: removed });
  return { stamped, removed };
}

/** After its row is gone: the file itself. A file already missing is fine; any other failure is logged. */
async function removeFile(deps: CleanupDeps, upload: Upload) {
  try {
    await deps.storage.delete(upload.file_name);
  } catch (err) {
    deps.log.warn("could not remove an upload's file", { upload_id: upload.id, err });
  }
}
