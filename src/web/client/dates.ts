/**
 * Calendar days in the user's time zone. A day is a key "2026-05-18" (the local date); instants are epoch
 * ms. Day arithmetic is done on the date alone (UTC noon-free math on Date.UTC), instants come from
 * shared/time's zonedToUtc, so weeks across a daylight-saving change keep their 23- or 25-hour days.
 */
import { zonedParts, zonedToUtc } from "../../shared/time";

export type DayKey = string;

export const pad = (n: number) => String(n).padStart(2, "0");

export function dayKeyOf(ms: number, timeZone: string): DayKey {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function partsOf(key: DayKey) {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

const utcDate = (key: DayKey) => {
  const { y, m, d } = partsOf(key);
  return new Date(Date.UTC(y, m - 1, d));
};

const keyOfUtcDate = (dt: Date) =>
  `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;

export function addDays(key: DayKey, n: number): DayKey {
  const dt = utcDate(key);
  dt.setUTCDate(dt.getUTCDate() + n);
  return keyOfUtcDate(dt);
}

/** 0 = Monday … 6 = Sunday. */
export const weekdayOf = (key: DayKey) => (utcDate(key).getUTCDay() + 6) % 7;

export const mondayOf = (key: DayKey) => addDays(key, -weekdayOf(key));

export const firstOfMonth = (key: DayKey) => `${key.slice(0, 7)}-01`;

export function addMonths(key: DayKey, n: number): DayKey {
  const { y, m } = partsOf(key);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

export function daysInMonth(key: DayKey): number {
  const { y, m } = partsOf(key);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The instant of `hour:minute` on day `key` in `timeZone`. */
export function instantOf(key: DayKey, hour: number, minute: number, timeZone: string): number {
  const { y, m, d } = partsOf(key);
  return zonedToUtc(timeZone, y, m, d, hour, minute);
}

export const startOfDay = (key: DayKey, timeZone: string) => instantOf(key, 0, 0, timeZone);

/** Local hour and minute of an instant. */
export function clockOf(ms: number, timeZone: string) {
  const p = zonedParts(ms, timeZone);
  return { hour: p.hour, minute: p.minute };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(opts);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, opts);
    formats.set(key, f);
  }
  return f;
}

/** "Mon 18 May" style label of a day (the browser's language). */
export const dayLabel = (key: DayKey, opts: Intl.DateTimeFormatOptions = {}) =>
  format({ weekday: "short", day: "numeric", month: "short", timeZone: "UTC", ...opts }).format(utcDate(key));

/** "2:30 PM" / "14:30" (the browser's language) of an instant in `timeZone`. */
export const timeLabel = (ms: number, timeZone: string) =>
  format({ hour: "numeric", minute: "2-digit", timeZone }).format(new Date(ms));

/** "9 AM" / "09" label of an hour row. */
export const hourLabel = (hour: number) =>
  format({ hour: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(2000, 0, 1, hour)));

/** "May 2026". */
export const monthLabel = (key: DayKey) =>
  format({ month: "long", year: "numeric", timeZone: "UTC" }).format(utcDate(key));

/** "Tue 19 May, 2:30 PM" of an instant in `timeZone`. */
export const whenLabel = (ms: number, timeZone: string) =>
  `${dayLabel(dayKeyOf(ms, timeZone))}, ${timeLabel(ms, timeZone)}`;
