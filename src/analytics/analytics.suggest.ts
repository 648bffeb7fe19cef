/**
 * Best times from the account's own history: which hours and weekdays (in the user's time zone) the pins that
 * earned the most saves and clicks were published at. Pure: no clock, no database.
 *
 * Each pin counts once, by what it earned in its first 14 days (saves + pin clicks + outbound clicks), so old
 * and new pins compare fairly. Per hour and per weekday: the average per pin, pulled towards the overall
 * average by a few imaginary average pins (so one lucky pin at 03:00 does not make 03:00 the best hour), and
 * hours smoothed with their neighbours. A slot's score is its hour's times its weekday's (relative to the
 * average). Slots are shared out over the weekdays in proportion to their scores (D'Hondt: the best days get
 * more, every day one before any gets two), then each day takes its best hours, at least two hours apart.
 * With fewer than MIN_PINS pins to learn from, the same procedure runs on Pinterest's usual good times
 * (evenings and weekends), and the answer says so.
 */
import type { Slot, Weekday } from "../schedule/schedule.schema";
import { WEEKDAY_NAMES } from "../schedule/schedule.schema";

export interface PinOutcome {
  /** When it was published, as local weekday (0 = Monday) and hour in the user's time zone. */
  weekday: number;
  hour: number;
  /** Saves + pin clicks + outbound clicks in its first days. */
  engagement: number;
}

export interface HourStat {
  hour: number;
  pins: number;
  per_pin: number | null;
}
export interface WeekdayStat {
  day: Weekday;
  pins: number;
  per_pin: number | null;
}

export interface Suggestion {
  basis: "history" | "default";
  slots: Slot[];
  hours: HourStat[];
  weekdays: WeekdayStat[];
}

/** Pins needed before the history is trusted over the defaults. */
export const MIN_PINS = 10;
/** Imaginary average pins each hour and weekday starts with (shrinkage towards the overall average). */
const PRIOR_PINS = 3;
/** Slots of one day are at least this many hours apart. */
const MIN_GAP_HOURS = 2;

/** Pinterest's usual advice, as scores: evenings (20–22 h) first, then lunch and late afternoon; weekends. */
const DEFAULT_HOUR_SCORE = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.45, 0.55, 0.6, 0.6, 0.65, 0.75, 0.7, 0.65, 0.65, 0.7, 0.75, 0.8,
  0.85, 1, 0.98, 0.9, 0.6,
];
const DEFAULT_DAY_SCORE = [0.9, 0.88, 0.9, 0.92, 1, 1.1, 1.08];

const round = (n: number) => Math.round(n * 100) / 100;

function stats(pins: PinOutcome[], keyOf: (p: PinOutcome) => number, size: number) {
  const sums = Array<number>(size).fill(0);
  const counts = Array<number>(size).fill(0);
  for (const p of pins) {
    const k = keyOf(p);
    sums[k] = (sums[k] as number) + p.engagement;
    counts[k] = (counts[k] as number) + 1;
  }
  return { sums, counts };
}

/** The scores of the history: per hour (smoothed) and per weekday, around 1 = the average pin. */
function learnedScores(pins: PinOutcome[]) {
  const mean = pins.reduce((n, p) => n + p.engagement, 0) / pins.length || 1;
  const shrunk = ({ sums, counts }: { sums: number[]; counts: number[] }) =>
    sums.map((sum, i) => (sum + PRIOR_PINS * mean) / ((counts[i] as number) + PRIOR_PINS) / mean);
  const byHour = shrunk(stats(pins, (p) => p.hour, 24));
  const hours = byHour.map(
    (h, i) => 0.25 * (byHour[(i + 23) % 24] as number) + 0.5 * h + 0.25 * (byHour[(i + 1) % 24] as number),
  );
  return { hours, days: shrunk(stats(pins, (p) => p.weekday, 7)) };
}

/** `count` slots from hour and weekday scores (ties go to Pinterest's usual good times). */
export function pickSlots(hourScore: number[], dayScore: number[], count: number): Slot[] {
  // D'Hondt: each next slot goes to the day with the highest score / (slots it has + 1)
  const perDay = Array<number>(7).fill(0);
  for (let n = 0; n < count; n++) {
    let best = 0;
    for (let d = 1; d < 7; d++) {
      const q = (dayScore[d] as number) / ((perDay[d] as number) + 1);
      const b = (dayScore[best] as number) / ((perDay[best] as number) + 1);
      if (
        q > b + 1e-9 ||
        (Math.abs(q - b) <= 1e-9 && (DEFAULT_DAY_SCORE[d] as number) > (DEFAULT_DAY_SCORE[best] as number))
      )
        best = d;
    }
    perDay[best] = (perDay[best] as number) + 1;
  }
  const ranked = Array.from({ length: 24 }, (_, h) => h).sort(
    (a, b) =>
      (hourScore[b] as number) - (hourScore[a] as number) ||
      (DEFAULT_HOUR_SCORE[b] as number) - (DEFAULT_HOUR_SCORE[a] as number),
  );
  const slots: Slot[] = [];
  for (let d = 0; d < 7; d++) {
    const taken: number[] = [];
    for (const hour of ranked) {
      if (taken.length >= (perDay[d] as number)) break;
      if (taken.some((t) => Math.abs(t - hour) < MIN_GAP_HOURS)) continue;
      taken.push(hour);
    }
    // more slots than fit two hours apart: the next best hours, whatever the gap
    for (const hour of ranked) {
      if (taken.length >= (perDay[d] as number)) break;
      if (!taken.includes(hour)) taken.push(hour);
    }
    for (const hour of taken.sort((a, b) => a - b))
      slots.push({ day: WEEKDAY_NAMES[d] as Weekday, time: `${String(hour).padStart(2, "0")}:00` });
  }
  return slots;
}

/** Slots to propose from the pins' outcomes (history), or from the defaults when there are too few. */
export function suggestSlots(pins: PinOutcome[], count: number): Suggestion {
  const hourStats = stats(pins, (p) => p.hour, 24);
  const dayStats = stats(pins, (p) => p.weekday, 7);
  const perPin = (sum: number, n: number) => (n > 0 ? round(sum / n) : null);
  const hours = hourStats.sums.map((sum, hour) => ({
    hour,
    pins: hourStats.counts[hour] as number,
    per_pin: perPin(sum, hourStats.counts[hour] as number),
  }));
  const weekdays = dayStats.sums.map((sum, d) => ({
    day: WEEKDAY_NAMES[d] as Weekday,
    pins: dayStats.counts[d] as number,
    per_pin: perPin(sum, dayStats.counts[d] as number),
  }));
  if (pins.length < MIN_PINS) {
    return {
      basis: "default",
      slots: pickSlots(DEFAULT_HOUR_SCORE, DEFAULT_DAY_SCORE, count),
      hours,
      weekdays,
    };
  }
  const learned = learnedScores(pins);
  return { basis: "history", slots: pickSlots(learned.hours, learned.days, count), hours, weekdays };
}
