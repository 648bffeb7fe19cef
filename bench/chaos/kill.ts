/**
 * Chaos: kill -9 during a publishing storm, with Pinterest losing create responses.
 * 16 000 pins are due within 20 s on 4 boards (emulator latency 50 ms, concurrency 16) while a client POSTs
 * new pins through the API. PinFlow is killed with SIGKILL at a random moment 0.5–4 s after each start and
 * started again, 20 times; before each start the emulator is told to lose the answers of its next 2 creates
 * (the pin is created, the caller never hears back). After the last kill PinFlow runs until every pin is
 * settled, with 3 more lost answers (those reach PinFlow's 30 s timeout instead of a kill).
 * Then: every acknowledged pin (seeded, or answered 201) must be published exactly once on the emulator —
 * lost = acknowledged but not on Pinterest (or gone); duplicated = the same pin created twice on Pinterest.
 *
 * Env: CHAOS_KILLS (default 20), CHAOS_KILL_PINS (default 16000).
 */
import { kill9, sleep, stop } from "../lib/proc";
import { BENCH_CONCURRENCY, BENCH_LATENCY_MS } from "../lib/publishing";
import { saveResult } from "../lib/results";
import { insertPins, openDb } from "../lib/seed";
import { type StormRow, type StormVerdict, startPoster, stormPins, stormVerdict } from "../lib/storm";
import { createWorld } from "../lib/world";

const KILLS = Number(process.env.CHAOS_KILLS ?? "20");
const PINS = Number(process.env.CHAOS_KILL_PINS ?? "16000");
const BOARDS = 4;
const LOSE_PER_START = 2;

export interface KillResult extends StormVerdict {
  kills: number;
  seededPins: number;
  apiPinsAcknowledged: number;
  apiPostsRefused: number;
  lostResponsesArmed: number;
  reconciledAtStartup: number;
  killMoments: number[];
  durationS: number;
}

const started = new Date();
const t0 = Date.now();
const world = await createWorld({
  name: "chaos-kill",
  env: { PINFLOW_PUBLISH_CONCURRENCY: String(BENCH_CONCURRENCY) },
});
const boards = world.boards.slice(0, BOARDS);
let result: KillResult;
try {
  await world.stop();
  await world.emulator.faults({ latencyMs: BENCH_LATENCY_MS });
  insertPins(world.dataDir, stormPins(boards, PINS, Date.now() + 3000));
  const poster = startPoster(() => world.pinflow, world.key, boards);

  const killMoments: number[] = [];
  let armed = 0;
  for (let k = 0; k < KILLS; k++) {
    await world.emulator.faults({ loseCreateResponses: LOSE_PER_START });
    armed += LOSE_PER_START;
    const server = await world.start();
    const wait = 500 + Math.random() * 3500;
    killMoments.push(Math.round(wait));
    await sleep(wait);
    world.pinflow = null;
    await kill9(server);
    console.log(`kill ${k + 1}/${KILLS} after ${Math.round(wait)} ms`);
  }
  await world.emulator.faults({ loseCreateResponses: 3 });
  armed += 3;
  await world.start();
  await sleep(5000);
  const { acknowledged, refused } = await poster.stop();

  // Settle: nothing scheduled, queued or publishing any more (lost answers take 30 s to time out).
  const db = openDb(world.dataDir);
  const pending = db.query(
    "SELECT count(*) AS n FROM pins WHERE status IN ('scheduled', 'queued', 'publishing')",
  );
  const deadline = Date.now() + 5 * 60_000;
  while ((pending.get() as { n: number }).n > 0 && Date.now() < deadline) await sleep(1000);
  const logs = await Bun.$`cat ${world.dataDir}/pinflow-*.log`.quiet().text();
  const reconciledAtStartup = [...logs.matchAll(/"reconciled pins left publishing".*?"count":(\d+)/g)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
  await world.stop();

  const rows = db
    .query(
      "SELECT id, title, status, pinterest_pin_id, error_message, retry_count, publish_started_at FROM pins ORDER BY id",
    )
    .all() as StormRow[];
  db.close();
  const state = await world.emulator.state();
  const seededIds = rows.filter((r) => r.title.startsWith("storm ")).map((r) => r.id);
  result = {
    kills: KILLS,
    seededPins: PINS,
    apiPinsAcknowledged: acknowledged.length,
    apiPostsRefused: refused,
    lostResponsesArmed: armed,
    ...stormVerdict(rows, state, [...seededIds, ...acknowledged], logs),
    reconciledAtStartup,
    killMoments,
    durationS: Math.round((Date.now() - t0) / 1000),
  };
  console.log(JSON.stringify({ ...result, killMoments: undefined }, null, 2));
} finally {
  await world.stop();
  await stop(world.emulator.server);
  (await import("../lib/proc")).cleanup();
}
saveResult<KillResult>("chaos-kill", "npm run chaos (bun bench/chaos/kill.ts)", started, result);
