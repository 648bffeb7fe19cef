import { describe, expect, test } from "bun:test";
import { isValidTimeZone, monthRange, parseApiTime, toApiTime, zonedToUtc } from "./time";

describe("time", () => {
  test("API times are rendered in UTC to the second", () => {
    expect(toApiTime(Date.parse("2026-05-01T19:00:00.789Z"))).toBe("2026-05-01T19:00:00Z");
    expect(toApiTime(null)).toBeNull();
  });

  test("input times must carry a zone and may use any offset", () => {
    expect(parseApiTime("2026-05-01T19:00:00Z")).toBe(Date.parse("2026-05-01T19:00:00Z"));
    expect(parseApiTime("2026-05-01T21:00:00+02:00")).toBe(Date.parse("2026-05-01T19:00:00Z"));
    expect(parseApiTime("2026-05-01T19:00:00")).toBeNull();
    expect(parseApiTime("tomorrow")).toBeNull();
    expect(parseApiTime("2026-13-45T19:00:00Z")).toBeNull();
  });

  test("only IANA zone names are valid", () => {
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isValidTimeZone("EST")).toBe(false);
    expect(isValidTimeZone("Europe/Atlantis")).toBe(false);
  });

  test("a local wall time converts to UTC across daylight saving", () => {
    expect(zonedToUtc("Europe/Paris", 2026, 1, 15, 12)).toBe(Date.parse("2026-01-15T11:00:00Z"));
    expect(zonedToUtc("Europe/Paris", 2026, 7, 15, 12)).toBe(Date.parse("2026-07-15T10:00:00Z"));
    expect(zonedToUtc("America/Los_Angeles", 2026, 11, 1)).toBe(Date.parse("2026-11-01T07:00:00Z"));
  });

  test("a month's boundaries are local midnights", () => {
    expect(monthRange("UTC", 2026, 5)).toEqual([
      Date.parse("2026-05-01T00:00:00Z"),
      Date.parse("2026-06-01T00:00:00Z"),
    ]);
    expect(monthRange("Asia/Tokyo", 2026, 12)).toEqual([
      Date.parse("2026-11-30T15:00:00Z"),
      Date.parse("2026-12-31T15:00:00Z"),
    ]);
  });
});
