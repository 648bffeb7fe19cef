/**
 * Weekly posting slots ({day, time} in the user's time zone) turned into UTC instants. A slot's wall time
 * follows the zone through daylight saving: on a spring-forward day a 02:30 slot that does not exist fires
 * at 03:30 local; on a fall-back day a 02:30 that happens twice fires once. Pure functions: no clock, no DB.
 */
import { zonedParts, zonedToUtc } from "../shared/time";
import type { Slot, Weekday } from "./schedule.schema";

export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_MS = 86_400_000;

interface LocalSlot {
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  minutes: number;
}

const toLocal = (slot: Slot): LocalSlot => {
  const [h, m] = slot.time.split(":").map(Number) as [number, number];
  return { weekday: WEEKDAYS.indexOf(slot.day), minutes: h * 60 + m };
};

/** Slots in the order they come in a week (two slots at the same time stay two). */
export function sortSlots(slots: readonly Slot[]): Slot[] {
  const key = (s: Slot) => WEEKDAYS.indexOf(s.day) * 1440 + toLocal(s).minutes;
  return [...slots].sort((a, b) => key(a) - key(b));
}

/** The local calendar day (as a UTC-midnight ms, to do date arithmetic on) that `ms` falls on in `zone`. */
function localDay(ms: number, zone: string): number {
  const p = zonedParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day);
}

/** Monday = 0 for a UTC-midnight day number. */
const weekdayOf = (dayMs: number) => (new Date(dayMs).getUTCDay() + 6) % 7;

/** The offset of `zone` at `utcMs`, in ms. */
function offsetAt(utcMs: number, zone: string): number {
  const p = zonedParts(utcMs, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Every slot occurrence in [fromMs, toMs), ascending (equal instants once per slot). Walks the weeks; a
 * week without a change of offset is done with arithmetic alone, so long ranges stay cheap.
 */
export function occurrencesBetween(
  slots: readonly Slot[],
  zone: string,
  fromMs: number,
  toMs: number,
): number[] {
  if (slots.length === 0 || toMs <= fromMs) return [];
  const local = sortSlots(slots).map(toLocal);
  const out: number[] = [];
  // start on the Monday of the local week holding `fromMs`, a day early so a zone ahead of UTC is covered
  const firstDay = localDay(fromMs, zone) - DAY_MS;
  let monday = firstDay - weekdayOf(firstDay) * DAY_MS;
  while (true) {
    const weekEnd = monday + 7 * DAY_MS;
    // the week's offsets at its two ends (± a day of slack): equal means no transition in between
    const before = offsetAt(monday - DAY_MS, zone);
    const after = offsetAt(weekEnd + DAY_MS, zone);
    const week = local.map((slot) => {
      const day = monday + slot.weekday * DAY_MS;
      if (before === after) return day + slot.minutes * 60_000 - before;
      const d = new Date(day);
      const [hour, minute] = [Math.floor(slot.minutes / 60), slot.minutes % 60];
      return zonedToUtc(zone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour, minute);
    });
    // a slot moved forward by a DST gap (02:30 → 03:30) can pass a later slot of the same day
    if (before !== after) week.sort((a, b) => a - b);
    for (const at of week) {
      if (at >= toMs) return out;
      if (at >= fromMs) out.push(at);
    }
    monday = weekEnd;
  }
}

/** The first `count` occurrences strictly after `afterMs`. */
export function nextOccurrences(
  slots: readonly Slot[],
  zone: string,
  afterMs: number,
  count: number,
): number[] {
  if (slots.length === 0 || count <= 0) return [];
  const out: number[] = [];
  let from = afterMs + 1;
  // a week holds slots.length occurrences: ask for a little more than enough, then continue if short
  while (out.length < count) {
    const weeks = Math.ceil((count - out.length) / slots.length) + 1;
    const to = from + weeks * 7 * DAY_MS;
    out.push(...occurrencesBetween(slots, zone, from, to));
    from = to;
  }
  return out.slice(0, count);
}

/** The local date ("2026-05-03") of an instant in `zone`. */
export function localDate(ms: number, zone: string): string {
  const p = zonedParts(ms, zone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
