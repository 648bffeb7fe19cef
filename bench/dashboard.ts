/**
 * The dashboard's weight and what an open tab costs while nobody touches it.
 *
 * 1. Bundle: the files the binary embeds (bundleWeb(), as build.ts does), raw and gzipped as PinFlow
 *    serves them to browsers (gzip level 9, computed once at start-up).
 * 2. Idle streams: the compiled binary against a standalone emulator (lib/world.ts), nothing changing.
 *    PinFlow's CPU time (utime+stime from /proc, 10 ms ticks) in windows of BENCH_DASHBOARD_IDLE_S (default
 *    25, longer than the 20 s keep-alive) seconds, alternating BENCH_DASHBOARD_ROUNDS (default 3) times
 *    between no stream open and BENCH_DASHBOARD_STREAMS (default 200) GET /events streams open (medians
 *    compared); the bytes and requests each stream costs.
 * 3. An idle tab: Chromium with the signed-in session on the calendar (the heaviest page) for the same
 *    window: the requests it makes and its main-thread work (CDP Performance metrics TaskDuration,
 *    ScriptDuration) once it is live.
 * 4. Live latency: BENCH_DASHBOARD_CHANGES (default 20) pins created through the API, each timed from the
 *    request to its event on an open stream.
 */
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { bundleWeb } from "../src/web/web.assets";
import { cleanup, sleep, stop } from "./lib/proc";
import { cpuSeconds } from "./lib/publishing";
import { saveResult } from "./lib/results";
import { type Summary, summarize } from "./lib/stats";
import { createWorld } from "./lib/world";

const STREAMS = Number(process.env.BENCH_DASHBOARD_STREAMS ?? "200");
const IDLE_S = Number(process.env.BENCH_DASHBOARD_IDLE_S ?? "25");
const ROUNDS = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? "3");
const CHANGES = Number(process.env.BENCH_DASHBOARD_CHANGES ?? "20");

export interface DashboardResult {
  bundle: {
    files: Array<{ path: string; bytes: number; gzipBytes: number }>;
    bytes: number;
    gzipBytes: number;
  };
  idle: {
    seconds: number;
    rounds: number;
    streams: number;
    /** PinFlow's CPU per minute with no stream open, and with `streams` open (medians, ms of CPU per minute). */
    serverCpuMsPerMinIdle: number | null;
    serverCpuMsPerMinStreams: number | null;
    /** What one more open tab adds on the server (ms of CPU per minute), and on the wire. */
    cpuMsPerMinPerStream: number | null;
    bytesPerStreamPerMin: number;
    requestsPerStreamPerMin: number;
  };
  tab: {
    seconds: number;
    requests: number;
    taskMsPerMin: number;
    scriptMsPerMin: number;
  };
  latencyMs: Summary;
  tickMs: number;
}

const started = new Date();

// 1. bundle
const files = (await bundleWeb()).map((f) => ({
  path: f.path,
  bytes: f.body.length,
  gzipBytes: gzipSync(f.body, { level: 9 }).length,
}));
const bundle = {
  files,
  bytes: files.reduce((n, f) => n + f.bytes, 0),
  gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
};
console.log(`bundle: ${bundle.bytes} bytes, ${bundle.gzipBytes} gzipped`);

const world = await createWorld({ name: "dashboard" });
const pinflow = world.pinflow;
if (!pinflow) throw new Error("PinFlow did not start");
const cookie = world.session;
const headers = { cookie };

/** One open GET /events stream: counts what it receives; `waitFor` resolves when a chunk contains text. */
async function openStream() {
  const controller = new AbortController();
  const res = await fetch(`${pinflow?.url}/events`, { headers, signal: controller.signal });
  if (res.status !== 200) throw new Error(`/events answered ${res.status}`);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const state = { bytes: 0, text: "", waiters: [] as Array<{ needle: string; done: () => void }> };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        state.bytes += value.length;
        state.text += decoder.decode(value, { stream: true });
        for (const w of [...state.waiters]) {
          if (state.text.includes(w.needle)) {
            state.waiters.splice(state.waiters.indexOf(w), 1);
            w.done();
          }
        }
        if (state.text.length > 100_000) state.text = state.text.slice(-10_000);
      }
    } catch {
      // aborted
    }
  })();
  return {
    state,
    waitFor: (needle: string) =>
      new Promise<void>((done) => {
        if (state.text.includes(needle)) return done();
        state.waiters.push({ needle, done });
      }),
    close: () => controller.abort(),
  };
}

const cpuPerMin = (cpu0: number | null, cpu1: number | null, seconds: number) =>
  cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) * 1000 * 60) / seconds;

try {
  // 2. idle: windows with nothing open and with STREAMS streams open, alternating, after a warm-up
  await sleep(10_000);
  const window = async () => {
    const cpu0 = cpuSeconds(pinflow.pid);
    await sleep(IDLE_S * 1000);
    return cpuPerMin(cpu0, cpuSeconds(pinflow.pid), IDLE_S);
  };
  const alone: number[] = [];
  const withStreams: number[] = [];
  let streams: Array<Awaited<ReturnType<typeof openStream>>> = [];
  let streamBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    alone.push((await window()) ?? Number.NaN);
    streams = await Promise.all(Array.from({ length: STREAMS }, () => openStream()));
    await Promise.all(streams.map((s) => s.waitFor("event: ready")));
    const bytes0 = streams.reduce((n, s) => n + s.state.bytes, 0);
    withStreams.push((await window()) ?? Number.NaN);
    streamBytes += streams.reduce((n, s) => n + s.state.bytes, 0) - bytes0;
    if (round < ROUNDS - 1) for (const s of streams) s.close();
  }
  const idleCpu = summarize(alone).p50;
  const streamsCpu = summarize(withStreams).p50;
  console.log(
    `idle CPU: ${alone.map((x) => x.toFixed(0)).join("/")} ms/min alone, ${withStreams.map((x) => x.toFixed(0)).join("/")} with ${STREAMS} streams`,
  );

  // 4. live latency, on the first stream
  const first = streams[0] as Awaited<ReturnType<typeof openStream>>;
  const board = world.boards[0] as string;
  const latencies: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const t0 = performance.now();
    const res = await world.api("/pins", {
      method: "POST",
      body: JSON.stringify({ board_id: board, media_url: "https://example.com/a.jpg", status: "draft" }),
    });
    const pin = (await res.json()) as { id: number };
    await first.waitFor(`"id":${pin.id},`);
    latencies.push(performance.now() - t0);
    await sleep(150 + Math.random() * 400); // not in step with the tick
  }
  console.log(`latency p50 ${summarize(latencies).p50?.toFixed(0)} ms`);
  for (const s of streams) s.close();

  // 3. one idle tab in Chromium, on the calendar
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: pinflow.url }]);
  const page = await context.newPage();
  await page.goto(`${pinflow.url}/app/calendar`);
  await page.locator('[data-live="live"]').waitFor();
  await page.waitForLoadState("networkidle");
  let requests = 0;
  page.on("request", () => requests++);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const metric = async () => {
    const { metrics } = (await cdp.send("Performance.getMetrics")) as {
      metrics: Array<{ name: string; value: number }>;
    };
    const of = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
    return { task: of("TaskDuration"), script: of("ScriptDuration") };
  };
  const m0 = await metric();
  await sleep(IDLE_S * 1000);
  const m1 = await metric();
  await browser.close();

  const result: DashboardResult = {
    bundle,
    idle: {
      seconds: IDLE_S,
      rounds: ROUNDS,
      streams: STREAMS,
      serverCpuMsPerMinIdle: idleCpu,
      serverCpuMsPerMinStreams: streamsCpu,
      cpuMsPerMinPerStream: idleCpu === null || streamsCpu === null ? null : (streamsCpu - idleCpu) / STREAMS,
      bytesPerStreamPerMin: (streamBytes / STREAMS / ROUNDS) * (60 / IDLE_S),
      requestsPerStreamPerMin: 0,
    },
    tab: {
      seconds: IDLE_S,
      requests,
      taskMsPerMin: ((m1.task - m0.task) * 1000 * 60) / IDLE_S,
      scriptMsPerMin: ((m1.script - m0.script) * 1000 * 60) / IDLE_S,
    },
    latencyMs: summarize(latencies),
    tickMs: 1000,
  };
  console.log(JSON.stringify(result.idle), JSON.stringify(result.tab));
  saveResult<DashboardResult>("dashboard", "bun bench/dashboard.ts", started, result);
} finally {
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}
