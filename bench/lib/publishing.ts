/**
 * One publishing run, shared by the scheduler and webhook benchmarks: `due` pins scheduled evenly over
 * `windowMs` starting `leadMs` from now are written into the stopped PinFlow's database, PinFlow is started,
 * and the run ends when none of them is left scheduled or publishing. Lateness is published_at −
 * scheduled_at as PinFlow recorded it; duplicates are counted on the emulator by title.
 */
import { readFileSync } from "node:fs";
import { rssBytes, sampleRss, sleep } from "./proc";
import { insertPins, openDb, type PinSpec } from "./seed";
import { type Summary, summarize } from "./stats";
import type { World } from "./world";

/**
 * The publish concurrency of every benchmark and chaos run. 50 ms per Pinterest call means 20 calls/s per
 * slot; 10 000 pins a minute (167/s) needs at least 9 slots; 16 leaves headroom for the 1 s tick and
 * noisy neighbours without going past what the process can feed (about 220 pins/s on the reference machine,
 * CPU-bound: 64 slots are no faster).
 */
export const BENCH_CONCURRENCY = 16;
/** The emulator's added latency per call in the benchmarks (a typical Pinterest answer is slower). */
export const BENCH_LATENCY_MS = 50;

export interface PublishRun {
  due: number;
  windowMs: number;
  /** PINFLOW_PUBLISH_CONCURRENCY: a fixed number, or "auto" (the default: adapts to Pinterest's answers). */
  concurrency: number | "auto";
  emulatorLatencyMs: number;
  published: number;
  failed: number;
  notFinished: number;
  /** From the first pin's scheduled_at to the last pin's published_at. */
  drainMs: number;
  /** From the last pin's scheduled_at to the last pin's published_at: the backlog left at the end. */
  tailMs: number;
  /** due / drain time. */
  pinsPerSecond: number;
  /** Most pins published in one wall-clock second. */
  peakPinsPerSecond: number;
  latenessMs: Summary;
  duplicatesOnPinterest: number;
  missingOnPinterest: number;
  peakRssBytes: number;
  cpuSeconds: number | null;
  rows: Array<{ scheduledAt: number; publishedAt: number | null }>;
}

/** utime + stime of a process, in seconds (Linux). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export async function publishRun(
  world: World,
  opts: {
    tag: string;
    due: number;
    windowMs?: number;
    leadMs?: number;
    concurrency: number | "auto";
    emulatorLatencyMs: number;
    env?: Record<string, string>;
    /** Called once PinFlow is up and the first pin is due (e.g. to inject webhook deliveries). */
    during?: (t0: number) => Promise<void>;
    timeoutMs?: number;
  },
): Promise<PublishRun> {
  const windowMs = opts.windowMs ?? 60_000;
  const leadMs = opts.leadMs ?? 6_000;
  await world.stop();
  await world.emulator.faults({ latencyMs: opts.emulatorLatencyMs, errorRate: 0, loseCreateResponses: 0 });
  const t0 = Date.now() + leadMs;
  const title = (i: number) => `${opts.tag} ${i}`;
  function* pins(): Generator<PinSpec> {
    for (let i = 0; i < opts.due; i++) {
      yield {
        status: "scheduled",
        boardId: world.boards[i % world.boards.length] as string,
        title: title(i),
        scheduledAt: t0 + Math.floor((i * windowMs) / opts.due),
      };
    }
  }
  const { first, last } = insertPins(world.dataDir, pins());
  const server = await world.start({ PINFLOW_PUBLISH_CONCURRENCY: String(opts.concurrency), ...opts.env });
  const cpu0 = cpuSeconds(server.pid);
  const rss = sampleRss(server.pid);
  const db = openDb(world.dataDir);
  const left = db.query(
    "SELECT count(*) AS n FROM pins WHERE id BETWEEN ? AND ? AND status IN ('scheduled', 'queued', 'publishing')",
  );
  const timeoutMs = opts.timeoutMs ?? leadMs + windowMs + (opts.due / 20) * 1000 + 60_000;
  const deadline = Date.now() + timeoutMs;
  let duringDone: Promise<void> | null = null;
  for (;;) {
    await sleep(500);
    if (opts.during && !duringDone && Date.now() >= t0) duringDone = opts.during(t0);
    const n = (left.get(first, last) as { n: number }).n;
    if (n === 0 && Date.now() > t0 + windowMs) break;
    if (Date.now() > deadline) break;
  }
  await duringDone;
  const cpu1 = cpuSeconds(server.pid);
  const peakRss = Math.max(rss.stop().peak, rssBytes(server.pid) ?? 0);
  const rows = db
    .query(
      "SELECT title, status, scheduled_at AS scheduledAt, published_at AS publishedAt FROM pins WHERE id BETWEEN ? AND ?",
    )
    .all(first, last) as Array<{
    title: string;
    status: string;
    scheduledAt: number;
    publishedAt: number | null;
  }>;
  db.close();
  await world.stop();

  const published = rows.filter((r) => r.status === "published");
  const lateness = published.map((r) => (r.publishedAt as number) - r.scheduledAt);
  const lastPublished = Math.max(...published.map((r) => r.publishedAt as number));
  const lastDue = Math.max(...rows.map((r) => r.scheduledAt));
  const perSecond = new Map<number, number>();
  for (const r of published) {
    const s = Math.floor((r.publishedAt as number) / 1000);
    perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
  }
  const drainMs = lastPublished - t0;

  const state = await world.emulator.state();
  const counts = new Map<string, number>();
  for (const p of state.pins) {
    if (p.title?.startsWith(`${opts.tag} `)) counts.set(p.title, (counts.get(p.title) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const c of counts.values()) if (c > 1) duplicates += c - 1;
  const missing = published.filter((r) => !counts.has(r.title)).length;

  return {
    due: opts.due,
    windowMs,
    concurrency: opts.concurrency,
    emulatorLatencyMs: opts.emulatorLatencyMs,
    published: published.length,
    failed: rows.filter((r) => r.status === "failed").length,
    notFinished: rows.filter((r) => ["scheduled", "queued", "publishing"].includes(r.status)).length,
    drainMs,
    tailMs: lastPublished - lastDue,
    pinsPerSecond: published.length / (drainMs / 1000),
    peakPinsPerSecond: Math.max(0, ...perSecond.values()),
    latenessMs: summarize(lateness),
    duplicatesOnPinterest: duplicates,
    missingOnPinterest: missing,
    peakRssBytes: peakRss,
    cpuSeconds: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
    rows: rows.map((r) => ({ scheduledAt: r.scheduledAt, publishedAt: r.publishedAt })),
  };
}
