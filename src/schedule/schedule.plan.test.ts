import { describe, expect, test } from "bun:test";
import { toApiTime } from "../shared/time";
import { type PlanInput, planQueue, type QueuedPin } from "./schedule.plan";
import { linkKey } from "./schedule.spacing";

const at = (s: string) => Date.parse(s);
const DAILY_9 = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => ({
  day: day as "mon",
  time: "09:00",
}));

function queued(id: number, extra: Partial<QueuedPin> = {}): QueuedPin {
  return {
    id,
    link: null,
    media_url: `https://img.example.com/${id}.jpg`,
    slot_at: null,
    next_attempt_at: null,
    ...extra,
  };
}

function plan(input: Partial<PlanInput>) {
  const result = planQueue({
    slots: DAILY_9,
    zone: "UTC",
    cursor: at("2027-05-03T10:00:00Z"),
    now: at("2027-05-03T10:00:00Z"),
    spacingDays: 0,
    queued: [],
    fixed: [],
    ...input,
  });
  return {
    ...result,
    times: Object.fromEntries([...result.queueAt].map(([id, ms]) => [id, toApiTime(ms)])),
  };
}

describe("the queue plan", () => {
  test("queued pins take the coming slots one each, in queue order", () => {
    const p = plan({ queued: [queued(7), queued(3), queued(5)] });
    expect(p.times).toEqual({
      7: "2027-05-04T09:00:00Z",
      3: "2027-05-05T09:00:00Z",
      5: "2027-05-06T09:00:00Z",
    });
    expect(toApiTime(p.firstFree as number)).toBe("2027-05-07T09:00:00Z");
  });

  test("slots missed while PinFlow was down are still owed: the first pins are due at once, late", () => {
    const p = plan({ cursor: at("2027-05-01T10:00:00Z"), queued: [queued(1), queued(2), queued(3)] });
    expect(p.times).toEqual({
      1: "2027-05-02T09:00:00Z",
      2: "2027-05-03T09:00:00Z",
      3: "2027-05-04T09:00:00Z",
    });
  });

  test("a pin waiting for a retry keeps its own time and takes no slot", () => {
    const retry = queued(9, {
      slot_at: at("2027-05-03T09:00:00Z"),
      next_attempt_at: at("2027-05-03T10:10:00Z"),
    });
    const p = plan({ queued: [retry, queued(1)] });
    expect(p.times).toEqual({ 9: "2027-05-03T10:10:00Z", 1: "2027-05-04T09:00:00Z" });
  });

  test("with spacing, a pin to the same link waits while later pins go ahead of it", () => {
    const post = "https://blog.example.com/post";
    const p = plan({
      spacingDays: 3,
      queued: [
        queued(1, { link: post }),
        queued(2, { link: `${post}/?utm_source=pinterest` }),
        queued(3, { link: "https://blog.example.com/other" }),
        queued(4),
      ],
    });
    expect(p.times).toEqual({
      1: "2027-05-04T09:00:00Z",
      3: "2027-05-05T09:00:00Z",
      4: "2027-05-06T09:00:00Z",
      2: "2027-05-07T09:00:00Z",
    });
  });

  test("spacing counts published and scheduled pins on both sides, and the same image", () => {
    const image = "https://img.example.com/shared.jpg";
    const p = plan({
      spacingDays: 2,
      fixed: [
        { id: 50, link: null, media_url: image, at: at("2027-05-03T08:00:00Z") },
        { id: 51, link: "https://x.example.com/a", media_url: "other", at: at("2027-05-05T12:00:00Z") },
      ],
      queued: [queued(1, { media_url: image }), queued(2, { link: "https://X.example.com/a/" }), queued(3)],
    });
    // 1 may not go before 05-05 08:00 (the image of pin 50); 2 not within 2 days of 05-05 12:00 (pin 51)
    expect(p.times).toEqual({
      3: "2027-05-04T09:00:00Z",
      1: "2027-05-05T09:00:00Z",
      2: "2027-05-08T09:00:00Z",
    });
    expect(p.occurrences.filter((o) => o.pinId === null).map((o) => toApiTime(o.at))).toEqual([
      "2027-05-06T09:00:00Z",
      "2027-05-07T09:00:00Z",
    ]);
  });

  test("without slots nothing is planned: queued pins go as soon as the queue processes them", () => {
    expect(plan({ slots: [], queued: [queued(1)] }).times).toEqual({});
  });

  test("ten thousand queued pins, all to one link, stay a bounded walk", () => {
    const pins = Array.from({ length: 10_000 }, (_, i) =>
      queued(i + 1, { link: "https://blog.example.com/" }),
    );
    const p = plan({ spacingDays: 7, queued: pins });
    expect(p.queueAt.size).toBeGreaterThan(100);
    expect(p.queueAt.size).toBeLessThan(120);
  });
});

describe("linkKey", () => {
  test("ignores scheme and host case, a trailing slash, utm_* parameters and the fragment", () => {
    expect(linkKey("HTTPS://Blog.Example.com/Post/?utm_source=x&id=3&UTM_medium=y#top")).toBe(
      "https://blog.example.com/Post?id=3",
    );
    expect(linkKey("not a url")).toBeNull();
  });
});
