/**
 * Image uploads: recognised by their bytes (never the name or declared type), stored under a random name
 * in <data-dir>/uploads (written to a temp file, fsynced, then renamed, so a crash never leaves half a
 * file under a real name), recorded in the media library, and served publicly because Pinterest and the
 * pin preview must be able to fetch them.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Upload } from "../db/schema";
import type { Deps } from "../deps";
import { AppError, unprocessable } from "../http/errors";
import * as repo from "./uploads.repo";
import { checkImageSize, sniffImage } from "./uploads.sniff";

type UploadDeps = Pick<Deps, "db" | "clock" | "ids" | "config">;

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOAD_PATH = "/static/uploads/";
const NAME_PATTERN = /^[0-9a-f]{32}\.(jpg|png|gif|webp|avif)$/;

export const uploadTooLarge = () =>
  new AppError(413, "File too large: the limit is 10 MB.", "uploads.too_large");

export const uploadsDir = (deps: Pick<Deps, "config">) => join(deps.config.dataDir, "uploads");
export const uploadUrl = (deps: Pick<Deps, "config">, fileName: string) =>
  `${deps.config.publicUrl}${UPLOAD_PATH}${fileName}`;

export async function storeUpload(
  deps: UploadDeps,
  userId: number,
  file: File,
): Promise<{ url: string; upload: Upload }> {
  if (file.size > MAX_UPLOAD_BYTES) throw uploadTooLarge();
  if (file.size === 0) throw unprocessable(["body", "file"], "The file is empty");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const image = sniffImage(bytes);
  if (!image) throw unprocessable(["body", "file"], "The file is not a JPEG, PNG, GIF, WebP or AVIF image");
  const tooBig = checkImageSize(image);
  if (tooBig) throw unprocessable(["body", "file"], tooBig);

  const fileName = `${deps.ids.hex(16)}.${image.ext}`;
  mkdirSync(uploadsDir(deps), { recursive: true, mode: 0o700 });
  writeDurably(join(uploadsDir(deps), fileName), bytes, deps.ids.hex(8));
  const upload = await repo.insertUpload(deps.db, {
    user_id: userId,
    file_name: fileName,
    content_type: image.type,
    size_bytes: bytes.length,
    original_name: file.name ? file.name.slice(0, 255) : null,
    created_at: deps.clock.now(),
  });
  return { url: uploadUrl(deps, fileName), upload };
}

function writeDurably(target: string, bytes: Uint8Array, tmpSuffix: string) {
  const tmp = `${target}.${tmpSuffix}.tmp`;
  const fd = openSync(tmp, "wx", 0o644);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/** The upload a served file name refers to, or null (never a path outside the uploads folder). */
export async function findServedUpload(deps: UploadDeps, fileName: string) {
  if (!NAME_PATTERN.test(fileName)) return null;
  const upload = await repo.findUploadByName(deps.db, fileName);
  return upload ? { upload, path: join(uploadsDir(deps), upload.file_name) } : null;
}

/** When `mediaUrl` is one of this user's uploads (whatever host it was written with), that upload. */
export async function ownUpload(deps: UploadDeps, userId: number, mediaUrl: string): Promise<Upload | null> {
  if (!URL.canParse(mediaUrl)) return null;
  const { pathname } = new URL(mediaUrl);
  if (!pathname.startsWith(UPLOAD_PATH)) return null;
  const name = pathname.slice(UPLOAD_PATH.length);
  if (!NAME_PATTERN.test(name)) return null;
  const upload = await repo.findUploadByName(deps.db, name);
  return upload && upload.user_id === userId ? upload : null;
}
