/**
 * Compose's model: one card per image (a pin not created yet), and how cards become pins — one at a time,
 * or many in one request (POST /pins/bulk, falling back to one by one on plans without bulk), each card
 * keeping the errors that concern it.
 */
import type { PinDto } from "../../../../pins/pins.schema";
import { PINTEREST_LIMITS } from "../../../../pinterest/pinterest.limits";
import { ApiError, post, put } from "../../api";
import { type VideoDraft, videoFields } from "../../components/video-upload";
import { fromLocalInput, httpHref } from "../../format";

export interface Card extends VideoDraft {
  key: string;
  /** An image pin (one card per dropped image) or a video pin (single editor only). */
  kind: "image" | "video";
  /** The file's name (or "Image URL"): how the card is told apart before it has a title. */
  name: string;
  /** A local preview while the file uploads. */
  preview: string | null;
  media_url: string;
  progress: number | null;
  uploadError: ApiError | null;
  board_id: string;
  /** A section of the board ("" = the board itself). */
  board_section_id: string;
  title: string;
  description: string;
  link: string;
  alt_text: string;
  /** datetime-local value in the user's time zone ("" = none). */
  when: string;
  selected: boolean;
  errors: Record<string, string>;
}

let counter = 0;
export function newCard(init: Partial<Card> = {}): Card {
  counter += 1;
  return {
    key: `c${counter}`,
    kind: "image",
    name: "Image",
    preview: null,
    media_url: "",
    progress: null,
    uploadError: null,
    board_id: "",
    board_section_id: "",
    cover_image_url: "",
    cover_key_frame_time: "",
    title: "",
    description: "",
    link: "",
    alt_text: "",
    when: "",
    selected: true,
    errors: {},
    ...init,
  };
}

export type Intent = "draft" | "queue" | "schedule";

/** A title from a file name: "sourdough_starter-day5.png" → "Sourdough starter day5". */
export function titleFromName(name: string): string {
  const base = name
    .replace(/\.[a-z0-9]+$/i, "")
    .replace(/[-_]+/g, " ")
    .trim();
  return base ? (base[0]?.toUpperCase() ?? "") + base.slice(1) : "";
}

/** What can be said before asking the server: the same words it would answer with. */
export function checkCard(card: Card, intent: Intent, timeZone: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (card.progress !== null) errors.media_url = "The image is still uploading: wait a moment.";
  else if (!card.media_url)
    errors.media_url =
      card.kind === "video"
        ? "Add a video first: choose an MP4 or MOV file."
        : "Add an image first: drop one here or choose a file.";
  if (!card.board_id) errors.board_id = "Choose a board for this pin.";
  if (card.link.trim() && !httpHref(card.link.trim()))
    errors.link =
      "Enter a full web address that starts with https:// (for example https://example.com/recipe).";
  if (intent === "schedule") {
    const at = card.when ? fromLocalInput(card.when, timeZone) : null;
    if (!at) errors.scheduled_at = "Pick the date and time to publish at.";
    else if (Date.parse(at) <= Date.now()) errors.scheduled_at = "Pick a time in the future.";
  }
  if (card.title.length > 256) errors.title = `Too long: the title can have at most 256 characters.`;
  return errors;
}

/** Whether something is longer than Pinterest allows (the pin would be held for review). */
export const overPinterestLimits = (card: Card) =>
  (Object.keys(PINTEREST_LIMITS) as Array<keyof typeof PINTEREST_LIMITS>).some(
    (k) => card[k].length > PINTEREST_LIMITS[k],
  );

export function bodyOf(card: Card, intent: Intent, timeZone: string, profileId?: number) {
  return {
    board_id: card.board_id,
    board_section_id: card.board_section_id || null,
    media_url: card.media_url,
    ...videoFields(card.kind, card),
    title: card.title,
    description: card.description,
    link: card.link.trim(),
    alt_text: card.alt_text,
    scheduled_at: intent === "schedule" ? fromLocalInput(card.when, timeZone) : null,
    ...(intent === "draft" ? { status: "draft" as const } : {}),
    ...(profileId ? { profile_id: profileId } : {}),
  };
}

/** The edit of an existing pin: its fields, and the status the intent means. */
export function updateOf(card: Card, intent: Intent, timeZone: string) {
  const {
    profile_id: _p,
    status: _s,
    ...body
  } = bodyOf(card, intent, timeZone) as ReturnType<typeof bodyOf> & {
    status?: string;
  };
  return { ...body, status: intent === "draft" ? "draft" : intent === "queue" ? "queued" : "scheduled" };
}

export interface Outcome {
  created: Array<{ card: Card; pin: PinDto }>;
  /** Errors per card key. */
  failed: Map<string, Record<string, string>>;
  /** A problem with the whole request (a limit reached, the network). */
  error: ApiError | null;
}

/** Creates one pin per card: all in one request when the plan allows, else one by one. */
export async function createPins(
  cards: Card[],
  intent: Intent,
  timeZone: string,
  profileId: number | undefined,
): Promise<Outcome> {
  const outcome: Outcome = { created: [], failed: new Map(), error: null };
  const bodies = cards.map((c) => bodyOf(c, intent, timeZone, profileId));
  if (cards.length > 1) {
    try {
      const pins = await post<PinDto[]>("/pins/bulk", bodies);
      for (const [i, pin] of pins.entries()) outcome.created.push({ card: cards[i] as Card, pin });
      return outcome;
    } catch (err) {
      const e = err as ApiError;
      if (e.code !== "quotas.bulk_not_allowed") {
        // 422: "3.board_id" → the fourth card's board.
        for (const [key, message] of Object.entries(e.fields)) {
          const [index, ...field] = key.split(".");
          const card = cards[Number(index)];
          if (!card || field.length === 0) continue;
          const errors = outcome.failed.get(card.key) ?? {};
          errors[field.join(".")] = message;
          outcome.failed.set(card.key, errors);
        }
        if (outcome.failed.size === 0) outcome.error = e;
        return outcome;
      }
    }
  }
  for (const [i, card] of cards.entries()) {
    try {
      outcome.created.push({ card, pin: await post<PinDto>("/pins", bodies[i]) });
    } catch (err) {
      const e = err as ApiError;
      if (Object.keys(e.fields).length) outcome.failed.set(card.key, e.fields);
      else {
        outcome.error = e;
        // a limit or the network: the next ones would fail the same way
        if (e.status === 429 || e.status === 0) break;
      }
    }
  }
  return outcome;
}

export async function updatePin(id: number, card: Card, intent: Intent, timeZone: string): Promise<PinDto> {
  return put<PinDto>(`/pins/${id}`, updateOf(card, intent, timeZone));
}

/** One pin to several boards, `intervalDays` apart (POST /pins/spread), per card. */
export async function spreadPins(
  cards: Card[],
  opts: { boardIds: string[]; intervalDays: number; firstAt: string | null; profileId?: number },
): Promise<Outcome> {
  const outcome: Outcome = { created: [], failed: new Map(), error: null };
  for (const card of cards) {
    // a section belongs to one board: the copies go to the boards themselves
    const {
      board_id: _b,
      board_section_id: _bs,
      scheduled_at: _s,
      status: _st,
      ...fields
    } = bodyOf(card, "queue", "UTC", opts.profileId) as ReturnType<typeof bodyOf> & { status?: string };
    try {
      const pins = await post<PinDto[]>("/pins/spread", {
        ...fields,
        board_ids: opts.boardIds,
        interval_days: opts.intervalDays,
        ...(opts.firstAt ? { scheduled_at: opts.firstAt } : {}),
      });
      for (const pin of pins) outcome.created.push({ card, pin });
    } catch (err) {
      const e = err as ApiError;
      if (Object.keys(e.fields).some((k) => !["board_ids", "interval_days", "scheduled_at"].includes(k)))
        outcome.failed.set(card.key, e.fields);
      else {
        outcome.error = e;
        break;
      }
    }
  }
  return outcome;
}

export { ApiError };
