/**
 * One CSV row → one pin's input, with every problem named by its column: the header map (any order, any case,
 * spaces or underscores), boards by name (with "did you mean"), Publish date in the user's time zone when it
 * has none, Keywords appended to the description when they fit. Pure functions: the service feeds them the
 * profile's boards, the user's zone and the time.
 */
import * as v from "valibot";
import { toValidationIssues } from "../http/validation";
import { type CreatePinInput, CreatePinSchema } from "../pins/pins.schema";
import { PINTEREST_LIMITS } from "../pinterest/pinterest.limits";
import { parseApiTime, zonedParts, zonedToUtc } from "../shared/time";
import type { RowError } from "./imports.schema";

export type ColumnKey =
  | "title"
  | "media_url"
  | "board"
  | "board_id"
  | "thumbnail"
  | "description"
  | "link"
  | "publish_date"
  | "keywords"
  | "alt_text";

/** How errors name each column: Pinterest's header names (and PinFlow's two extra columns). */
export const COLUMN_NAMES: Record<ColumnKey, string> = {
  title: "Title",
  media_url: "Media URL",
  board: "Pinterest board",
  board_id: "board_id",
  thumbnail: "Thumbnail",
  description: "Description",
  link: "Link",
  publish_date: "Publish date",
  keywords: "Keywords",
  alt_text: "Alt text",
};

/** Header names as written by Pinterest's template and the tools that make such files, normalised. */
const HEADERS: Record<string, ColumnKey> = {
  title: "title",
  "media url": "media_url",
  "image url": "media_url",
  "pinterest board": "board",
  "board name": "board",
  board: "board",
  "board id": "board_id",
  thumbnail: "thumbnail",
  description: "description",
  link: "link",
  "destination link": "link",
  "publish date": "publish_date",
  keywords: "keywords",
  "alt text": "alt_text",
};

/** "Media_URL", " media  url " → "media url". */
export const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

export interface ColumnMap {
  index: Partial<Record<ColumnKey, number>>;
  ignored: string[];
}

/** Where each known column is; throws a sentence when the header cannot be used. */
export function mapHeader(header: string[]): ColumnMap {
  const index: Partial<Record<ColumnKey, number>> = {};
  const ignored: string[] = [];
  for (const [i, raw] of header.entries()) {
    const key = HEADERS[normalizeHeader(raw)];
    if (!key) {
      if (raw.trim() !== "") ignored.push(raw.trim());
      continue;
    }
    if (index[key] !== undefined)
      throw new Error(`The header names the column "${COLUMN_NAMES[key]}" twice.`);
    index[key] = i;
  }
  const has = (k: ColumnKey) => index[k] !== undefined;
  const written = header.map((h) => h.trim()).join(",");
  if (!has("media_url")) throw new Error(`The file has no "Media URL" column (its header is: ${written}).`);
  if (!has("board") && !has("board_id"))
    throw new Error(`The file has no "Pinterest board" (or board_id) column (its header is: ${written}).`);
  return { index, ignored };
}

export interface Board {
  id: string;
  name: string;
}

/** Edit distance (insert, delete, substitute, swap two neighbours), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The board a name most likely meant: close in spelling, or one containing the other; null if none is. */
export function suggestBoard(name: string, boards: readonly Board[]): Board | null {
  const wanted = name.trim().toLowerCase();
  let best: { board: Board; score: number } | null = null;
  for (const board of boards) {
    const candidate = board.name.toLowerCase();
    const d = distance(wanted, candidate);
    const close = d <= Math.max(2, Math.floor(Math.min(wanted.length, candidate.length) / 3));
    const contains = wanted.length >= 4 && (candidate.includes(wanted) || wanted.includes(candidate));
    const score = close ? d : contains ? 100 + Math.abs(candidate.length - wanted.length) : Number.NaN;
    if (!Number.isNaN(score) && (best === null || score < best.score)) best = { board, score };
  }
  return best?.board ?? null;
}

/** A board by its name (case-insensitive; an exact-case match first) or, failing that, by its id. */
export function findBoard(value: string, boards: readonly Board[]): Board | null {
  const trimmed = value.trim();
  return (
    boards.find((b) => b.name === trimmed) ??
    boards.find((b) => b.name.toLowerCase() === trimmed.toLowerCase()) ??
    boards.find((b) => b.id === trimmed) ??
    null
  );
}

const DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const two = (n: number) => String(n).padStart(2, "0");

export type DateResult = { ok: true; at: number; warning: string | null } | { ok: false; msg: string };

/**
 * Pinterest's `YYYY-MM-DDTHH:MM:SS` (a space for the T and no seconds are accepted too, as spreadsheets
 * rewrite dates): in `zone` when it carries none, else at its Z or offset. Must be in the future.
 */
export function parsePublishDate(text: string, zone: string, now: number): DateResult {
  const m = DATE.exec(text.trim());
  const shape = `Publish date must look like 2026-05-01T19:00:00 (in your time zone, ${zone}) or carry a zone (2026-05-01T19:00:00Z, …+02:00)`;
  if (!m) return { ok: false, msg: `${shape}; "${text.trim()}" does not.` };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}`;
  let at: number | null;
  let warning: string | null = null;
  if (m[7]) {
    const zoned = m[7].toUpperCase() === "Z" ? "Z" : m[7].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    at = parseApiTime(`${wall}${zoned}`);
  } else {
    at =
      parseApiTime(`${wall}Z`) === null
        ? null
        : zonedToUtc(zone, year, month, day, hour, minute) + second * 1000;
    if (at !== null) {
      const p = zonedParts(at, zone);
      if (p.hour !== hour || p.minute !== minute)
        warning = `${wall} does not exist in ${zone} (the clocks go forward then): it publishes at ${two(p.hour)}:${two(p.minute)}.`;
    }
  }
  if (at === null)
    return { ok: false, msg: `Publish date ${text.trim()} is not a date and time that exist.` };
  if (at <= now)
    return {
      ok: false,
      msg: `Publish date ${text.trim()}${m[7] ? "" : ` (${zone})`} is in the past; leave it blank to queue the pin.`,
    };
  return { ok: true, at, warning };
}

/** A pin time as Pinterest's column writes it: wall time in `zone`, with its offset only where the wall time alone is ambiguous. */
export function formatPublishDate(at: number, zone: string): string {
  const p = zonedParts(at, zone);
  const wall = `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
  // the repeated hour when the clocks go back: another instant shows the same wall time, so say which
  const same = (d: number) => {
    const q = zonedParts(at + d, zone);
    return q.day === p.day && q.hour === p.hour && q.minute === p.minute && q.second === p.second;
  };
  if (![-7_200_000, -3_600_000, -1_800_000, 1_800_000, 3_600_000, 7_200_000].some(same)) return wall;
  const offsetMin = Math.round(
    (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at) / 60_000,
  );
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${wall}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

const VIDEO = /\.(mp4|mov|m4v|webm|avi)(?:[?#]|$)/i;

/** Keywords appended as a last line, as many as fit within Pinterest's description limit. */
export function withKeywords(description: string, keywords: string): { text: string; left: string[] } {
  const words = keywords
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  if (words.length === 0) return { text: description, left: [] };
  const max = PINTEREST_LIMITS.description;
  const taken: string[] = [];
  const joined = (list: string[]) => (description ? `${description}\n\n${list.join(", ")}` : list.join(", "));
  for (const word of words) {
    if (joined([...taken, word]).length > max) break;
    taken.push(word);
  }
  return { text: taken.length ? joined(taken) : description, left: words.slice(taken.length) };
}

export interface RowContext {
  zone: string;
  now: number;
  profileId: number;
  username: string;
  /** The profile's boards, when some row names one (null: no row needed them). */
  boards: readonly Board[] | null;
}

export type RowOutcome =
  | { ok: true; input: CreatePinInput; boardName: string | null; warnings: string[] }
  | { ok: false; errors: RowError[] };

const FIELD_COLUMNS: Record<string, ColumnKey> = {
  board_id: "board",
  media_url: "media_url",
  title: "title",
  description: "description",
  link: "link",
  alt_text: "alt_text",
};

/** One record of the file: the pin it asks for, or what is wrong with it, column by column. */
export function readRow(record: readonly string[], columns: ColumnMap, ctx: RowContext): RowOutcome {
  const cell = (k: ColumnKey) => {
    const i = columns.index[k];
    return i === undefined ? "" : (record[i] ?? "").trim();
  };
  const errors: RowError[] = [];
  const warnings: string[] = [];
  const fail = (k: ColumnKey, msg: string) => errors.push({ column: COLUMN_NAMES[k], msg });

  let boardId = cell("board_id");
  let boardName: string | null = null;
  if (!boardId) {
    const named = cell("board");
    const board = named && ctx.boards ? findBoard(named, ctx.boards) : null;
    if (!named) fail("board", `Required: the name of one of @${ctx.username}'s boards.`);
    else if (!board) {
      const guess = ctx.boards ? suggestBoard(named, ctx.boards) : null;
      fail(
        "board",
        `No board named '${named}' on @${ctx.username}${guess ? ` — did you mean '${guess.name}'?` : "."}`,
      );
    } else {
      boardId = board.id;
      boardName = board.name;
    }
  }

  const media = cell("media_url");
  if (!media) fail("media_url", "Required: the URL of the pin's image.");
  else if (VIDEO.test(media))
    fail("media_url", "Video pins are not supported yet: PinFlow publishes images.");
  if (cell("thumbnail") && media && !VIDEO.test(media))
    warnings.push("Thumbnail is only used for video pins: ignored for this image.");

  let scheduledAt: number | null = null;
  const date = cell("publish_date");
  if (date) {
    const parsed = parsePublishDate(date, ctx.zone, ctx.now);
    if (parsed.ok) {
      scheduledAt = parsed.at;
      if (parsed.warning) warnings.push(parsed.warning);
    } else fail("publish_date", parsed.msg);
  }

  const { text: description, left } = withKeywords(cell("description"), cell("keywords"));
  if (left.length)
    warnings.push(
      `Keywords left out (no room within Pinterest's ${PINTEREST_LIMITS.description} characters): ${left.join(", ")}.`,
    );

  const fields = {
    board_id: boardId || "-",
    media_url: media || "https://example.invalid/",
    title: cell("title") || null,
    description: description || null,
    link: cell("link") || null,
    alt_text: cell("alt_text") || null,
  };
  const checked = v.safeParse(CreatePinSchema, fields);
  if (!checked.success) {
    for (const issue of toValidationIssues(
      "body",
      fields,
      checked.issues as Parameters<typeof toValidationIssues>[2],
    )) {
      const key = FIELD_COLUMNS[String(issue.loc[1])];
      if (key) fail(key, issue.msg);
      else errors.push({ column: String(issue.loc[1] ?? "row"), msg: issue.msg });
    }
  }
  if (errors.length || !checked.success) return { ok: false, errors };
  return {
    ok: true,
    input: {
      ...checked.output,
      profile_id: ctx.profileId,
      ...(scheduledAt !== null && { scheduled_at: scheduledAt }),
    },
    boardName,
    warnings,
  };
}
