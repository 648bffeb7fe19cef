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

  test("a date or time that does not exist is refused, not rolled over into another one", () => {
    for (const text of [
      "2027-02-30T10:00:00Z", // Date.parse says March 2
      "2027-02-29T10:00:00Z",
      "2026-04-31T10:00:00Z",
      "2026-05-01T24:00:00Z", // Date.parse says the next midnight
      "2026-05-01T23:60:00Z",
      "2026-05-01T23:59:60Z",
      "2026-05-00T10:00:00Z",
      "2026-05-01T10:00:00+24:00",
    ]) {
      expect({ text, ms: parseApiTime(text) }).toEqual({ text, ms: null });
    }
    expect(parseApiTime("2028-02-29T10:00:00Z")).toBe(Date.parse("2028-02-29T10:00:00Z"));
    expect(parseApiTime("2026-05-01T14:30:00.25-04:30")).toBe(Date.parse("2026-05-01T19:00:00.250Z"));
    expect(parseApiTime("2026-05-01T19:00+0000")).toBe(Date.parse("2026-05-01T19:00:00Z"));
    expect(parseApiTime("0099-12-31T23:59:59Z")).toBe(Date.parse("0099-12-31T23:59:59Z"));
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
