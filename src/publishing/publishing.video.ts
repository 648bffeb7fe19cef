/**
 * A video pin's way to Pinterest, up to its create (docs/publishing.md, "Video pins"; Pinterest's flow in
 * docs/pinterest-api-notes.md §7). Each step's result is stored (pin_videos) before the next step starts, and
 * every write is conditional on the claim the worker holds, so a restart resumes where the last one stopped:
 *
 *   (no row)    POST /v5/media                → registered (media_id, upload URL, sealed form fields)
 *   registered  resumed? GET /v5/media first: bytes already there → uploaded, without a second upload;
 *               else the streamed form upload → uploaded
 *   uploaded    GET /v5/media: succeeded → succeeded; failed → the pin fails; still processing → the pin
 *               waits in its queue until the next look (5 s, 10 s, 20 s, 40 s, then every 60 s, by the
 *               injected clock through the scheduler — never a sleep), at most an hour after the upload
 *   succeeded   ready: POST /v5/pins with media_source video_id and the cover (publishing.service.ts)
 *
 * A row made for another file than the pin's media_url now names, or one whose processing failed, is
 * replaced by a new registration. Nothing here creates a pin, so no step before the create can leave a
 * duplicate on Pinterest; the create itself is guarded like any pin's (reconciliation).
 */
import type { Pin, PinVideo, Profile, Upload } from "../db/schema";
import type { Deps } from "../deps";
import { PinterestError } from "../pinterest/pinterest.errors";
import type { MediaUpload, VideoMediaSource } from "../pinterest/pinterest.schema";
import { withAccessToken } from "../profiles/profiles.tokens";
import { decrypt, encrypt } from "../shared/crypto";
import { ownUpload } from "../uploads/uploads.service";
import { fromStorage, MediaMissingError } from "./publishing.media";
import * as repo from "./publishing.repo";

type VideoDeps = Pick<
  Deps,
  "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "inProcess" | "storage"
>;

/** Waits between looks at a video Pinterest is processing; the last one repeats. */
export const VIDEO_POLL_DELAYS_MS = [5_000, 10_000, 20_000, 40_000, 60_000] as const;
/** A video still processing this long after its upload fails the pin. */
export const MAX_VIDEO_PROCESSING_MS = 60 * 60_000;

export const isVideoUpload = (upload: Upload | null): upload is Upload =>
  upload !== null && (upload.content_type === "video/mp4" || upload.content_type === "video/quicktime");

/** What the video steps came to: create the pin now, wait for Pinterest, or give up. */
export type VideoStep =
  | { kind: "ready"; mediaSource: VideoMediaSource }
  | { kind: "wait"; until: number; polls: number }
  | { kind: "failed"; error: string }
  /** The claim was lost (the pin was reconciled or taken by another worker): do nothing more. */
  | { kind: "lost" };

/** A failure of a step before the create: it cannot have made a pin, so it is never "ambiguous". */
export class VideoStepError extends Error {
  constructor(readonly failure: PinterestError) {
    super(failure.message);
    this.name = "VideoStepError";
  }
}

/** The user's video upload a pin's media_url points at, or null for an image pin. */
export async function videoOf(deps: VideoDeps, pin: Pin): Promise<Upload | null> {
  const upload = await ownUpload(deps, pin.user_id, pin.media_url);
  return isVideoUpload(upload) ? upload : null;
}

const sealAad = (pinId: number) => `pin_video:${pinId}:upload_parameters`;

function uploadFormOf(
  deps: VideoDeps,
  row: PinVideo,
): Pick<MediaUpload, "upload_url" | "upload_parameters"> | null {
  if (!row.upload_url || !row.upload_parameters_enc) return null;
  const text = decrypt(deps.keys.tokens, row.upload_parameters_enc, sealAad(row.pin_id));
  return text ? { upload_url: row.upload_url, upload_parameters: JSON.parse(text) } : null;
}

/** Calls Pinterest as the profile; a Pinterest failure becomes a VideoStepError (never ambiguous). */
async function step<T>(deps: VideoDeps, profile: Profile, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await withAccessToken(deps, profile, call);
  } catch (err) {
    if (err instanceof PinterestError) throw new VideoStepError(err);
    throw err;
  }
}

/**
 * Runs the video steps for a claimed pin as far as they go now (see the header). Throws VideoStepError for a
 * Pinterest failure of a step, MediaMissingError when the file is gone.
 */
export async function advanceVideo(
  deps: VideoDeps,
  pin: Pin,
  profile: Profile,
  video: Upload,
): Promise<VideoStep> {
  const claim: repo.Claim = { pinId: pin.id, startedAt: pin.publish_started_at ?? pin.updated_at };
  let row = await repo.findPinVideo(deps.db, pin.id);
  if (row && (row.video_file !== video.file_name || row.state === "failed")) row = undefined;
  let resumed = row !== undefined;

  if (!row) {
    const registered = await step(deps, profile, (token) => deps.pinterest.registerMedia(token));
    const now = deps.clock.now();
    row = await repo.savePinVideo(deps.db, claim, {
      pin_id: pin.id,
      video_file: video.file_name,
      media_id: registered.media_id,
      upload_url: registered.upload_url,
      upload_parameters_enc: encrypt(
        deps.keys.tokens,
        JSON.stringify(registered.upload_parameters),
        sealAad(pin.id),
      ),
      state: "registered",
      registered_at: now,
      updated_at: now,
    });
    if (!row) return { kind: "lost" };
    deps.log.info("video registered with Pinterest", { pin_id: pin.id, media_id: registered.media_id });
    resumed = false;
  }

  if (row.state === "registered") {
    // A restart may find the upload done though its result was never stored: ask before sending it again.
    if (resumed) {
      const media = await step(deps, profile, (token) =>
        deps.pinterest.getMedia(token, (row as PinVideo).media_id),
      );
      if (media.status !== "registered") {
        row = await repo.updatePinVideo(deps.db, claim, {
          state: "uploaded",
          uploaded_at: deps.clock.now(),
          upload_url: null,
          upload_parameters_enc: null,
          updated_at: deps.clock.now(),
        });
        if (!row) return { kind: "lost" };
      }
    }
    if (row.state === "registered") {
      row = await upload(deps, claim, row, video);
      if (!row) return { kind: "lost" };
    }
  }

  if (row.state === "uploaded") {
    const media = await step(deps, profile, (token) =>
      deps.pinterest.getMedia(token, (row as PinVideo).media_id),
    );
    const now = deps.clock.now();
    if (media.status === "failed") {
      const failure = `Pinterest could not process the video (media ${row.media_id}: status "failed"; Pinterest does not say why). Pinterest takes MP4 or MOV video in H.264 or H.265, 4 seconds to 15 minutes long; re-encode the video and try again.`;
      if (!(await repo.updatePinVideo(deps.db, claim, { state: "failed", failure, updated_at: now }))) {
        return { kind: "lost" };
      }
      return { kind: "failed", error: failure };
    }
    if (media.status !== "succeeded") {
      const polls = row.polls + 1;
      const since = now - (row.uploaded_at ?? row.registered_at);
      if (since >= MAX_VIDEO_PROCESSING_MS) {
        return {
          kind: "failed",
          error: `Pinterest was still processing the video (media ${row.media_id}) ${Math.round(since / 60_000)} minutes after the upload, so PinFlow gave up waiting. Try again later: the video is uploaded again.`,
        };
      }
      if (!(await repo.updatePinVideo(deps.db, claim, { polls, updated_at: now }))) return { kind: "lost" };
      const delay = VIDEO_POLL_DELAYS_MS[Math.min(polls - 1, VIDEO_POLL_DELAYS_MS.length - 1)] as number;
      return { kind: "wait", until: now + delay, polls };
    }
    row = await repo.updatePinVideo(deps.db, claim, { state: "succeeded", updated_at: now });
    if (!row) return { kind: "lost" };
  }

  return {
    kind: "ready",
    mediaSource: { source_type: "video_id", media_id: row.media_id, ...(await coverOf(deps, pin)) },
  };
}

/** The file itself, streamed from the storage to the registered upload URL; then `uploaded` is stored. */
async function upload(deps: VideoDeps, claim: repo.Claim, row: PinVideo, video: Upload) {
  const form = uploadFormOf(deps, row);
  if (!form) {
    // sealed under another key (the master secret changed): register again
    await repo.dropPinVideo(deps.db, claim);
    throw new VideoStepError(
      new PinterestError(
        "transient",
        "The stored upload form could not be read; the video is registered again",
      ),
    );
  }
  const file = await fromStorage(deps, () => deps.storage.get(video.file_name));
  if (!file) throw new MediaMissingError(`The uploaded video file is missing from ${deps.storage.label}.`);
  try {
    await deps.pinterest.uploadMedia(form, {
      filename: video.original_name ?? video.file_name,
      contentType: video.content_type,
      size: file.size,
      stream: () => file.stream(),
    });
  } catch (err) {
    if (!(err instanceof PinterestError)) throw err;
    // Refused (an expired or rejected form): this registration is spent, and a new one may well work: a
    // retry, which registers again. A timeout or a 5xx may have stored the file: keep the registration, and
    // the next attempt asks Pinterest before uploading.
    if (err.kind === "permanent") {
      await repo.dropPinVideo(deps.db, claim);
      throw new VideoStepError(
        new PinterestError("transient", err.message, { ...err.details, ambiguous: false }),
      );
    }
    throw new VideoStepError(err);
  }
  deps.log.info("video uploaded to Pinterest", {
    pin_id: claim.pinId,
    media_id: row.media_id,
    bytes: file.size,
  });
  const now = deps.clock.now();
  return repo.updatePinVideo(deps.db, claim, {
    state: "uploaded",
    uploaded_at: now,
    upload_url: null,
    upload_parameters_enc: null,
    updated_at: now,
  });
}

/**
 * The cover Pinterest gets: an uploaded JPEG/PNG as cover_image_data (no public address needed), another
 * image by its URL, else the key frame (the pre-flight made sure there is one; 0 when there is not).
 */
async function coverOf(
  deps: VideoDeps,
  pin: Pin,
): Promise<Omit<VideoMediaSource, "source_type" | "media_id">> {
  if (pin.cover_image_url) {
    const cover = await ownUpload(deps, pin.user_id, pin.cover_image_url);
    if (cover && (cover.content_type === "image/jpeg" || cover.content_type === "image/png")) {
      const bytes = await fromStorage(deps, () => deps.storage.bytes(cover.file_name));
      if (!bytes)
        throw new MediaMissingError(`The uploaded cover image is missing from ${deps.storage.label}.`);
      return {
        cover_image_content_type: cover.content_type,
        cover_image_data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
      };
    }
    return { cover_image_url: pin.cover_image_url };
  }
  return { cover_image_key_frame_time: pin.cover_key_frame_time ?? 0 };
}

/**
 * True when a video pin's create cannot have been sent: its upload never reached `succeeded` (the state is
 * stored before the create starts). Reconciliation then need not look at the board.
 */
export async function videoNeverCreated(deps: VideoDeps, pin: Pin): Promise<boolean> {
  if (!(await videoOf(deps, pin))) return false;
  const row = await repo.findPinVideo(deps.db, pin.id);
  return row === undefined || row.state !== "succeeded";
}
