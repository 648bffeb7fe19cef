/**
 * Video uploads (POST /pins/upload-video): the multipart body is read as a stream and written to the upload
 * storage as it arrives (`deps.storage.writer`: a temporary file in the upload folder, or 5 MB parts of an
 * S3 multipart upload) — never held whole in memory —, refused as soon as it passes PINFLOW_MAX_VIDEO_MB or
 * its first bytes are not an MP4/MOV. The finished file appears under a random name, like an image; its
 * duration and picture size are then read from the container's boxes (ranged reads, nothing is decoded) for
 * the pre-flight, and its row is written. A video refused after that (no readable header, over the quota) is
 * deleted again: without a row a file is never served. Videos count in the user's upload quota.
 */
import { lockUserRow } from "../db/sql";
import type { Deps } from "../deps";
import { boundaryOf, MultipartError, readMultipart } from "../shared/multipart";
import type { StreamedBody } from "../shared/schema";
import { readVideoInfo, sniffVideo } from "../shared/video";
import type { StorageWriter } from "../storage/storage";
import { fileRefused, uploadQuotaExceeded, videoTooLarge } from "./uploads.errors";
import * as repo from "./uploads.repo";
import type { VideoUploadDto } from "./uploads.schema";
import { quotaBytes, storing, uploadUrl } from "./uploads.service";

type UploadDeps = Pick<Deps, "db" | "clock" | "ids" | "config" | "storage" | "log">;

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

  const file = new IncomingVideo(deps);
  let files = 0;
  let originalName: string | null = null;
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
            return { write: (chunk) => file.write(chunk, max) };
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
    if (file.size === 0) throw fileRefused("The file is empty");
    const { name, video, size } = await file.finish();
    const info = await storing(deps, "read a video's header", () =>
      readVideoInfo((offset, length) => deps.storage.read(name, offset, length), size),
    );
    if (!info) throw fileRefused("The video has no readable header (moov box): it may be cut short");

    const now = deps.clock.now();
    // The quota check and the insert share a transaction: two uploads at once cannot both squeeze in (on
    // PostgreSQL the user's row is locked first, so another process's upload waits and counts this one).
    await deps.db.transaction().execute(async (trx) => {
      await lockUserRow(trx, userId);
      const usedNow = await repo.usedBytes(trx, userId);
      if (usedNow + size > quotaBytes(deps)) throw uploadQuotaExceeded(usedNow, quotaBytes(deps), size);
      await repo.insertUpload(trx, {
        user_id: userId,
        file_name: name,
        content_type: video.type,
        size_bytes: size,
        original_name: originalName,
        created_at: now,
        last_used_at: now,
        duration_ms: info.durationMs,
        width: info.width,
        height: info.height,
      });
    });
    file.keep();
    return {
      url: uploadUrl(deps, name),
      content_type: video.type,
      size_bytes: size,
      duration_ms: info.durationMs,
      width: info.width,
      height: info.height,
    };
  } finally {
    await file.discard();
  }
}

type Video = NonNullable<ReturnType<typeof sniffVideo>>;

/**
 * One video on its way into the storage: its first bytes are held until they say which video it is (the
 * name carries the extension), then everything goes to the storage's writer as it arrives. Unless kept, it
 * is removed at the end: the unfinished write given up, or the finished file deleted.
 */
class IncomingVideo {
  size = 0;
  private head = new Uint8Array(0);
  private video: Video | null = null;
  private name: string | null = null;
  private sink: StorageWriter | null = null;
  private state: "reading" | "writing" | "finished" | "kept" = "reading";

  constructor(private readonly deps: UploadDeps) {}

  async write(chunk: Uint8Array, max: number) {
    this.size += chunk.length;
    if (this.size > max) throw new Refused(videoTooLarge(this.deps.config.maxVideoMb));
    const sink = this.sink;
    if (sink) return storing(this.deps, "write a video", () => sink.write(chunk));
    const joined = new Uint8Array(this.head.length + chunk.length);
    joined.set(this.head);
    joined.set(chunk, this.head.length);
    this.head = joined;
    if (joined.length >= SNIFF_BYTES) await this.start();
  }

  /** The writer, once the held bytes are judged (a file shorter than SNIFF_BYTES is judged at its end). */
  private async start() {
    const video = sniffVideo(this.head);
    if (!video) throw new Refused(fileRefused("The file is not an MP4 or MOV video"));
    this.video = video;
    this.name = `${this.deps.ids.hex(16)}.${video.ext}`;
    const name = this.name;
    const sink = await storing(this.deps, "start a video", () => this.deps.storage.writer(name, video.type));
    this.sink = sink;
    this.state = "writing";
    const held = this.head;
    this.head = new Uint8Array(0);
    await storing(this.deps, "write a video", () => sink.write(held));
  }

  /** Finishes the write: the file now exists under its name. */
  async finish(): Promise<{ name: string; video: Video; size: number }> {
    if (!this.sink) {
      try {
        await this.start();
      } catch (err) {
        throw err instanceof Refused ? err.error : err;
      }
    }
    const sink = this.sink as StorageWriter;
    await storing(this.deps, "finish a video", () => sink.close());
    this.state = "finished";
    return { name: this.name as string, video: this.video as Video, size: this.size };
  }

  /** Its row is in: the file stays. */
  keep() {
    this.state = "kept";
  }

  async discard() {
    if (this.state === "writing") await this.sink?.abort();
    if (this.state === "finished" && this.name) await this.deps.storage.delete(this.name).catch(() => {});
  }
}
