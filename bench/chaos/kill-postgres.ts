/**
 * Chaos with several processes: three PinFlow processes (the compiled binary) on one PostgreSQL, killed at
 * random with SIGKILL during a publishing storm while Pinterest loses create responses.
 * CHAOS_PG_PINS pins (default 6 000) are due within 20 s on 4 boards (emulator latency 50 ms, concurrency 16
 * per process) while a client POSTs new pins to whichever process is up. CHAOS_PG_KILLS times (default 20),
 * 0.5–4 s apart, one process picked at random is killed and started again at once; before each kill the
 * emulator is told to lose the answers of its next 2 creates. After the last kill all three run until every
 * pin is settled (a killed process's claims are reconciled by the others once their 2-minute lease has
 * passed, so this takes a few minutes), with 3 more lost answers.
 * Then, as in kill.ts: every acknowledged pin (seeded, or answered 201) must be on Pinterest exactly once.
 */

import { createCluster, insertPinsPg, startPostgres } from "../lib/postgres";
import { buildBinary, kill9, sleep, stop } from "../lib/proc";
import { BENCH_CONCURRENCY, BENCH_LATENCY_MS } from "../lib/publishing";
import { saveResult } from "../lib/results";
import { type StormRow, type StormVerdict, startPoster, stormPins, stormVerdict } from "../lib/storm";
import { startEmulator } from "../lib/world";

const KILLS = Number(process.env.CHAOS_PG_KILLS ?? "20");
const PINS = Number(process.env.CHAOS_PG_PINS ?? "6000");
const PROCESSES = 3;
const BOARDS = 4;
const LOSE_PER_KILL = 2;

export interface KillPostgresResult extends Omit<StormVerdict, "onPinterestButFailed"> {
  processes: number;
  kills: number;
  seededPins: number;
  apiPinsAcknowledged: number;
  apiPostsRefused: number;
  lostResponsesArmed: number;
  /** Which process each kill hit. */
  killed: number[];
  /** Pins each process published (by the claim's log lines), to show the work was shared. */
  publishedByProcess: Record<string, number>;
  settleS: number;
  durationS: number;
}

const started = new Date();
const t0 = Date.now();
const bin = await buildBinary();
const emulator = await startEmulator({ bin });
const server = startPostgres();
let result: KillPostgresResult | undefined;
try {
  const cluster = await createCluster({
    bin,
    emulator,
    server,
    name: "chaos",
    n: PROCESSES,
    env: { PINFLOW_PUBLISH_CONCURRENCY: String(BENCH_CONCURRENCY) },
  });
  const boards = cluster.boards.slice(0, BOARDS);
  await emulator.faults({ latencyMs: BENCH_LATENCY_MS });
  await cluster.stopAll();
  const seeded = await insertPinsPg(cluster, stormPins(boards, PINS, Date.now() + 4000));
  await Promise.all(Array.from({ length: PROCESSES }, (_, i) => cluster.start(i)));
  const poster = startPoster(
    () => {
      const up = cluster.processes.filter((p) => p !== null);
      return up[Math.floor(Math.random() * up.length)];
    },
    cluster.key,
    boards,
  );

  const killed: number[] = [];
  let armed = 0;
  for (let k = 0; k < KILLS; k++) {
    await sleep(500 + Math.random() * 3500);
    await emulator.faults({ loseCreateResponses: LOSE_PER_KILL });
    armed += LOSE_PER_KILL;
    const i = Math.floor(Math.random() * PROCESSES);
    const victim = cluster.processes[i];
    cluster.processes[i] = null;
    if (victim) await kill9(victim);
    killed.push(i);
    console.log(`kill ${k + 1}/${KILLS}: process ${i}`);
    await cluster.start(i);
  }
  await emulator.faults({ loseCreateResponses: 3 });
  armed += 3;
  await sleep(5000);
  const { acknowledged, refused } = await poster.stop();

  // Settle: nothing scheduled, queued or publishing (orphans wait for their 2-minute lease, lost answers 30 s)
  const settleFrom = Date.now();
  const deadline = Date.now() + 8 * 60_000;
  for (;;) {
    const [row] = await cluster.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pins WHERE status IN ('scheduled', 'queued', 'publishing')",
    );
    if ((row?.n ?? 0) === 0 || Date.now() > deadline) break;
    await sleep(2000);
  }
  const settleS = Math.round((Date.now() - settleFrom) / 1000);
  let logs = "";
  const publishedByProcess: Record<string, number> = {};
  for (const [i, dir] of cluster.dataDirs.entries()) {
    const text = await Bun.$`cat ${dir}/pinflow-*.log`.nothrow().quiet().text();
    logs += text;
    publishedByProcess[`chaos-${i}`] = [...text.matchAll(/"pin published"/g)].length;
  }
  await cluster.stopAll();

  const rows = await cluster.query<StormRow>(
    "SELECT id::int AS id, title, status, pinterest_pin_id, error_message FROM pins ORDER BY id",
  );
  await cluster.close();
  const state = await emulator.state();
  const mustExist = [...seeded, ...acknowledged];
  // This run's report has no onPinterestButFailed (kill.ts's has).
  const { onPinterestButFailed: _, ...verdict } = stormVerdict(rows, state, mustExist, logs);
  result = {
    processes: PROCESSES,
    kills: KILLS,
    seededPins: PINS,
    apiPinsAcknowledged: acknowledged.length,
    apiPostsRefused: refused,
    lostResponsesArmed: armed,
    ...verdict,
    killed,
    publishedByProcess,
    settleS,
    durationS: Math.round((Date.now() - t0) / 1000),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await stop(emulator.server);
  server.stop();
  (await import("../lib/proc")).cleanup();
}
if (result) {
  saveResult<KillPostgresResult>(
    "chaos-kill-postgres",
    "npm run chaos (bun bench/chaos/kill-postgres.ts)",
    started,
    result,
  );
}
