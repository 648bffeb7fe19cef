/**
 * Pre-flight (docs/publishing.md §6): before a pin is queued or scheduled, check what Pinterest would
 * certainly refuse — text over Pinterest's limits, a board the account does not have, media Pinterest cannot
 * reach — and put the pin in `review` with the reason, instead of letting it fail at publish time.
 * Nothing is fetched: media reachability is judged from the URL alone.
 */
import { knownBoardIds } from "../boards/boards.service";
import type { Profile } from "../db/schema";
import type { Deps } from "../deps";
import { PINTEREST_LIMITS, type PinterestLimitedField } from "../pinterest/pinterest.limits";
import { isLocalHost } from "../shared/net";
import { ownUpload } from "../uploads/uploads.service";

type PreflightDeps = Pick<
  Deps,
  "db" | "clock" | "keys" | "pinterest" | "log" | "config" | "ids" | "inProcess"
>;

export interface PinContent {
  board_id: string;
  media_url: string;
  title: string | null;
  description: string | null;
  link: string | null;
  alt_text: string | null;
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
  if (url.pathname.startsWith("/static/uploads/") && url.origin === new URL(deps.config.publicUrl).origin) {
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
  const media = await mediaProblem(deps, userId, pin.media_url);
  if (media) return media;
  const boards = await knownBoardIds(deps, profile);
  if (boards && !boards.has(pin.board_id)) {
    return `Board ${pin.board_id} is not one of @${profile.pinterest_username}'s boards on Pinterest.`;
  }
  return null;
}
