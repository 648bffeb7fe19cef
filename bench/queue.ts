/**
 * The queue with posting slots: GET /pins?status=queued&sort=queue (one page of 100, every pin with its
 * `queue_at` from the profile's plan) against the plain list GET /pins?status=queued (newest first, no plan),
 * on the same PinFlow, at 10 000 queued pins on a profile with 3 slots a day — without and with a spacing
 * guard. Ratio of requests/s (rounds alternating) and p99 latency.
 *
 * Env: BENCH_QUEUE_PINS (default 10000), BENCH_DURATION_S (per run, default 3), BENCH_ROUNDS (default 3).
 */
import { type LoadResult, load } from "./lib/load";
import { cleanup, stop } from "./lib/proc";
import { saveResult } from "./lib/results";
import { insertPins, type PinSpec } from "./lib/seed";
import { createWorld } from "./lib/world";

const PINS = Number(process.env.BENCH_QUEUE_PINS ?? "10000");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? "3");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");
const CONNECTIONS = 16;

export interface QueueCase {
  name: string;
  spacingDays: number;
  queued: number;
  plan: LoadResult;
  plain: LoadResult;
  /** Median of the rounds' requests/s ratios (sort=queue / plain list). */
  ratio: number;
}

export interface QueueResult {
  pins: number;
  slotsPerWeek: number;
  cases: QueueCase[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;

function* queuedPins(n: number, boards: string[]): Generator<PinSpec> {
  for (let i = 0; i < n; i++) {
    yield {
      status: "queued",
      boardId: boards[i % boards.length] as string,
      title: `Queued pin ${i}`,
      scheduledAt: null,
      sortOrder: i,
      // a few links repeat, as on a real blog: the spacing guard has work to do
      mediaUrl: `https://images.example.com/${i}.jpg`,
    };
  }
}

const started = new Date();
const world = await createWorld({ name: "queue" });
const cases: QueueCase[] = [];
const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap((day) =>
  ["08:00", "12:30", "19:00"].map((time) => ({ day, time })),
);
try {
  await world.stop();
  insertPins(world.dataDir, queuedPins(PINS, world.boards));
  const pinflow = await world.start();
  const me = (await (await world.api("/auth/me")).json()) as { selected_profile_id: number };
  const headers = { authorization: `Bearer ${world.key}` };
  for (const spacingDays of [0, 7]) {
    const put = await world.api(`/profiles/${me.selected_profile_id}/schedule`, {
      method: "PUT",
      body: JSON.stringify({ timezone: "Europe/Berlin", slots: WEEK, min_spacing_days: spacingDays }),
    });
    if (put.status !== 200) throw new Error(`PUT schedule: ${put.status} ${await put.text()}`);
    const common = { url: pinflow.url, headers, connections: CONNECTIONS, durationS: DURATION_S };
    const planPath = "/pins?status=queued&sort=queue&limit=100";
    const plainPath = "/pins?status=queued&limit=100";
    await load({ ...common, path: planPath, durationS: 1 });
    await load({ ...common, path: plainPath, durationS: 1 });
    const plan: LoadResult[] = [];
    const plain: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const first = round % 2 === 0;
      if (first) plan.push(await load({ ...common, path: planPath }));
      plain.push(await load({ ...common, path: plainPath }));
      if (!first) plan.push(await load({ ...common, path: planPath }));
    }
    const ratio = median(plan.map((p, i) => p.rps / (plain[i] as LoadResult).rps));
    const pick = (runs: LoadResult[]) =>
      runs.find((r) => r.rps === median(runs.map((x) => x.rps))) as LoadResult;
    const name = `${PINS.toLocaleString("en-US")} queued, 21 slots a week${spacingDays ? `, spacing ${spacingDays} days` : ""}`;
    cases.push({ name, spacingDays, queued: PINS, plan: pick(plan), plain: pick(plain), ratio });
    const p = pick(plan);
    console.log(
      `${name}: sort=queue ${p.rps.toFixed(0)} req/s p99 ${p.latencyMs.p99.toFixed(1)} ms | plain ${pick(plain).rps.toFixed(0)} req/s | ratio ${ratio.toFixed(2)}`,
    );
  }
} finally {
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}

saveResult<QueueResult>("queue", "npm run bench (bun bench/queue.ts)", started, {
  pins: PINS,
  slotsPerWeek: WEEK.length,
  cases,
});
