/**
 * Video uploads (POST /pins/upload-video): the multipart body is read as a stream and written to a temporary
 * file under <data-dir>/uploads as it arrives — never held whole in memory —, refused as soon as it passes
 * PINFLOW_MAX_VIDEO_MB or its first bytes are not an MP4/MOV, then fsynced and renamed into place with a
 * random name, like an image. Its duration and picture size are read from the container's boxes (nothing is
 * decoded) for the pre-flight. Videos count in the user's upload quota.
 */
import { mkdirSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Deps } from "../deps";
import { boundaryOf, MultipartError, readMultipart } from "../shared/multipart";
import type { StreamedBody } from "../shared/schema";
import { readVideoInfo, sniffVideo } from "../shared/video";
import { fileRefused, uploadQuotaExceeded, videoTooLarge } from "./uploads.errors";
import * as repo from "./uploads.repo";
import type { VideoUploadDto } from "./uploads.schema";
import { quotaBytes, uploadsDir, uploadUrl } from "./uploads.service";

type UploadDeps = Pick<Deps, "db" | "clock" | "ids" | "config">;

/** Multipart framing around the file: its headers and boundaries. */
export const VIDEO_FORM_OVERHEAD = 64 * 1024;
/** The bytes a video's type is judged from (its `ftyp` box is at the start, and short). */
const SNIFF_BYTES = 4096;

export const maxVideoBytes = (deps: Pick<Deps, "config">) => deps.config.maxVideoMb * 1024 * 1024;

/** Stops the multipart reader from inside a sink with an AppError of ours. */
class Refused extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

export async function storeVideoUpload(
  deps: UploadDeps,
  userId: number,
  body: StreamedBody,
): Promise<VideoUploadDto> {
  const max = maxVideoBytes(deps);
  if (body.declaredLength !== null && body.declaredLength > max + VIDEO_FORM_OVERHEAD) {
    throw videoTooLarge(deps.config.maxVideoMb);
  }
  const boundary = boundaryOf(body.contentType);
  if (!boundary || !body.stream)
    throw fileRefused("Send the video as multipart/form-data in the field `file`");
  // A declared size already over the quota is refused before a byte is written.
  const used = await repo.usedBytes(deps.db, userId);
  if (body.declaredLength !== null && used + body.declaredLength - VIDEO_FORM_OVERHEAD > quotaBytes(deps)) {
    throw uploadQuotaExceeded(used, quotaBytes(deps), Math.max(0, body.declaredLength - VIDEO_FORM_OVERHEAD));
  }

  const dir = uploadsDir(deps);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `${deps.ids.hex(16)}.incoming`);
  const handle = await open(tmp, "wx+", 0o644);
  let size = 0;
  let files = 0;
  let originalName: string | null = null;
  let head = new Uint8Array(0);
  let kind: ReturnType<typeof sniffVideo> = null;
  try {
    try {
      await readMultipart(
        body.stream,
        boundary,
        {
          file: (info) => {
            if (info.name !== "file") return null;
            files += 1;
            if (files > 1) throw new Refused(fileRefused("Send one video per request"));
            originalName = info.filename ? info.filename.slice(0, 255) : null;
            return {
              write: async (chunk) => {
                size += chunk.length;
                if (size > max) throw new Refused(videoTooLarge(deps.config.maxVideoMb));
                if (kind === null) {
                  const joined = new Uint8Array(head.length + chunk.length);
                  joined.set(head);
                  joined.set(chunk, head.length);
                  head = joined.subarray(0, Math.max(SNIFF_BYTES, head.length));
                  if (joined.length >= SNIFF_BYTES) {
                    kind = sniffVideo(joined);
                    if (!kind) throw new Refused(fileRefused("The file is not an MP4 or MOV video"));
                  }
                }
                await handle.write(chunk);
              },
            };
          },
        },
        { maxParts: 16 },
      );
    } catch (err) {
      if (err instanceof Refused) throw err.error;
      if (err instanceof MultipartError) throw fileRefused(`The upload is not a valid form: ${err.message}`);
      throw err;
    }
    if (files === 0) throw fileRefused("Field required");
    if (size === 0) throw fileRefused("The file is empty");
    kind ??= sniffVideo(head);
    if (!kind) throw fileRefused("The file is not an MP4 or MOV video");
    await handle.sync();
    const info = await readVideoInfo(async (offset, length) => {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    }, size);
    if (!info) throw fileRefused("The video has no readable header (moov box): it may be cut short");
    await handle.close();

    const video = kind;
    const fileName = `${deps.ids.hex(16)}.${video.ext}`;
    const now = deps.clock.now();
    // The quota check and the insert share a transaction: two uploads at once cannot both squeeze in.
    await deps.db.transaction().execute(async (trx) => {
      const usedNow = await repo.usedBytes(trx, userId);
      if (usedNow + size > quotaBytes(deps)) throw uploadQuotaExceeded(usedNow, quotaBytes(deps), size);
      const row = repo.insertUpload(trx, {
        user_id: userId,
        file_name: fileName,
        content_type: video.type,
        size_bytes: size,
        original_name: originalName,
        created_at: now,
        last_used_at: now,
        duration_ms: info.durationMs,
        width: info.width,
        height: info.height,
      });
      await row;
      // last: a rename that fails rolls the row back
      await rename(tmp, join(dir, fileName));
    });
    return {
      url: uploadUrl(deps, fileName),
      content_type: video.type,
      size_bytes: size,
      duration_ms: info.durationMs,
      width: info.width,
      height: info.height,
    };
  } finally {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
  }
}
