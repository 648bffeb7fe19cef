import { describe, expect, test } from "bun:test";
import { toApiTime } from "../shared/time";
import { nextOccurrences, occurrencesBetween } from "./schedule.slots";

const iso = (ms: number[]) => ms.map(toApiTime);
const at = (s: string) => Date.parse(s);

describe("slot occurrences", () => {
  test("weekly slots in a zone become UTC instants, ascending, within [from, to)", () => {
    const slots = [
      { day: "wed" as const, time: "18:00" },
      { day: "mon" as const, time: "09:00" },
      { day: "mon" as const, time: "09:00" },
    ];
    // 2027-05-03 is a Monday; Berlin is UTC+2 in summer
    expect(
      iso(occurrencesBetween(slots, "Europe/Berlin", at("2027-05-03T00:00:00Z"), at("2027-05-10T07:00:00Z"))),
    ).toEqual(["2027-05-03T07:00:00Z", "2027-05-03T07:00:00Z", "2027-05-05T16:00:00Z"]);
  });

  test("a slot that does not exist on a spring-forward day fires an hour later, local", () => {
    // Berlin: 2027-03-28 02:00 → 03:00; 02:30 does not exist and fires at 03:30 CEST = 01:30Z
    const slots = [
      { day: "sun" as const, time: "02:30" },
      { day: "sun" as const, time: "03:00" },
    ];
    expect(
      iso(occurrencesBetween(slots, "Europe/Berlin", at("2027-03-27T00:00:00Z"), at("2027-03-29T00:00:00Z"))),
    ).toEqual(["2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z"]);
  });

  test("a slot on a fall-back day fires once, though its wall time happens twice", () => {
    // Berlin: 2027-10-31 03:00 CEST → 02:00 CET; 02:30 happens at 00:30Z and at 01:30Z
    const slots = [{ day: "sun" as const, time: "02:30" }];
    const found = occurrencesBetween(
      slots,
      "Europe/Berlin",
      at("2027-10-30T00:00:00Z"),
      at("2027-11-01T00:00:00Z"),
    );
    expect(found).toHaveLength(1);
    expect(["2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z"]).toContain(toApiTime(found[0] as number));
  });

  test("the weeks on both sides of a transition keep their own offsets", () => {
    const slots = [{ day: "mon" as const, time: "09:00" }];
    expect(
      iso(
        occurrencesBetween(slots, "America/New_York", at("2027-03-01T00:00:00Z"), at("2027-03-23T00:00:00Z")),
      ),
    ).toEqual([
      "2027-03-01T14:00:00Z", // EST
      "2027-03-08T14:00:00Z", // EST (DST starts Sunday 2027-03-14)
      "2027-03-15T13:00:00Z", // EDT
      "2027-03-22T13:00:00Z",
    ]);
  });

  test("next occurrences are strictly after the given instant and as many as asked", () => {
    const slots = [{ day: "tue" as const, time: "12:00" }];
    const after = at("2027-05-04T10:00:00Z"); // Tuesday 12:00 Berlin, exactly a slot
    expect(iso(nextOccurrences(slots, "Europe/Berlin", after, 3))).toEqual([
      "2027-05-11T10:00:00Z",
      "2027-05-18T10:00:00Z",
      "2027-05-25T10:00:00Z",
    ]);
    expect(nextOccurrences([], "UTC", after, 3)).toEqual([]);
  });

  test("a year of occurrences for ten thousand slots' worth of queue stays a fast walk", () => {
    const slots = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap((day) =>
      ["08:00", "12:30", "19:00"].map((time) => ({ day: day as "mon", time })),
    );
    expect(nextOccurrences(slots, "Europe/Berlin", at("2027-01-01T00:00:00Z"), 10_000)).toHaveLength(10_000);
  });
});
