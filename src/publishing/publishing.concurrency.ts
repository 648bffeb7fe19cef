/**
 * How many Pinterest calls the publisher keeps in flight. A number in PINFLOW_PUBLISH_CONCURRENCY fixes it;
 * "auto" (the default) adapts the way TCP does to a network: while due pins wait for a free slot it grows
 * by one per call that comes back fine — so it doubles every round trip at first (slow start) and is paced
 * by Pinterest's own latency — and a 429 halves it, after which it grows by one per round trip only. It
 * never grows without a backlog (a quiet queue stays at the minimum) and stays within [min, max].
 */
export interface ConcurrencyLimit {
  current(): number;
  /** Due pins were left waiting because every slot was taken. */
  backlog(): void;
  /** A call came back without a rate-limit answer. */
  succeeded(): void;
  /** Pinterest answered 429. */
  rateLimited(): void;
}

export const AUTO_MIN = 4;
export const AUTO_MAX = 48;

export function fixedConcurrency(n: number): ConcurrencyLimit {
  return { current: () => n, backlog() {}, succeeded() {}, rateLimited() {} };
}

export function adaptiveConcurrency(min = AUTO_MIN, max = AUTO_MAX): ConcurrencyLimit {
  let limit = min;
  /** Above this, growth is one per round trip (set by the last 429); below it, one per success. */
  let threshold = max;
  let growth = 0;
  let pressed = false;
  return {
    current: () => Math.floor(limit),
    backlog() {
      pressed = true;
    },
    succeeded() {
      if (!pressed || limit >= max) return;
      growth += limit < threshold ? 1 : 1 / limit;
      if (growth >= 1) {
        limit = Math.min(max, limit + Math.floor(growth));
        growth -= Math.floor(growth);
        pressed = false; // grows again only once a fill finds the slots full again
      }
    },
    rateLimited() {
      limit = Math.max(min, Math.floor(limit / 2));
      threshold = limit;
      growth = 0;
    },
  };
}
