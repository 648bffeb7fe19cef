import { describe, expect, test } from "bun:test";
import { jittered, parseRetryAfter } from "./retry";

describe("retry helpers", () => {
  test("Retry-After is read as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-05-01T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Fri, 01 May 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Fri, 01 May 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test("jitter stays within ±20 % by default", () => {
    for (let i = 0; i < 1000; i++) {
      const ms = jittered(60_000);
      expect(ms).toBeGreaterThanOrEqual(48_000);
      expect(ms).toBeLessThanOrEqual(72_000);
    }
  });
});
