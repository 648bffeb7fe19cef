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
import { insertPins, openDb, type PinSpec } from "../lib/seed";
import { createWorld } from "../lib/world";

const KILLS = Number(process.env.CHAOS_KILLS ?? "20");
const PINS = Number(process.env.CHAOS_KILL_PINS ?? "16000");
const BOARDS = 4;
const LOSE_PER_START = 2;

export interface KillResult {
  kills: number;
  seededPins: number;
  apiPinsAcknowledged: number;
  apiPostsRefused: number;
  lostResponsesArmed: number;
  lostResponsesOnEmulator: number;
  published: number;
  failed: number;
  failedReasons: Record<string, number>;
  notSettled: number;
  lost: number;
  lostExamples: unknown[];
  duplicated: number;
  duplicateExamples: unknown[];
  misattributed: number;
  onPinterestButFailed: number;
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
  const firstDue = Date.now() + 3000;
  function* pins(): Generator<PinSpec> {
    for (let i = 0; i < PINS; i++) {
      yield {
        status: "scheduled",
        boardId: boards[i % BOARDS] as string,
        title: `storm ${i}`,
        scheduledAt: firstDue + Math.floor((i * 20_000) / PINS),
      };
    }
  }
  insertPins(world.dataDir, pins());

  // A client that keeps creating pins through the API, whatever state PinFlow is in.
  const acknowledged: number[] = [];
  let refused = 0;
  let posting = true;
  const poster = (async () => {
    let n = 0;
    while (posting) {
      const pf = world.pinflow;
      if (pf) {
        // A new title for every attempt: a POST cut off by a kill may still have created its pin.
        const title = `api ${n++}`;
        try {
          const res = await fetch(`${pf.url}/pins`, {
            method: "POST",
            headers: { authorization: `Bearer ${world.key}`, "content-type": "application/json" },
            body: JSON.stringify({
              board_id: boards[n % BOARDS],
              media_url: "https://images.example.com/photo.jpg",
              title,
              scheduled_at: new Date(Date.now() + 2000).toISOString(),
            }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: number }).id);
          else await res.arrayBuffer();
        } catch {
          refused++;
        }
      }
      await sleep(100);
    }
  })();

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
  posting = false;
  await poster;

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
    .all() as Array<{
    id: number;
    title: string;
    status: string;
    pinterest_pin_id: string | null;
    error_message: string | null;
  }>;
  db.close();
  const state = await world.emulator.state();
  const byTitle = new Map<string, string[]>();
  for (const p of state.pins) byTitle.set(p.title ?? "", [...(byTitle.get(p.title ?? "") ?? []), p.id]);
  const pinterestById = new Map(state.pins.map((p) => [p.id, p]));
  const rowById = new Map(rows.map((r) => [r.id, r]));

  const seededIds = rows.filter((r) => r.title.startsWith("storm ")).map((r) => r.id);
  const mustExist = [...seededIds, ...acknowledged];
  const lostExamples: unknown[] = [];
  let lost = 0;
  let misattributed = 0;
  let onPinterestButFailed = 0;
  for (const id of mustExist) {
    const row = rowById.get(id);
    const created = row ? (byTitle.get(row.title) ?? []) : [];
    if (!row || created.length === 0) {
      lost++;
      if (lostExamples.length < 5) lostExamples.push(row ?? { id, missing: "row gone" });
      continue;
    }
    if (
      row.status === "published" &&
      row.pinterest_pin_id &&
      pinterestById.get(row.pinterest_pin_id)?.title !== row.title
    )
      misattributed++;
    if (row.status === "failed") onPinterestButFailed++;
  }
  const duplicateExamples: unknown[] = [];
  let duplicated = 0;
  for (const [title, ids] of byTitle) {
    if (ids.length > 1) {
      duplicated += ids.length - 1;
      if (duplicateExamples.length < 5) {
        const row = rows.find((r) => r.title === title);
        const pinLog = logs
          .split("\n")
          .filter((l) => row && l.includes(`"pin_id":${row.id},`))
          .map((l) => l.slice(0, 300));
        duplicateExamples.push({
          title,
          onPinterest: ids.map((id) => pinterestById.get(id)),
          pinflow: row,
          log: pinLog,
        });
      }
    }
  }
  const failedReasons: Record<string, number> = {};
  for (const r of rows.filter((x) => x.status === "failed")) {
    const reason = (r.error_message ?? "(none)").slice(0, 120);
    failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
  }
  result = {
    kills: KILLS,
    seededPins: PINS,
    apiPinsAcknowledged: acknowledged.length,
    apiPostsRefused: refused,
    lostResponsesArmed: armed,
    lostResponsesOnEmulator: state.pins.filter((p) => p.responseLost).length,
    published: rows.filter((r) => r.status === "published").length,
    failed: rows.filter((r) => r.status === "failed").length,
    failedReasons,
    notSettled: rows.filter((r) => ["scheduled", "queued", "publishing"].includes(r.status)).length,
    lost,
    lostExamples,
    duplicated,
    duplicateExamples,
    misattributed,
    onPinterestButFailed,
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
