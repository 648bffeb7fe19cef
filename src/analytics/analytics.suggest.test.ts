import { describe, expect, test } from "bun:test";
import { type PinOutcome, pickSlots, suggestSlots } from "./analytics.suggest";

/** `n` pins published on weekday `weekday` (0 = Monday) at `hour`, each earning `engagement`. */
const pins = (n: number, weekday: number, hour: number, engagement: number): PinOutcome[] =>
  Array.from({ length: n }, (_, i) => ({ weekday, hour, engagement: engagement + (i % 3) - 1 }));

describe("suggested slots", () => {
  test("with too little history: Pinterest's usual good times, one a day at 20:00 for seven slots", () => {
    const s = suggestSlots(pins(9, 5, 9, 80), 7);
    expect(s.basis).toBe("default");
    const week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
    expect(s.slots).toEqual(week.map((day) => ({ day, time: "20:00" })));
  });

  test("more slots than days go to the better days first, each day's slots at least two hours apart", () => {
    const s = suggestSlots([], 10);
    expect(s.slots.filter((x) => x.day === "sat").map((x) => x.time)).toEqual(["20:00", "22:00"]);
    expect(s.slots.filter((x) => x.day === "sun").map((x) => x.time)).toEqual(["20:00", "22:00"]);
    expect(s.slots.filter((x) => x.day === "mon")).toHaveLength(1);
    expect(s.slots).toHaveLength(10);
  });

  test("from history: the weekday and hour whose pins earned most per pin come first; untried days count as average", () => {
    const history = [...pins(8, 1, 8, 10), ...pins(8, 6, 17, 40), ...pins(8, 2, 12, 12)];
    const s = suggestSlots(history, 3);
    expect(s.basis).toBe("history");
    // Sunday did best; Friday and Saturday were never tried (average), Tuesday and Wednesday did poorly
    expect(s.slots).toEqual([
      { day: "fri", time: "17:00" },
      { day: "sat", time: "17:00" },
      { day: "sun", time: "17:00" },
    ]);
    expect(suggestSlots(history, 1).slots).toEqual([{ day: "sun", time: "17:00" }]);
    expect(s.weekdays.find((w) => w.day === "sun")).toEqual({ day: "sun", pins: 8, per_pin: 39.88 });
    expect(s.hours[8]).toEqual({ hour: 8, pins: 8, per_pin: 9.88 });
    expect(s.hours[3]).toEqual({ hour: 3, pins: 0, per_pin: null });
  });

  test("one lucky pin does not outweigh many good ones (each hour starts from the average)", () => {
    const history = [...pins(12, 4, 19, 30), ...pins(12, 0, 9, 10), { weekday: 2, hour: 3, engagement: 45 }];
    const s = suggestSlots(history, 1);
    expect(s.slots).toEqual([{ day: "fri", time: "19:00" }]);
  });

  test("a day's slots are two hours apart or more, and all different when more are asked for than fit", () => {
    const slots = pickSlots(Array(24).fill(1), [1, 1, 1, 1, 1, 1, 1], 7 * 13);
    for (const day of ["mon", "sun"]) {
      const hours = slots.filter((x) => x.day === day).map((x) => Number(x.time.slice(0, 2)));
      expect(hours).toHaveLength(13);
      expect(new Set(hours).size).toBe(13);
    }
    const eight = pickSlots(Array(24).fill(1), [1, 1, 1, 1, 1, 1, 1], 7 * 8)
      .filter((x) => x.day === "tue")
      .map((x) => Number(x.time.slice(0, 2)));
    expect(eight).toHaveLength(8);
    expect(eight.every((h, i) => i === 0 || h - (eight[i - 1] as number) >= 2)).toBe(true);
  });
});
