import { describe, expect, test } from "bun:test";
import { pinSetup } from "../testing/pin-setup";
import { AUTO_MAX, AUTO_MIN, adaptiveConcurrency, fixedConcurrency } from "./publishing.concurrency";

/** One round trip: every call in flight comes back fine while due pins still wait. */
function roundTrip(limit: ReturnType<typeof adaptiveConcurrency>) {
  const inFlight = limit.current();
  for (let i = 0; i < inFlight; i++) {
    limit.backlog();
    limit.succeeded();
  }
}

describe("the adaptive publish concurrency", () => {
  test("starts at the minimum and doubles each round trip while pins wait (slow start)", () => {
    const limit = adaptiveConcurrency();
    expect(limit.current()).toBe(AUTO_MIN);
    roundTrip(limit);
    expect(limit.current()).toBe(8);
    roundTrip(limit);
    expect(limit.current()).toBe(16);
  });

  test("never grows without a backlog, and never past the maximum", () => {
    const limit = adaptiveConcurrency();
    for (let i = 0; i < 100; i++) limit.succeeded();
    expect(limit.current()).toBe(AUTO_MIN);
    for (let i = 0; i < 20; i++) roundTrip(limit);
    expect(limit.current()).toBe(AUTO_MAX);
  });

  test("a 429 halves it; after that it grows by one per round trip only", () => {
    const limit = adaptiveConcurrency();
    roundTrip(limit);
    roundTrip(limit);
    roundTrip(limit); // 32
    limit.rateLimited();
    expect(limit.current()).toBe(16);
    roundTrip(limit);
    expect(limit.current()).toBe(17);
    for (let i = 0; i < 10; i++) limit.rateLimited();
    expect(limit.current()).toBe(AUTO_MIN);
  });

  test("a fixed setting stays what it is", () => {
    const limit = fixedConcurrency(7);
    limit.backlog();
    limit.succeeded();
    limit.rateLimited();
    expect(limit.current()).toBe(7);
  });
});

describe("the publisher at the default concurrency", () => {
  test("with a backlog it raises its limit as calls come back; Pinterest's 429s bring it down", async () => {
    const s = await pinSetup({ env: { PINFLOW_RATE_LIMITS: "off" } });
    for (let i = 0; i < 60; i++) await s.createOk({ title: `p${i}` });
    expect(s.t.publisher.concurrency()).toBe(AUTO_MIN);
    // Calls that take time, as real ones do: with instant answers there is never a call waiting for a slot.
    s.t.deps.emulator?.faults.latency(50);
    await s.t.publisher.tick();
    await s.t.publisher.settled();
    expect(s.t.deps.emulator?.pins()).toHaveLength(60);
    const grown = s.t.publisher.concurrency();
    expect(grown).toBeGreaterThan(AUTO_MIN);

    await s.createOk({ title: "limited" });
    s.t.deps.emulator?.faults.failNextCreates(1, { status: 429, code: 8 });
    await s.t.publisher.tick();
    await s.t.publisher.settled();
    expect(s.t.publisher.concurrency()).toBe(Math.max(AUTO_MIN, Math.floor(grown / 2)));
  });
});
