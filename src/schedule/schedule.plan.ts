/**
 * The queue plan of one profile with posting slots: which queued pin each coming slot occurrence will
 * publish, hence every queued pin's `queue_at`. Occurrences after the profile's cursor are open (an open one
 * already in the past was missed while PinFlow was down: it is due now, late, not skipped). Each takes the
 * first pin in queue order that keeps the spacing guard; a pin that would come too close waits and later
 * pins go ahead of it. A pin that already had its slot and waits for a retry keeps its own time. Pure.
 */

import type { Slot } from "./schedule.schema";
import { nextOccurrences } from "./schedule.slots";
import { type FixedPin, SpacingBook, spacingKeys } from "./schedule.spacing";

/** Pins further out than this are not placed (queue_at null): the plan of a huge queue stays bounded. */
export const PLAN_HORIZON_MS = 2 * 366 * 86_400_000;

export interface QueuedPin {
  id: number;
  link: string | null;
  media_url: string;
  /** The occurrence it was claimed for, when an earlier attempt already used its slot. */
  slot_at: number | null;
  next_attempt_at: number | null;
}

export interface PlanInput {
  slots: readonly Slot[];
  zone: string;
  /** Occurrences at or before this instant are used up. */
  cursor: number;
  now: number;
  spacingDays: number;
  /** In queue order (sort_order, id). */
  queued: readonly QueuedPin[];
  fixed: readonly FixedPin[];
}

export interface Plan {
  /** queue_at of each queued pin placed within the horizon. */
  queueAt: Map<number, number>;
  /** The open occurrences from the cursor on, each with the pin it takes or null, up to the last placed pin. */
  occurrences: Array<{ at: number; pinId: number | null }>;
  /** The first open occurrence no queued pin takes. */
  firstFree: number | null;
  /** Every queued pin in the order it will publish: placed ones by queue_at, then the rest in queue order. */
  publishOrder: number[];
}

const BATCH = 256;

export function planQueue(input: PlanInput): Plan {
  const plan = placePins(input);
  // a stable sort: two pins in one instant keep their queue order
  const placed = [...plan.queueAt].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const rest = input.queued.filter((p) => !plan.queueAt.has(p.id)).map((p) => p.id);
  return { ...plan, publishOrder: [...placed, ...rest] };
}

function placePins(input: PlanInput): Omit<Plan, "publishOrder"> {
  const queueAt = new Map<number, number>();
  const occurrences: Plan["occurrences"] = [];
  const book = new SpacingBook(input.spacingDays * 86_400_000, input.fixed);
  const waiting: Waiting[] = [];
  for (const pin of input.queued) {
    if (pin.slot_at !== null) queueAt.set(pin.id, Math.max(pin.next_attempt_at ?? input.now, pin.slot_at));
    else {
      waiting.push({ id: pin.id, keys: spacingKeys(pin) });
    }
  }
  if (input.slots.length === 0) return { queueAt, occurrences, firstFree: null };

  const horizon = Math.max(input.now, input.cursor) + PLAN_HORIZON_MS;
  const taken = new Set<number>();
  let head = 0;
  let after = input.cursor;
  let firstFree: number | null = null;
  // when every waiting pin is too close, no occurrence before this can take one: skip the scans
  let blockedUntil = Number.NEGATIVE_INFINITY;
  while (after < horizon) {
    const batch = nextOccurrences(input.slots, input.zone, after, BATCH);
    for (const at of batch) {
      if (at >= horizon) return { queueAt, occurrences, firstFree: firstFree ?? at };
      while (head < waiting.length && taken.has((waiting[head] as Waiting).id)) head++;
      if (head >= waiting.length) return { queueAt, occurrences, firstFree: firstFree ?? at };
      const pick = at < blockedUntil ? null : firstEligible(waiting, head, taken, book, at);
      if (pick === null || "until" in pick) {
        if (pick) blockedUntil = pick.until;
        occurrences.push({ at, pinId: null });
        firstFree ??= at;
        continue;
      }
      taken.add(pick.id);
      book.place(pick.id, pick.keys, at);
      queueAt.set(pick.id, at);
      occurrences.push({ at, pinId: pick.id });
    }
    after = batch[batch.length - 1] as number;
  }
  return { queueAt, occurrences, firstFree };
}

/**
 * The first waiting pin (queue order) that keeps its distance at `at`; when every one is too close, the
 * earliest instant any of them could go (`until`).
 */
function firstEligible(
  waiting: readonly Waiting[],
  head: number,
  taken: ReadonlySet<number>,
  book: SpacingBook,
  at: number,
): Waiting | { until: number } {
  if (!book.enabled) {
    for (let i = head; i < waiting.length; i++)
      if (!taken.has((waiting[i] as Waiting).id)) return waiting[i] as Waiting;
    return { until: Number.POSITIVE_INFINITY };
  }
  let until = Number.POSITIVE_INFINITY;
  // a key found too close blocks every pin that has it: later pins with it are skipped by a lookup
  const blockedKeys = new Set<string>();
  for (let i = head; i < waiting.length; i++) {
    const pin = waiting[i] as Waiting;
    if (taken.has(pin.id) || pin.keys.some((k) => blockedKeys.has(k))) continue;
    let free = true;
    for (const key of pin.keys) {
      const earliest = book.earliestFor(key, at);
      if (earliest > at) {
        blockedKeys.add(key);
        until = Math.min(until, earliest);
        free = false;
      }
    }
    if (free) return pin;
  }
  return { until };
}

interface Waiting {
  id: number;
  keys: string[];
}
