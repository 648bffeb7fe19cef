/**
 * The /v5 resources the emulator serves: the account, boards (bookmark paging, create), board sections (list,
 * create), pins (create — image or processed video —, get, delete, list a board's pins newest first). Plain functions of (context, input) → Answer; the routes in
 * emulator.app.ts only authenticate and call them. Shapes follow the spec's Account, Board and Pin schemas
 * and the real captures quoted in docs/pinterest-api-notes.md (e.g. created_at without a zone).
 */
import { createHash } from "node:crypto";
import type { Clock } from "../../shared/clock";
import { PINTEREST_LIMITS, type PinterestLimitedField } from "../pinterest.limits";
import {
  boardsOf,
  type EmulatorBoard,
  findAnyBoard,
  madeBoardId,
  madeSectionId,
  sectionsOf,
} from "./emulator.boards";
import {
  type Answer,
  boardNotFound,
  invalidParameters,
  json,
  noContent,
  pinNotFound,
  pinterestError,
} from "./emulator.http";
import { findMedia, mediaStatus } from "./emulator.media";
import { type DemoAccount, findAccount } from "./emulator.seed";
import type {
  BoardRecord,
  PinMediaRecord,
  PinRecord,
  SectionRecord,
  Store,
  VideoCoverRecord,
} from "./emulator.state";

export interface ResourceContext {
  store: Store;
  clock: Clock;
  /** Absolute URL prefix of the emulator for this request (origin + basePath), for media and avatar URLs. */
  baseUrl: string;
}

/** Pinterest's timestamps carry no zone: "2022-10-13T01:40:29" (UTC). */
export const pinterestTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

// ---- account ----

export function accountJson(ctx: ResourceContext, account: DemoAccount) {
  const pins = livePins(ctx.store, { accountId: account.id });
  return {
    account_type: account.account_type,
    id: account.id,
    profile_image: `${ctx.baseUrl}/avatars/${account.id}.svg`,
    website_url: account.website_url,
    username: account.username,
    about: account.about,
    business_name: account.business_name,
    board_count: boardsOf(ctx.store, account.id).length,
    pin_count: pins.length,
    follower_count: account.follower_count,
    following_count: account.following_count,
    monthly_views: account.monthly_views,
  };
}

// ---- paging ----

type Bookmark =
  | { k: "boards"; a: string; o: number }
  | { k: "pins"; b: string; s: number }
  | { k: "sections"; b: string; o: number };

const encodeBookmark = (bookmark: Bookmark) => Buffer.from(JSON.stringify(bookmark)).toString("base64url");

function decodeBookmark(text: string): Bookmark | null {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (value?.k === "boards" && typeof value.a === "string" && Number.isInteger(value.o)) return value;
    if (value?.k === "pins" && typeof value.b === "string" && Number.isInteger(value.s)) return value;
    if (value?.k === "sections" && typeof value.b === "string" && Number.isInteger(value.o)) return value;
  } catch {
    // not one of ours
  }
  return null;
}

/** page_size: default 25, an integer from 1 to 250 (spec: Pinterest.Lib.BookmarkParams.page_size). */
export function pageSize(query: URLSearchParams): { ok: true; size: number } | { ok: false; answer: Answer } {
  const raw = query.get("page_size");
  if (raw === null || raw === "") return { ok: true, size: 25 };
  if (!/^-?\d+$/.test(raw))
    return { ok: false, answer: invalidParameters(`'${raw}' is not of type 'integer' - 'page_size'`) };
  const size = Number(raw);
  if (size < 1)
    return { ok: false, answer: invalidParameters(`${size} is less than the minimum of 1 - 'page_size'`) };
  if (size > 250) {
    return {
      ok: false,
      answer: invalidParameters(`${size} is greater than the maximum of 250 - 'page_size'`),
    };
  }
  return { ok: true, size };
}

const badBookmark = () => invalidParameters("Invalid bookmark.");

// ---- boards ----

function boardJson(ctx: ResourceContext, account: DemoAccount, board: EmulatorBoard) {
  const pins = livePins(ctx.store, { boardId: board.id });
  const newest = pins[0];
  const modified = Math.max(
    board.createdAt,
    ...[...ctx.store.pins.values()].filter((p) => p.boardId === board.id).map(lastChange),
  );
  return {
    id: board.id,
    created_at: pinterestTime(board.createdAt),
    board_pins_modified_at: pinterestTime(modified),
    name: board.name,
    description: board.description,
    collaborator_count: 0,
    pin_count: pins.length,
    follower_count: 0,
    media: {
      image_cover_url: newest ? imageUrl(ctx, newest) : null,
      pin_thumbnail_urls: pins.slice(0, 4).map((pin) => imageUrl(ctx, pin)),
    },
    owner: { username: account.username },
    privacy: board.privacy,
    is_ads_only: false,
  };
}

const lastChange = (pin: PinRecord) => pin.deletedAt ?? pin.createdAt;

const PRIVACY = new Set(["ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET"]);

/**
 * GET /v5/boards: the demo boards (all public) and those made through the API, filtered by `privacy`. The
 * scopes that real Pinterest wants for secret boards (boards:read_secret) are not modelled.
 */
export function listBoards(ctx: ResourceContext, account: DemoAccount, query: URLSearchParams): Answer {
  const size = pageSize(query);
  if (!size.ok) return size.answer;
  const privacy = query.get("privacy");
  if (privacy !== null && !PRIVACY.has(privacy)) {
    return invalidParameters(
      `'${privacy}' is not one of ${[...PRIVACY].map((p) => `'${p}'`).join(", ")} - 'privacy'`,
    );
  }
  const wanted =
    privacy === null || privacy === "ALL"
      ? null
      : privacy === "PUBLIC_AND_SECRET"
        ? ["PUBLIC", "SECRET"]
        : [privacy];
  const boards = boardsOf(ctx.store, account.id).filter((b) => !wanted || wanted.includes(b.privacy));
  let offset = 0;
  const raw = query.get("bookmark");
  if (raw) {
    const bookmark = decodeBookmark(raw);
    if (bookmark?.k !== "boards" || bookmark.a !== account.id || bookmark.o < 0) return badBookmark();
    offset = bookmark.o;
  }
  const page = boards.slice(offset, offset + size.size);
  const next = offset + page.length;
  return json(200, {
    items: page.map((board) => boardJson(ctx, account, board)),
    bookmark: next < boards.length ? encodeBookmark({ k: "boards", a: account.id, o: next }) : null,
  });
}

const DIGITS = /^\d+$/;

/** GET /v5/boards/{board_id}/pins: newest first; a board of another account is "not found". */
export function listBoardPins(
  ctx: ResourceContext,
  account: DemoAccount,
  boardId: string,
  query: URLSearchParams,
): Answer {
  if (!DIGITS.test(boardId)) return invalidParameters(`'${boardId}' does not match '^\\d+$' - 'board_id'`);
  const found = findAnyBoard(ctx.store, boardId);
  if (!found || found.account.id !== account.id) return boardNotFound();
  const size = pageSize(query);
  if (!size.ok) return size.answer;
  let pins = livePins(ctx.store, { boardId });
  const raw = query.get("bookmark");
  if (raw) {
    const bookmark = decodeBookmark(raw);
    if (bookmark?.k !== "pins" || bookmark.b !== boardId) return badBookmark();
    pins = pins.filter((pin) => pinSeq(pin) < bookmark.s);
  }
  const page = pins.slice(0, size.size);
  const last = page[page.length - 1];
  const withMetrics = query.get("pin_metrics") === "true";
  return json(200, {
    items: page.map((pin) => pinJson(ctx, pin, withMetrics)),
    bookmark:
      last && pins.length > page.length ? encodeBookmark({ k: "pins", b: boardId, s: pinSeq(last) }) : null,
  });
}

const BOARD_PRIVACY = ["PUBLIC", "PROTECTED", "SECRET"];

/**
 * POST /v5/boards (spec: BoardCreate → 201 Board). `name` is required; `privacy` defaults to PUBLIC. A second
 * board with the same name (ignoring case) is refused, as Pinterest's own app does; the exact code real
 * Pinterest answers for it is not documented, so this is the spec's generic 400.
 */
export function createBoard(ctx: ResourceContext, account: DemoAccount, body: unknown): Answer {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalidParameters("The request body must be a JSON object.");
  }
  const input = body as Record<string, unknown>;
  if (input.name === undefined || input.name === null)
    return invalidParameters("'name' is a required property");
  if (typeof input.name !== "string")
    return invalidParameters(`${show(input.name)} is not of type 'string' - 'name'`);
  const name = input.name.trim();
  if (name === "") return invalidParameters("'name' must not be empty");
  const description = input.description ?? null;
  if (description !== null && typeof description !== "string") {
    return invalidParameters(`${show(description)} is not of type 'string' - 'description'`);
  }
  const privacy = input.privacy ?? "PUBLIC";
  if (typeof privacy !== "string" || !BOARD_PRIVACY.includes(privacy)) {
    return invalidParameters(`${show(privacy)} is not one of ['PUBLIC', 'PROTECTED', 'SECRET'] - 'privacy'`);
  }
  if (input.is_ads_only !== undefined && typeof input.is_ads_only !== "boolean") {
    return invalidParameters(`${show(input.is_ads_only)} is not of type 'boolean' - 'is_ads_only'`);
  }
  const taken = boardsOf(ctx.store, account.id).some((b) => b.name.toLowerCase() === name.toLowerCase());
  if (taken) return invalidParameters(`You already have a board named '${name}'.`);
  const record = ctx.store.change((tx) => {
    const board: BoardRecord = {
      id: madeBoardId(tx.nextSeq("board")),
      accountId: account.id,
      name,
      description: (description as string | null) ?? "",
      privacy: privacy as EmulatorBoard["privacy"],
      createdAt: ctx.clock.now(),
    };
    tx.put("boards", board.id, board);
    return board;
  });
  return json(201, boardJson(ctx, account, record));
}

/** The board a sections call is about, when it is the caller's (404 code 40 otherwise, as for its pins). */
function ownBoard(ctx: ResourceContext, account: DemoAccount, boardId: string): EmulatorBoard | Answer {
  if (!DIGITS.test(boardId)) return invalidParameters(`'${boardId}' does not match '^\\d+$' - 'board_id'`);
  const found = findAnyBoard(ctx.store, boardId);
  if (!found || found.account.id !== account.id) return boardNotFound();
  return found.board;
}

const isAnswer = (x: EmulatorBoard | Answer): x is Answer => "status" in x;

/** GET /v5/boards/{board_id}/sections: oldest first, paged like boards. */
export function listSections(
  ctx: ResourceContext,
  account: DemoAccount,
  boardId: string,
  query: URLSearchParams,
): Answer {
  const board = ownBoard(ctx, account, boardId);
  if (isAnswer(board)) return board;
  const size = pageSize(query);
  if (!size.ok) return size.answer;
  const sections = sectionsOf(ctx.store, board.id);
  let offset = 0;
  const raw = query.get("bookmark");
  if (raw) {
    const bookmark = decodeBookmark(raw);
    if (bookmark?.k !== "sections" || bookmark.b !== board.id || bookmark.o < 0) return badBookmark();
    offset = bookmark.o;
  }
  const page = sections.slice(offset, offset + size.size);
  const next = offset + page.length;
  return json(200, {
    items: page.map((s) => ({ id: s.id, name: s.name })),
    bookmark: next < sections.length ? encodeBookmark({ k: "sections", b: board.id, o: next }) : null,
  });
}

/**
 * POST /v5/boards/{board_id}/sections (spec: BoardSection, name 1-180 characters → 201). A name the board
 * already has is refused with the spec's documented 400 ("Invalid board section parameters.").
 */
export function createSection(
  ctx: ResourceContext,
  account: DemoAccount,
  boardId: string,
  body: unknown,
): Answer {
  const board = ownBoard(ctx, account, boardId);
  if (isAnswer(board)) return board;
  const name = (body as { name?: unknown } | null)?.name;
  const invalid = () => pinterestError(400, 400, "Invalid board section parameters.");
  if (typeof name !== "string" || name.trim() === "" || [...name].length > 180) return invalid();
  if (sectionsOf(ctx.store, board.id).some((s) => s.name.toLowerCase() === name.trim().toLowerCase())) {
    return invalid();
  }
  const record = ctx.store.change((tx) => {
    const section: SectionRecord = {
      id: madeSectionId(tx.nextSeq("section")),
      boardId: board.id,
      name: name.trim(),
      createdAt: ctx.clock.now(),
    };
    tx.put("sections", section.id, section);
    return section;
  });
  return json(201, { id: record.id, name: record.name });
}

// ---- pins ----

const PIN_ID_PREFIX = "99965";
const pinId = (seq: number) => `${PIN_ID_PREFIX}${String(seq).padStart(13, "0")}`;
const pinSeq = (pin: PinRecord) => Number(pin.id.slice(PIN_ID_PREFIX.length));

/** Pins not deleted, newest first, optionally of one account or board. */
export function livePins(store: Store, filter: { accountId?: string; boardId?: string } = {}): PinRecord[] {
  return [...store.pins.values()]
    .filter(
      (pin) =>
        pin.deletedAt === null &&
        (filter.accountId === undefined || pin.accountId === filter.accountId) &&
        (filter.boardId === undefined || pin.boardId === filter.boardId),
    )
    .sort((a, b) => pinSeq(b) - pinSeq(a));
}

/**
 * The picture a pin shows: an image URL as sent, else the emulator's own copy — a base64 image, a video's
 * base64 cover, or (for a key-frame cover, which the emulator cannot cut from a video it does not decode) a
 * drawn placeholder.
 */
export function imageUrl(ctx: ResourceContext, pin: PinRecord): string {
  if (pin.media.type === "image_url") return pin.media.url;
  if (pin.media.type === "video_id" && pin.media.cover.type === "url") return pin.media.cover.url;
  return `${ctx.baseUrl}/media/${pin.id}`;
}

export function pinJson(ctx: ResourceContext, pin: PinRecord, withMetrics = false) {
  const account = findAccount(pin.accountId);
  const url = imageUrl(ctx, pin);
  const scaled = (width: number) => ({ width, height: Math.round((width * pin.height) / pin.width), url });
  const zeros = { pin_click: 0, impression: 0, clickthrough: 0 };
  const images = {
    "150x150": { width: 150, height: 150, url },
    "400x300": { width: 400, height: 300, url },
    "600x": scaled(600),
    "1200x": scaled(1200),
    // Not in the spec's ImageSize, but real answers carry it (docs/pinterest-api-notes.md §5.2); the
    // schema allows extra sizes.
    originals: { width: pin.width, height: pin.height, url },
  };
  return {
    id: pin.id,
    created_at: pinterestTime(pin.createdAt),
    link: pin.link,
    title: pin.title,
    description: pin.description,
    dominant_color: pin.dominantColor,
    alt_text: pin.altText,
    creative_type: "REGULAR",
    board_id: pin.boardId,
    board_section_id: pin.boardSectionId ?? null,
    board_owner: { username: account?.username ?? "" },
    is_owner: true,
    is_standard: true,
    has_been_promoted: false,
    parent_pin_id: null,
    media:
      pin.media.type === "video_id"
        ? {
            // spec: PinMediaWithVideo; video_url is "limited and not available to all apps": null here
            media_type: "video",
            cover_image_url: url,
            duration: pin.media.durationMs,
            width: pin.width,
            height: pin.height,
            video_url: null,
            images,
          }
        : { media_type: "image", images },
    pin_metrics: withMetrics
      ? { "90d": zeros, lifetime_metrics: { ...zeros, reaction: 0, comment: 0 } }
      : null,
  };
}

/** GET /v5/pins/{pin_id}: only the caller's own pins are found. */
export function getPin(
  ctx: ResourceContext,
  account: DemoAccount,
  id: string,
  query: URLSearchParams,
): Answer {
  const pin = ownPin(ctx.store, account, id);
  return pin ? json(200, pinJson(ctx, pin, query.get("pin_metrics") === "true")) : pinNotFound();
}

/** DELETE /v5/pins/{pin_id} → 204. The record stays (flagged) so tests can see what ever existed. */
export function deletePin(ctx: ResourceContext, account: DemoAccount, id: string): Answer {
  const pin = ownPin(ctx.store, account, id);
  if (!pin) return pinNotFound();
  const deletedAt = ctx.clock.now();
  ctx.store.change((tx) => tx.put("pins", pin.id, { ...pin, deletedAt }));
  return noContent();
}

function ownPin(store: Store, account: DemoAccount, id: string): PinRecord | undefined {
  const pin = store.pins.get(id);
  return pin && pin.accountId === account.id && pin.deletedAt === null ? pin : undefined;
}

export interface ValidPinCreate {
  boardId: string;
  /** Checked against the board's sections by createPin. */
  boardSectionId: string | null;
  title: string | null;
  description: string | null;
  link: string | null;
  altText: string | null;
  dominantColor: string | null;
  media: PinMediaRecord;
  /** A base64 image's bytes, or a video's base64 cover. */
  bytes: Uint8Array | null;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SOURCE_TYPES = [
  "image_base64",
  "image_url",
  "video_id",
  "multiple_image_base64",
  "multiple_image_urls",
  "pin_url",
];
const INVALID_LINK =
  "Whoops! It looks like you entered an invalid URL. Try creating a Pin again with a valid URL.";

const show = (value: unknown) => {
  const text = typeof value === "string" ? `'${value}'` : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const isHttpUrl = (text: string) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);

type Check = { ok: true; value: ValidPinCreate } | { ok: false; answer: Answer };
const fail = (message: string): Check => ({ ok: false, answer: invalidParameters(message) });

/**
 * The checks of POST /v5/pins that Pinterest makes before creating: the spec's PinCreate limits and
 * patterns (messages in the "<value> is too long - '<field>'" style Pinterest's validator uses), plus what
 * the spec cannot say (a link must be a URL; base64 data must decode). One problem is reported, like Pinterest.
 */
export function checkPinCreate(body: unknown): Check {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return fail("The request body must be a JSON object.");
  }
  const input = body as Record<string, unknown>;
  for (const field of ["board_id", "media_source"]) {
    if (input[field] === undefined || input[field] === null) return fail(`'${field}' is a required property`);
  }
  for (const field of ["board_id", "board_section_id", "parent_pin_id", "sponsor_id"]) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return fail(`${show(value)} is not of type 'string' - '${field}'`);
    if (!DIGITS.test(value)) return fail(`${show(value)} does not match '^\\d+$' - '${field}'`);
  }
  const text: Record<string, string | null> = {};
  for (const field of ["title", "description", "link", "alt_text", "dominant_color"] as const) {
    const value = input[field];
    if (value === undefined || value === null) {
      text[field] = null;
      continue;
    }
    if (typeof value !== "string") return fail(`${show(value)} is not of type 'string' - '${field}'`);
    const limit =
      field in PINTEREST_LIMITS ? PINTEREST_LIMITS[field as PinterestLimitedField] : Number.POSITIVE_INFINITY;
    if ([...value].length > limit) return fail(`${show(value)} is too long - '${field}'`);
    text[field] = value;
  }
  if (text.link && !isHttpUrl(text.link)) return fail(INVALID_LINK);

  const source = input.media_source;
  if (typeof source !== "object" || source === null || Array.isArray(source)) {
    return fail(`${show(source)} is not of type 'object' - 'media_source'`);
  }
  const media = source as Record<string, unknown>;
  const type = media.source_type;
  if (typeof type !== "string" || !SOURCE_TYPES.includes(type)) {
    return fail(
      `${show(type)} is not one of [${SOURCE_TYPES.map((t) => `'${t}'`).join(", ")}] - 'media_source.source_type'`,
    );
  }
  if (media.is_standard !== undefined && typeof media.is_standard !== "boolean") {
    return fail(`${show(media.is_standard)} is not of type 'boolean' - 'media_source.is_standard'`);
  }
  const common = {
    boardId: input.board_id as string,
    boardSectionId: (input.board_section_id as string | null | undefined) ?? null,
    title: text.title ?? null,
    description: text.description ?? null,
    link: text.link ?? null,
    altText: text.alt_text ?? null,
    dominantColor: text.dominant_color ?? null,
  };

  if (type === "image_url") {
    if (media.url === undefined) return fail("'url' is a required property - 'media_source'");
    if (typeof media.url !== "string")
      return fail(`${show(media.url)} is not of type 'string' - 'media_source.url'`);
    // Never fetched (no network): a URL that could not be fetched by anyone is refused outright.
    if (!isHttpUrl(media.url))
      return fail(`${show(media.url)} is not a valid http(s) URL - 'media_source.url'`);
    return { ok: true, value: { ...common, media: { type: "image_url", url: media.url }, bytes: null } };
  }
  if (type === "image_base64") {
    for (const field of ["content_type", "data"]) {
      if (media[field] === undefined) return fail(`'${field}' is a required property - 'media_source'`);
    }
    const contentType = media.content_type;
    if (contentType !== "image/jpeg" && contentType !== "image/png") {
      return fail(
        `${show(contentType)} is not one of ['image/jpeg', 'image/png'] - 'media_source.content_type'`,
      );
    }
    const data = media.data;
    if (typeof data !== "string") return fail(`${show(data)} is not of type 'string' - 'media_source.data'`);
    if (!/^[a-zA-Z0-9+/=]+$/.test(data))
      return fail(`${show(data)} does not match '^[a-zA-Z0-9+/=]+$' - 'media_source.data'`);
    if (!BASE64.test(data))
      return fail("Sorry, the image data could not be decoded (invalid base64) - 'media_source.data'");
    const bytes = new Uint8Array(Buffer.from(data, "base64"));
    return {
      ok: true,
      value: { ...common, media: { type: "image_base64", contentType, byteLength: bytes.length }, bytes },
    };
  }
  if (type === "video_id") return checkVideoSource(media, common);
  return fail(
    `source_type '${type}' is not supported by the Pinterest emulator (it takes image_url, image_base64 and video_id) - 'media_source.source_type'`,
  );
}

/**
 * media_source of a video pin (spec: PinMediaSourceVideoID): `media_id` (digits) and at most one kind of
 * cover. The spec makes every cover field optional; without one the emulator takes the first frame.
 * cover_image_data needs its cover_image_content_type (JPEG or PNG, as image_base64).
 */
function checkVideoSource(
  media: Record<string, unknown>,
  common: Omit<ValidPinCreate, "media" | "bytes">,
): Check {
  const id = media.media_id;
  if (id === undefined) return fail("'media_id' is a required property - 'media_source'");
  if (typeof id !== "string") return fail(`${show(id)} is not of type 'string' - 'media_source.media_id'`);
  if (!DIGITS.test(id)) return fail(`${show(id)} does not match '^\\d+$' - 'media_source.media_id'`);
  const data = media.cover_image_data;
  const url = media.cover_image_url;
  const keyFrame = media.cover_image_key_frame_time;
  let cover: VideoCoverRecord = { type: "key_frame", seconds: 0 };
  let bytes: Uint8Array | null = null;
  if (data !== undefined) {
    const contentType = media.cover_image_content_type;
    if (contentType === undefined) {
      return fail(
        "'cover_image_content_type' is a required property with 'cover_image_data' - 'media_source'",
      );
    }
    if (contentType !== "image/jpeg" && contentType !== "image/png") {
      return fail(
        `${show(contentType)} is not one of ['image/jpeg', 'image/png'] - 'media_source.cover_image_content_type'`,
      );
    }
    if (typeof data !== "string" || !BASE64.test(data) || data.length === 0) {
      return fail(
        "Sorry, the cover image data could not be decoded (invalid base64) - 'media_source.cover_image_data'",
      );
    }
    bytes = new Uint8Array(Buffer.from(data, "base64"));
    cover = { type: "base64", contentType, byteLength: bytes.length };
  } else if (url !== undefined) {
    if (typeof url !== "string" || !isHttpUrl(url)) {
      return fail(`${show(url)} is not a valid http(s) URL - 'media_source.cover_image_url'`);
    }
    cover = { type: "url", url };
  } else if (keyFrame !== undefined) {
    if (typeof keyFrame !== "number" || !Number.isInteger(keyFrame)) {
      return fail(`${show(keyFrame)} is not of type 'integer' - 'media_source.cover_image_key_frame_time'`);
    }
    if (keyFrame < 0) {
      return fail(`${keyFrame} is less than the minimum of 0 - 'media_source.cover_image_key_frame_time'`);
    }
    cover = { type: "key_frame", seconds: keyFrame };
  }
  return {
    ok: true,
    value: { ...common, media: { type: "video_id", mediaId: id, cover, durationMs: null }, bytes },
  };
}

/** POST /v5/pins after authentication: checks, injected faults, then creates (201 with the Pin). */
export function createPin(
  ctx: ResourceContext,
  account: DemoAccount,
  body: unknown,
  /** Decides, once the pin exists, whether its response will be lost (recorded on the pin). */
  loseResponse: () => boolean,
): { answer: Answer; pin: PinRecord | null } {
  const checked = checkPinCreate(body);
  if (!checked.ok) return { answer: checked.answer, pin: null };
  const input = checked.value;
  const found = findAnyBoard(ctx.store, input.boardId);
  if (!found || found.account.id !== account.id) return { answer: boardNotFound(), pin: null };
  const sections = sectionsOf(ctx.store, input.boardId);
  if (input.boardSectionId !== null && !sections.some((s) => s.id === input.boardSectionId)) {
    return { answer: pinterestError(404, 2031, "Sorry! We couldn't find this board section."), pin: null };
  }
  const now = ctx.clock.now();
  let size = (input.bytes && imageSize(input.bytes)) || { width: 1000, height: 1500 };
  if (input.media.type === "video_id") {
    // A video pin needs an upload of the caller's whose processing succeeded. Pinterest does not document
    // its answers for the other cases; these are the emulator's own words.
    const upload = findMedia(ctx.store, input.media.mediaId);
    if (!upload || upload.accountId !== account.id) {
      return { answer: pinterestError(404, 404, "Media not found."), pin: null };
    }
    const status = mediaStatus(upload, now);
    if (status !== "succeeded") {
      return {
        answer: invalidParameters(
          `The video ${upload.id} cannot be pinned: its upload status is '${status}'.`,
        ),
        pin: null,
      };
    }
    input.media.durationMs = upload.durationMs;
    if (input.media.cover.type !== "base64")
      size = { width: upload.width ?? 1080, height: upload.height ?? 1920 };
  }
  const { width, height } = size;
  const fields: Omit<PinRecord, "id"> = {
    accountId: account.id,
    boardId: input.boardId,
    boardSectionId: input.boardSectionId,
    title: input.title,
    description: input.description,
    link: input.link,
    altText: input.altText,
    dominantColor:
      input.dominantColor ??
      dominantColor(
        input.media.type === "image_url"
          ? input.media.url
          : (input.bytes ?? (input.media.type === "video_id" ? input.media.mediaId : "")),
      ),
    media: input.media,
    width,
    height,
    createdAt: now,
    deletedAt: null,
    responseLost: loseResponse(),
  };
  const pin = ctx.store.change((tx) => {
    const created: PinRecord = { id: pinId(tx.nextSeq("pin")), ...fields };
    // Written at once, before the pin: bytes whose pin then failed to be written are never served (no pin).
    keepImage(ctx.store, created.id, input);
    tx.put("pins", created.id, created);
    return created;
  });
  return { answer: json(201, pinJson(ctx, pin)), pin };
}

/** Keeps the bytes of a base64 image or a video's base64 cover (served at /media/{pin id}). */
function keepImage(store: Store, id: string, input: ValidPinCreate) {
  if (input.bytes && input.media.type === "image_base64") {
    store.putMedia(id, { contentType: input.media.contentType, bytes: input.bytes });
  }
  if (input.bytes && input.media.type === "video_id" && input.media.cover.type === "base64") {
    store.putMedia(id, { contentType: input.media.cover.contentType, bytes: input.bytes });
  }
}

/** A muted colour derived from the image (Pinterest computes the real one from the pixels). */
function dominantColor(source: Uint8Array | string): string {
  const digest = createHash("sha256").update(source).digest();
  const channel = (i: number) => (96 + ((digest[i] ?? 0) % 112)).toString(16).padStart(2, "0");
  return `#${channel(0)}${channel(1)}${channel(2)}`.toUpperCase();
}

/** Width and height from a PNG header or a JPEG frame marker; null when the bytes are neither. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(12) === 0x49484452) {
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    return width > 0 && height > 0 ? { width, height } : null;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return null;
      const marker = bytes[offset + 1] ?? 0;
      const length = view.getUint16(offset + 2);
      const isFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) {
        const height = view.getUint16(offset + 5);
        const width = view.getUint16(offset + 7);
        return width > 0 && height > 0 ? { width, height } : null;
      }
      offset += 2 + length;
    }
  }
  return null;
}
