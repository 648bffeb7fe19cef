/** Times travel as epoch ms inside PinFlow and as `YYYY-MM-DDTHH:MM:SSZ` (UTC) on the wire. */
export function toApiTime(ms: number): string;
export function toApiTime(ms: number | null): string | null;
export function toApiTime(ms: number | null): string | null {
  // "2026-05-01T19:00:00.000Z" → "2026-05-01T19:00:00Z" (a slice: this runs for every time in every answer)
  return ms === null ? null : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The shape of an input time: ISO 8601 with a zone, seconds and fraction optional. */
export const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Parses an ISO 8601 date-time that carries a zone (Z or ±hh:mm). Returns null otherwise — also for a date or
 * time that does not exist (`2027-02-30`, `24:00`, `+25:00`), which Date.parse would roll over into another one.
 */
export function parseApiTime(text: string): number | null {
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) return null;
  const part = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const ms = Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
  const [offsetH, offsetM] = [part(10), part(11)];
  if (hour > 23 || minute > 59 || second > 59 || offsetH > 23 || offsetM > 59) return null;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 1900–1999
  wall.setUTCHours(hour, minute, second, ms);
  // A day or month out of range rolls over: it does not exist if the parts do not come back unchanged.
  if (wall.getUTCFullYear() !== year || wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day)
    return null;
  const offset = (m[8] ? 0 : m[9] === "-" ? -1 : 1) * (offsetH * 60 + offsetM) * 60_000;
  return wall.getTime() - offset;
}

/** Built on first use: listing every zone costs a few ms that a start-up should not pay. */
let zones: Set<string> | undefined;
const knownZones = () => {
  zones ??= new Set(Intl.supportedValuesOf("timeZone"));
  return zones;
};

/** IANA zone names only ("Europe/Paris", "UTC"); abbreviations like "EST" are refused. */
export function isValidTimeZone(name: string): boolean {
  if (name === "UTC" || knownZones().has(name)) return true;
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one: one per zone, kept. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock parts of an instant in `timeZone` (to the second). */
export function zonedParts(ms: number, timeZone: string) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

/** The offset of `timeZone` from UTC at the instant `utcMs`, in ms (e.g. +7 200 000 for Paris in summer). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const p = zonedParts(utcMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time in `timeZone` (DST gaps resolve forward). */
export function zonedToUtc(
  timeZone: string,
  year: number,
  month: number,
  day = 1,
  hour = 0,
  minute = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** [start, end) of a calendar month in `timeZone`, as UTC epoch ms. */
export function monthRange(timeZone: string, year: number, month: number): [number, number] {
  const next = month === 12 ? [year + 1, 1] : [year, month + 1];
  return [zonedToUtc(timeZone, year, month), zonedToUtc(timeZone, next[0] as number, next[1] as number)];
}

/** "2026-05-01" (UTC day) and "2026-05" (UTC month): the keys of the usage counters. */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const utcMonth = (ms: number) => new Date(ms).toISOString().slice(0, 7);
