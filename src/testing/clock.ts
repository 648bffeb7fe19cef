import type { Clock } from "../shared/clock";

export interface TestClock extends Clock {
  set(ms: number | string): void;
  advance(ms: number): void;
}

/** A clock that only moves when the test says so. */
export function createTestClock(start: number | string = "2026-05-01T12:00:00Z"): TestClock {
  let now = typeof start === "string" ? Date.parse(start) : start;
  return {
    now: () => now,
    set: (ms) => {
      now = typeof ms === "string" ? Date.parse(ms) : ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
