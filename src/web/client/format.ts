import { zonedParts, zonedToUtc } from "../../shared/time";

export { zonedParts };

/** "Fri 1 May, 19:00" in the user's time zone. */
export function formatTime(iso: string | null, timeZone: string, opts: { withYear?: boolean } = {}): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: opts.withYear ? "numeric" : undefined,
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant → the value of an <input type="datetime-local"> showing it in `timeZone`. */
export function toLocalInput(iso: string, timeZone: string): string {
  const p = zonedParts(Date.parse(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-05-01T19:00" typed in `timeZone` → "2026-05-01T17:00:00Z". */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  return new Date(zonedToUtc(timeZone, y as number, mo as number, d, h, mi))
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

export const STATUS_WORDS: Record<string, string> = {
  draft: "Draft",
  review: "Needs review",
  queued: "Queued",
  scheduled: "Scheduled",
  publishing: "Publishing",
  published: "Published",
  failed: "Failed",
};

/** The URL if it is http(s), the only kind the dashboard ever makes clickable; null for `javascript:` and the like. */
export function httpHref(url: string | null): string | null {
  if (!url) return null;
  try {
    return /^https?:$/.test(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

export const hostOf = (url: string | null) => {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};
