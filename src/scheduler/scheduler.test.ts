import { describe, expect, test } from "bun:test";
import { createMemoryLogger } from "../shared/log";
import { createTestClock } from "../testing/clock";
import { createFakeTriggers } from "../testing/triggers";
import { createScheduler, cronTriggers, type JobDefinition } from "./scheduler";

function setup(jobs: JobDefinition<{ calls: string[] }>[]) {
  const { logger, lines } = createMemoryLogger();
  const deps = { calls: [] as string[] };
  const clock = createTestClock("2026-05-01T00:00:00Z");
  const scheduler = createScheduler({ jobs, deps, clock, log: logger, tickMs: 1000 });
  return { scheduler, deps, lines, clock };
}

describe("scheduler", () => {
  test("a job run now records its start, finish, duration and count", async () => {
    const { scheduler, deps } = setup([
      { name: "a", description: "d", schedule: "0 * * * *", run: async (d) => void d.calls.push("a") },
    ]);
    const status = await scheduler.runNow("a");
    expect(deps.calls).toEqual(["a"]);
    expect(status).toMatchObject({ name: "a", run_count: 1, last_error: null, running: false });
    expect(status.last_started_at).toBe(Date.parse("2026-05-01T00:00:00Z"));
    expect(typeof status.last_duration_ms).toBe("number");
  });

  test("a failing job is caught, logged and reported, and the next run clears the error", async () => {
    let fail = true;
    const { scheduler, lines } = setup([
      {
        name: "flaky",
        description: "d",
        schedule: "tick",
        run: async () => {
          if (fail) throw new Error("pinterest down");
        },
      },
    ]);
    expect((await scheduler.runNow("flaky")).last_error).toBe("pinterest down");
    expect(lines.some((l) => l.msg === "job failed" && l.job === "flaky")).toBe(true);
    fail = false;
    expect((await scheduler.runNow("flaky")).last_error).toBeNull();
  });

  test("a run never overlaps a run already in progress", async () => {
    let active = 0;
    let maxActive = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { scheduler } = setup([
      {
        name: "slow",
        description: "d",
        schedule: "tick",
        run: async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await gate;
          active--;
        },
      },
    ]);
    const first = scheduler.runNow("slow");
    const second = scheduler.runNow("slow");
    expect(scheduler.status()[0]?.running).toBe(true);
    release();
    await Promise.all([first, second]);
    expect(maxActive).toBe(1);
  });

  test("tick jobs set the heartbeat that /health reports", async () => {
    const { scheduler, clock } = setup([
      { name: "tick", description: "d", schedule: "tick", run: async () => {} },
      { name: "daily", description: "d", schedule: "0 3 * * *", run: async () => {} },
    ]);
    expect(scheduler.lastTickAt()).toBeNull();
    await scheduler.runNow("daily");
    expect(scheduler.lastTickAt()).toBeNull();
    clock.advance(5000);
    await scheduler.runNow("tick");
    expect(scheduler.lastTickAt()).toBe(clock.now());
  });

  test("started jobs fire when their time comes, and stop() waits for the running one", async () => {
    const clock = createTestClock("2026-05-01T00:00:00Z");
    const triggers = createFakeTriggers(clock);
    const runs: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const scheduler = createScheduler({
      jobs: [
        { name: "tick", description: "d", schedule: "tick", run: async () => void runs.push("tick") },
        {
          name: "hourly",
          description: "d",
          schedule: "7 * * * *",
          run: async () => {
            runs.push("hourly");
            await gate;
          },
        },
      ],
      deps: {},
      clock,
      log: createMemoryLogger().logger,
      tickMs: 2000,
      triggers: triggers.start,
    });
    scheduler.start();
    expect(scheduler.status().map((j) => j.next_run_at)).toEqual([
      Date.parse("2026-05-01T00:00:02Z"),
      Date.parse("2026-05-01T00:07:00Z"),
    ]);
    clock.advance(1000);
    expect(triggers.fireDue().fired).toEqual([]);
    clock.set("2026-05-01T00:07:00Z");
    const { fired, done } = triggers.fireDue();
    expect(fired).toEqual(["tick", "hourly"]);
    expect(scheduler.status()[1]?.running).toBe(true);

    const stopped = scheduler.stop(60_000);
    release();
    await stopped;
    await done;
    expect(scheduler.status()[1]?.running).toBe(false);
    clock.set("2026-05-01T01:07:00Z");
    expect(triggers.fireDue().fired).toEqual([]);
    expect(runs).toEqual(["tick", "hourly"]);
  });

  test("croner computes the real schedule: a tick every tickMs, a pattern at its next match", () => {
    const tick = cronTriggers({ name: "t", pattern: "* * * * * *", everySeconds: 5 }, async () => {});
    const daily = cronTriggers({ name: "d", pattern: "17 3 * * *", everySeconds: 0 }, async () => {});
    try {
      expect(tick.nextRun()).toBeGreaterThan(Date.now());
      expect(new Date(daily.nextRun() as number).getMinutes()).toBe(17);
    } finally {
      tick.stop();
      daily.stop();
    }
    expect(tick.nextRun()).toBeNull();
  });
});
