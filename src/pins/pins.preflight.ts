/**
 * Pre-flight (docs/publishing.md §6): before a pin is queued or scheduled, check what Pinterest would
 * certainly refuse — text over Pinterest's limits, a board the account does not have, a section that is not
 * the board's, media Pinterest cannot reach, a video outside Pinterest's limits or without a cover — and put
 * the pin in `review` with the reason, instead of letting it fail at publish time.
 * Nothing is fetched: media reachability is judged from the URL alone.
 */
import { knownBoardIds, knownSectionIds } from "../boards/boards.service";
import { publicLink } from "../config";
import type { Profile, Upload } from "../db/schema";
import type { Deps } from "../deps";
import {
  PINTEREST_LIMITS,
  PINTEREST_VIDEO_LIMITS,
  type PinterestLimitedField,
} from "../pinterest/pinterest.limits";
import { isLocalHost } from "../shared/net";
import { ownUpload, UPLOAD_PATH } from "../uploads/uploads.service";

type PreflightDeps = Pick<
  Deps,
  "db" | "clock" | "keys" | "pinterest" | "log" | "config" | "ids" | "inProcess"
>;

export interface PinContent {
  board_id: string;
  board_section_id?: string | null;
  media_url: string;
  title: string | null;
  description: string | null;
  link: string | null;
  alt_text: string | null;
  cover_image_url?: string | null;
  cover_key_frame_time?: number | null;
}

const isVideo = (upload: Upload | null) =>
  upload !== null && (upload.content_type === "video/mp4" || upload.content_type === "video/quicktime");

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * A video pin: within Pinterest's limits (pinterest.limits.ts says where each number comes from) and with a
 * cover PinFlow can send — an uploaded JPEG/PNG (as cover_image_data), an image URL Pinterest can fetch, or
 * a key frame. Videos themselves are uploaded to Pinterest, so no public address is needed for them.
 */
async function videoProblem(
  deps: PreflightDeps,
  userId: number,
  video: Upload,
  pin: PinContent,
): Promise<string | null> {
  const { minDurationMs, maxDurationMs, maxBytes } = PINTEREST_VIDEO_LIMITS;
  if (video.size_bytes > maxBytes) {
    return `The video is ${(video.size_bytes / 1024 ** 3).toFixed(1)} GB; Pinterest takes videos of at most 2 GB.`;
  }
  const duration = video.duration_ms;
  if (duration !== null && (duration < minDurationMs || duration > maxDurationMs)) {
    return `The video is ${seconds(duration)} long; Pinterest takes videos of 4 seconds to 15 minutes.`;
  }
  const coverUrl = pin.cover_image_url ?? null;
  if (coverUrl === null) {
    if (pin.cover_key_frame_time === null || pin.cover_key_frame_time === undefined) {
      return "A video pin needs a cover: an uploaded JPEG or PNG (cover_image_url) or a moment of the video (cover_key_frame_time, in seconds).";
    }
    return null;
  }
  const cover = await ownUpload(deps, userId, coverUrl);
  if (cover) {
    if (cover.content_type === "image/jpeg" || cover.content_type === "image/png") return null;
    return `The cover must be a JPEG or PNG image (this upload is ${cover.content_type}).`;
  }
  const media = await mediaProblem(deps, userId, coverUrl);
  return media ? `Cover: ${media}` : null;
}

function tooLong(field: PinterestLimitedField, value: string | null): string | null {
  const max = PINTEREST_LIMITS[field];
  if (value === null || value.length <= max) return null;
  const name = field === "alt_text" ? "Alt text" : field[0]?.toUpperCase() + field.slice(1);
  return `${name} is ${value.length} characters; Pinterest allows at most ${max}.`;
}

async function mediaProblem(deps: PreflightDeps, userId: number, mediaUrl: string): Promise<string | null> {
  // a draft made without one (e.g. from a feed item that had no image) stores an empty media_url
  if (!URL.canParse(mediaUrl)) return "This pin has no image yet: set its media_url (or upload one) first.";
  const upload = await ownUpload(deps, userId, mediaUrl);
  if (upload) {
    if (upload.content_type === "image/jpeg" || upload.content_type === "image/png") return null;
    if (!isLocalHost(new URL(deps.config.publicUrl).hostname)) return null;
    return `This ${upload.content_type.slice(6).toUpperCase()} upload can only reach Pinterest by URL, and PINFLOW_PUBLIC_URL (${deps.config.publicUrl}) is not reachable from the internet. Use a JPEG or PNG, or set a public URL.`;
  }
  const url = new URL(mediaUrl);
  if (url.href.startsWith(publicLink(deps.config, UPLOAD_PATH))) {
    return "The uploaded image this pin points to does not exist (or belongs to another account).";
  }
  if (isLocalHost(url.hostname)) {
    return `Pinterest cannot fetch media from ${url.hostname}: it is not a public internet address.`;
  }
  return null;
}

/** The reason the pin would fail on Pinterest, or null when it looks publishable. */
export async function preflight(
  deps: PreflightDeps,
  profile: Profile,
  userId: number,
  pin: PinContent,
): Promise<string | null> {
  const text =
    tooLong("title", pin.title) ??
    tooLong("description", pin.description) ??
    tooLong("link", pin.link) ??
    tooLong("alt_text", pin.alt_text);
  if (text) return text;
  if (!/^\d+$/.test(pin.board_id)) {
    return `Board id "${pin.board_id}" is not a Pinterest board id (they are numbers): pick the board from GET /boards.`;
  }
  if (pin.link && !/^https?:\/\//i.test(pin.link)) return "Link must be an http(s) URL.";
  const upload = await ownUpload(deps, userId, pin.media_url);
  const media = isVideo(upload)
    ? await videoProblem(deps, userId, upload as Upload, pin)
    : await mediaProblem(deps, userId, pin.media_url);
  if (media) return media;
  const boards = await knownBoardIds(deps, profile, pin.board_id);
  if (boards && !boards.has(pin.board_id)) {
    return `Board ${pin.board_id} is not one of @${profile.pinterest_username}'s boards on Pinterest.`;
  }
  const section = pin.board_section_id ?? null;
  if (section !== null) {
    const sections = await knownSectionIds(deps, profile, pin.board_id, section);
    if (sections && !sections.has(section)) {
      return `Section ${section} is not one of the sections of board ${pin.board_id} on Pinterest.`;
    }
  }
  return null;
}
