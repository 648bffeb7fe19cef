/**
 * What the calendar shows for a range of days, in the user's time zone: pins with a time (scheduled,
 * published, failed, and queued pins at their slot's `queue_at`), the open posting slots, the volume
 * warnings, and the tray (drafts, pins in review, queued pins without a slot time).
 */
import type { PinDto } from "../../../../pins/pins.schema";
import type { OccurrencesDto, VolumeWarning } from "../../../../schedule/schedule.schema";
import { apiTime, get, qs } from "../../api";
import {
  addDays,
  clockOf,
  type DayKey,
  dayKeyOf,
  daysInMonth,
  firstOfMonth,
  instantOf,
  mondayOf,
  partsOf,
  startOfDay,
} from "../../dates";

export type View = "week" | "month";

export interface CalItem {
  pin: PinDto;
  at: number;
  day: DayKey;
  hour: number;
  minute: number;
}

export interface OpenSlot {
  at: number;
  day: DayKey;
  hour: number;
  minute: number;
}

export interface CalData {
  /** Which days this is about (the first day and how many): data of another range is not shown. */
  range: string;
  items: CalItem[];
  open: OpenSlot[];
  tray: PinDto[];
  warnings: VolumeWarning[];
  /** Whether the profile has posting slots at all (an empty week without them says so). */
  hasSlots: boolean;
}

export const rangeKey = (days: DayKey[]) => `${days[0]}+${days.length}`;

/** The days a view shows: a week from Monday, or the whole weeks that hold a month. */
export function daysOf(view: View, anchor: DayKey): DayKey[] {
  if (view === "week") {
    const monday = mondayOf(anchor);
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }
  const first = firstOfMonth(anchor);
  const start = mondayOf(first);
  const last = addDays(first, daysInMonth(first) - 1);
  const end = addDays(mondayOf(last), 7);
  const days: DayKey[] = [];
  for (let d = start; d !== end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The calendar months (year, month) the days fall in: /pins/calendar is asked once per month. */
function monthsOf(days: DayKey[]) {
  const seen = new Map<string, { year: number; month: number }>();
  for (const d of days) {
    const { y, m } = partsOf(d);
    seen.set(`${y}-${m}`, { year: y, month: m });
  }
  return [...seen.values()];
}

/** When a pin shows on the calendar: published at, queued at its slot, else its scheduled time. */
export function timeOfPin(pin: PinDto): number | null {
  const iso =
    pin.status === "published"
      ? pin.published_at
      : pin.status === "queued"
        ? pin.queue_at
        : pin.status === "draft" || pin.status === "review"
          ? null
          : pin.scheduled_at;
  return iso ? Date.parse(iso) : null;
}

export const isMovable = (pin: PinDto) => pin.status !== "published" && pin.status !== "publishing";

export async function loadCalendar(input: {
  profileId: number;
  timeZone: string;
  days: DayKey[];
  now: number;
}): Promise<CalData> {
  const { profileId, timeZone, days } = input;
  const from = startOfDay(days[0] as DayKey, timeZone);
  const to = startOfDay(addDays(days[days.length - 1] as DayKey, 1), timeZone);
  const [months, queued, drafts, review, occurrences] = await Promise.all([
    Promise.all(
      monthsOf(days).map((m) => get<PinDto[]>(`/pins/calendar${qs({ ...m, profile_id: profileId })}`)),
    ),
    get<PinDto[]>(`/pins${qs({ status: "queued", sort: "queue", profile_id: profileId, limit: 1000 })}`),
    get<PinDto[]>(`/pins${qs({ status: "draft", profile_id: profileId, limit: 100 })}`),
    get<PinDto[]>(`/pins${qs({ status: "review", profile_id: profileId, limit: 100 })}`),
    get<OccurrencesDto>(
      `/profiles/${profileId}/schedule/occurrences${qs({ from: apiTime(from), to: apiTime(to) })}`,
    ),
  ]);
  const byId = new Map<number, PinDto>();
  for (const pin of [...months.flat(), ...queued]) byId.set(pin.id, pin);
  const items: CalItem[] = [];
  for (const pin of byId.values()) {
    const at = timeOfPin(pin);
    if (at === null || at < from || at >= to) continue;
    items.push({ pin, at, day: dayKeyOf(at, timeZone), ...clockOf(at, timeZone) });
  }
  items.sort((a, b) => a.at - b.at || a.pin.id - b.pin.id);
  // A slot a pin already sits at (dropped there, or queued into it) is not open on screen.
  const taken = new Set(items.filter((i) => i.pin.status !== "failed").map((i) => i.at));
  const open = occurrences.occurrences
    .filter((o) => o.pin_id === null)
    .map((o) => Date.parse(o.at))
    .filter((at) => at > input.now && !taken.has(at))
    .map((at) => ({ at, day: dayKeyOf(at, timeZone), ...clockOf(at, timeZone) }));
  const tray = [...review, ...drafts, ...queued.filter((p) => p.queue_at === null)];
  return {
    range: rangeKey(days),
    items,
    open,
    tray,
    warnings: occurrences.warnings,
    hasSlots: occurrences.occurrences.length > 0,
  };
}

/** The hours a week shows: 7:00–22:00, widened to whatever is earlier or later. */
export function hoursOf(data: CalData | undefined): number[] {
  let first = 7;
  let last = 22;
  for (const x of [...(data?.items ?? []), ...(data?.open ?? [])]) {
    first = Math.min(first, x.hour);
    last = Math.max(last, x.hour);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Where a drop lands, as an instant. */
export type Target =
  | { kind: "cell"; day: DayKey; hour: number }
  | { kind: "slot"; at: number }
  | { kind: "day"; day: DayKey };

/**
 * The instant a pin lands at: a slot's own time; an hour cell takes its open slot's time when it has one,
 * else keeps the pin's minutes; a day keeps the pin's time of day, or takes the day's first open slot, or 9:00.
 */
export function landingTime(
  target: Target,
  pin: { at: number | null },
  open: OpenSlot[],
  timeZone: string,
): number {
  if (target.kind === "slot") return target.at;
  const clock = pin.at === null ? null : clockOf(pin.at, timeZone);
  if (target.kind === "cell") {
    const slot = open.find((o) => o.day === target.day && o.hour === target.hour);
    if (slot) return slot.at;
    return instantOf(target.day, target.hour, clock?.minute ?? 0, timeZone);
  }
  if (clock) return instantOf(target.day, clock.hour, clock.minute, timeZone);
  const slot = open.find((o) => o.day === target.day);
  return slot ? slot.at : instantOf(target.day, 9, 0, timeZone);
}
