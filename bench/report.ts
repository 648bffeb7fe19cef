/**
 * Assembles BENCHMARKS.md from bench/results/*.json (written by the bench and chaos scripts). Run by
 * `npm run bench` and `npm run chaos` after their scripts, or alone: `bun bench/report.ts`. A section whose
 * result file is missing says so instead of showing stale numbers.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AnalyticsResult } from "./analytics";
import type { ApiResult, EndpointResult } from "./api";
import type { FlakyResult } from "./chaos/flaky";
import type { FuzzResult } from "./chaos/fuzz";
import type { KillResult } from "./chaos/kill";
import type { KillPostgresResult } from "./chaos/kill-postgres";
import type { ReceiverDownResult } from "./chaos/receiver-down";
import type { DashboardResult } from "./dashboard";
import type { EmulatorResult } from "./emulator";
import type { FootprintResult } from "./footprint";
import type { ImportResult } from "./import";
import type { LoadResult } from "./lib/load";
import { ROOT } from "./lib/proc";
import { loadResult, type Machine, type ResultFile } from "./lib/results";
import type { ProcessesResult } from "./processes";
import type { QueueResult } from "./queue";
import type { SchedulerResult } from "./scheduler";
import type { WebhookResult } from "./webhooks";

const api = loadResult<ApiResult>("api");
const scheduler = loadResult<SchedulerResult>("scheduler");
const webhooks = loadResult<WebhookResult>("webhooks");
const queue = loadResult<QueueResult>("queue");
const footprint = loadResult<FootprintResult>("footprint");
const importBench = loadResult<ImportResult>("import");
const analytics = loadResult<AnalyticsResult>("analytics");
const emulatorBench = loadResult<EmulatorResult>("emulator");
const dashboard = loadResult<DashboardResult>("dashboard");
const kill = loadResult<KillResult>("chaos-kill");
const killPg = loadResult<KillPostgresResult>("chaos-kill-postgres");
const processes = loadResult<ProcessesResult>("processes");
const flaky = loadResult<FlakyResult>("chaos-flaky");
const fuzz = loadResult<FuzzResult>("chaos-fuzz");
const receiver = loadResult<ReceiverDownResult>("chaos-receiver");

const ms = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? "–" : `${n.toFixed(digits)} ms`;
const s = (n: number | null | undefined) =>
  n === null || n === undefined ? "–" : `${(n / 1000).toFixed(1)} s`;
const int = (n: number | null | undefined) =>
  n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US");
const mib = (n: number | null | undefined) =>
  n === null || n === undefined ? "–" : `${(n / 2 ** 20).toFixed(1)} MiB`;
const ok = (pass: boolean | null) => (pass === null ? "not measured" : pass ? "**met**" : "**NOT met**");

const missing = (what: string, command: string) => `_No result yet: run \`${command}\` (${what})._\n`;

function ran(file: ResultFile<unknown> | null): string {
  if (!file) return "";
  const load = file.machine.loadAverage?.length
    ? `; load average at the end ${file.machine.loadAverage.join(" / ")}`
    : "";
  return `_Measured ${file.startedAt.slice(0, 16).replace("T", " ")} UTC by \`${file.command}\`, commit ${file.machine.commit}${load}._\n`;
}

// ---- targets ----

const scaleOf = (n: number) => api?.data.scales.find((x) => x.pins === n);
const endpoint = (scale: number, name: string): EndpointResult | undefined =>
  scaleOf(scale)?.endpoints.find((e) => e.endpoint === name);
const biggest = api ? Math.max(...api.data.scales.map((x) => x.pins)) : 0;
const byIdRatios = api ? api.data.scales.map((x) => endpoint(x.pins, "GET /pins/{id}")?.ratio ?? 0) : [];
const fixed1k = scaleOf(100_000)?.fixedRate.find((f) => f.rate === 1000) ?? null;
const tenK = scheduler?.data.cases.find((c) => c.name === "10k due within 1 min") ?? null;
const idleRss = footprint?.data.idleRssBytes ?? null;
const cold = footprint?.data.coldStartExistingMs.p50 ?? null;
const coldFresh = footprint?.data.coldStartFreshMs.p50 ?? null;
const chaosLost = kill ? kill.data.lost : null;
const chaosDup = kill ? kill.data.duplicated + (flaky?.data.duplicatedOnPinterest ?? 0) : null;

/** An API ratio as both load generators measured it at 10k pins (the issue's scale), or the biggest one run. */
const ratioScale = scaleOf(10_000) ? 10_000 : biggest;
function apiRatio(name: string, everyRound = false): { text: string; worst: number | null } {
  const e = endpoint(ratioScale, name);
  if (!e) return { text: "–", worst: null };
  const rounds = (r: EndpointResult["rounds"]) => r.map((x) => x.ratio.toFixed(2)).join(", ");
  const parts = [`autocannon ${e.ratio.toFixed(2)} (rounds ${rounds(e.rounds)})`];
  if (e.wrk) parts.push(`wrk ${e.wrk.ratio.toFixed(2)} (rounds ${rounds(e.wrk.rounds)})`);
  return {
    text: `${parts.join(" · ")} at ${int(ratioScale)} pins`,
    worst: everyRound
      ? Math.min(...[...e.rounds, ...(e.wrk?.rounds ?? [])].map((r) => r.ratio))
      : Math.min(e.ratio, e.wrk?.ratio ?? e.ratio),
  };
}
const postRatio = apiRatio("POST /pins");
const pageRatio = apiRatio("GET /pins?status=scheduled");
/** "Stable across rounds": every round of both generators, not their medians. */
const idRatio = apiRatio("GET /pins/{id}", true);
const healthRatio = apiRatio("GET /health");
const burstCase = scheduler?.data.cases.find((c) => c.name.startsWith("burst")) ?? null;
const cpuMsPerPin =
  burstCase?.run.cpuSeconds && burstCase.run.published
    ? (burstCase.run.cpuSeconds * 1000) / burstCase.run.published
    : null;
const defaultCase = scheduler?.data.cases.find((c) => c.name.includes("default settings")) ?? null;

/** Issue 21's targets: [figure, target, measured, met]. */
const targets: Array<[string, string, string, boolean | null]> = [
  [
    "POST /pins vs baseline",
    "≥ 0.8",
    postRatio.text,
    postRatio.worst === null ? null : postRatio.worst >= 0.8,
  ],
  [
    "GET /pins page of 100 vs baseline",
    "≥ 0.9",
    pageRatio.text,
    pageRatio.worst === null ? null : pageRatio.worst >= 0.9,
  ],
  [
    "GET /pins/{id} vs baseline, stable across rounds",
    "≥ 0.9",
    idRatio.text,
    idRatio.worst === null ? null : idRatio.worst >= 0.9,
  ],
  [
    "publisher CPU per pin",
    "≤ 1 ms (ceiling ≥ 600 pins/s)",
    cpuMsPerPin === null
      ? "–"
      : `${cpuMsPerPin.toFixed(2)} ms (burst of ${int(burstCase?.run.due)} due at once: ${int(burstCase?.run.pinsPerSecond)} pins/s)`,
    cpuMsPerPin === null ? null : cpuMsPerPin <= 1,
  ],
  [
    "10k due within a minute at the default settings",
    "p99 < 2 s",
    defaultCase ? `p99 ${s(defaultCase.run.latenessMs.p99)} (max ${s(defaultCase.run.latenessMs.max)})` : "–",
    defaultCase ? (defaultCase.run.latenessMs.p99 ?? Number.POSITIVE_INFINITY) < 2000 : null,
  ],
  [
    "idle RSS of the binary",
    "< 60 MiB",
    idleRss === null ? "–" : mib(idleRss),
    idleRss === null ? null : idleRss < 60 * 2 ** 20,
  ],
  [
    "cold start to first 200",
    "< 100 ms",
    cold === null
      ? "–"
      : `${ms(cold, 0)} (existing data) · ${ms(coldFresh, 0)} (first start: migrations, key)`,
    cold === null ? null : cold < 100,
  ],
  [
    "/health vs a bare handler",
    "≥ 0.5",
    healthRatio.text,
    healthRatio.worst === null ? null : healthRatio.worst >= 0.5,
  ],
  [
    "lost / duplicated pins under chaos",
    "0 / 0",
    chaosLost === null ? "–" : `${chaosLost} / ${chaosDup}`,
    chaosLost === null || chaosDup === null ? null : chaosLost === 0 && chaosDup === 0,
  ],
];

// ---- sections ----

function machineSection(): string {
  const all: Array<ResultFile<unknown> | null> = [
    api,
    scheduler,
    webhooks,
    importBench,
    footprint,
    dashboard,
    kill,
    flaky,
    fuzz,
    receiver,
  ];
  const files = all.filter((f): f is ResultFile<unknown> => f !== null);
  const m: Machine | undefined = files[0]?.machine;
  if (!m) return missing("any", "npm run bench");
  const commits = [...new Set(files.map((f) => f.machine.commit))].join(", ");
  return `| | |
|---|---|
| CPU | ${m.cpu}, ${m.cores} cores |
| memory | ${m.memoryGiB} GiB |
| OS | ${m.os}, Linux ${m.kernel} |
| runtime | Bun ${m.bun} (the compiled binary embeds the same), Node.js ${m.node} for the load generator |
| code | commit ${commits} |

The machine is a 2-core VM shared with other work: the load generator, PinFlow, the emulator and the
baseline all run on the same two cores, and other processes ran at the same time (each section shows the
load average when it finished). Throughput figures are therefore lower, and tails longer, than on a
dedicated machine; the ratios and the pass/fail of the correctness checks are what carry over.
`;
}

const apiRow = (name: string, e: EndpointResult) => {
  const p = e.pinflow.latencyMs;
  const b = e.baseline.latencyMs;
  return `| ${name} | ${int(e.pinflow.rps)} | ${ms(p.p50, 2)} | ${ms(p.p99, 2)} | ${int(e.baseline.rps)} | ${ms(b.p50, 2)} | ${ms(b.p99, 2)} | **${e.ratio.toFixed(2)}** (${e.rounds.map((r) => r.ratio.toFixed(2)).join(", ")}) |`;
};

const errorsOf = (r: LoadResult) => {
  const bad = Object.entries(r.statuses)
    .filter(([code]) => !code.startsWith("2"))
    .map(([c, n]) => `${n}× ${c}`);
  if (r.errors) bad.push(`${r.errors} errors`);
  if (r.timeouts) bad.push(`${int(r.timeouts)} unanswered at the deadline`);
  return bad.length ? ` (${bad.join(", ")})` : "";
};

function apiSection(): string {
  if (!api) return missing("API benchmark", "npm run bench");
  const d = api.data;
  const parts = [ran(api)];
  parts.push(`Load generator: **${d.loadGenerator}**, ${d.connections} connections, as fast as the server answers
(closed loop); ${d.rounds} rounds of ${d.durationS} s per server and endpoint, PinFlow and the baseline back to back
in alternating order after a ${d.warmupS} s warm-up of each; the table shows the median round (requests/s,
p50, p99) and the ratio is the median of the per-round ratios (each round's ratio in brackets).
Latencies are exact (every response time recorded), not autocannon's 1 ms-resolution histogram.
`);
  for (const scale of d.scales) {
    parts.push(`#### ${int(scale.pins)} pins

| endpoint | PinFlow req/s | p50 | p99 | baseline req/s | p50 | p99 | ratio (rounds) |
|---|---:|---:|---:|---:|---:|---:|---:|
${scale.endpoints.map((e) => apiRow(e.endpoint, e)).join("\n")}

The same, measured with wrk:

| endpoint | PinFlow req/s | p50 | p99 | baseline req/s | p50 | p99 | ratio (rounds) |
|---|---:|---:|---:|---:|---:|---:|---:|
${scale.endpoints
  .filter((e) => e.wrk)
  .map((e) => apiRow(e.endpoint, { endpoint: e.endpoint, ...(e.wrk as NonNullable<EndpointResult["wrk"]>) }))
  .join("\n")}

GET /pins?status=scheduled at a fixed rate (open loop, latency measured from when each request was due):

| rate | PinFlow answered | p50 | p99 | max | baseline answered | baseline p99 |
|---:|---:|---:|---:|---:|---:|---:|
${scale.fixedRate
  .map(
    (f) =>
      `| ${int(f.rate)} req/s for ${f.durationS} s | ${int(f.pinflow.rps)} req/s${errorsOf(f.pinflow)} | ${ms(f.pinflow.latencyMs.p50, 2)} | ${ms(f.pinflow.latencyMs.p99, 2)} | ${ms(f.pinflow.latencyMs.max, 0)} | ${f.baseline ? `${int(f.baseline.rps)} req/s` : "–"} | ${f.baseline ? ms(f.baseline.latencyMs.p99, 2) : "–"} |`,
  )
  .join("\n")}

PinFlow RSS: ${mib(scale.rss.idleBytes)} idle after start, **${mib(scale.rss.peakUnderLoadBytes)}** peak under this load.
`);
  }
  return parts.join("\n");
}

function schedulerSection(): string {
  if (!scheduler) return missing("scheduler benchmark", "npm run bench");
  const d = scheduler.data;
  const rows = d.cases.map((c) => {
    const r = c.run;
    const l = r.latenessMs;
    return `| ${c.name} | ${int(c.pinsInTable)} | ${r.concurrency} | ${int(r.published)}/${int(r.due)}${r.failed ? ` (${r.failed} failed)` : ""} | ${s(r.drainMs)} | ${int(r.pinsPerSecond)} (peak ${int(r.peakPinsPerSecond)}) | ${ms(l.p50, 0)} | ${ms(l.p99, 0)} | ${ms(l.max, 0)} | ${r.duplicatesOnPinterest} | ${r.cpuSeconds === null ? "–" : `${r.cpuSeconds.toFixed(1)} s`} | ${mib(r.peakRssBytes)} |`;
  });
  return `${ran(scheduler)}
Pins are written into the stopped PinFlow's database as \`scheduled\`, evenly spread over the window
(\`scheduled_at\` from 6 s after start-up), then PinFlow (compiled binary) is started and the run lasts until
none is left scheduled or publishing. The emulator (standalone, in memory) adds **${d.emulatorLatencyMs} ms** to
every call. **PINFLOW_PUBLISH_CONCURRENCY=${d.concurrency}** (default 4): at ${d.emulatorLatencyMs} ms a call, one slot
publishes at most 20 pins/s, so 10 000 pins a minute (167/s) needs at least 9 slots; 16 leaves headroom for
the tick and a noisy machine. More does not help here: the burst row shows the ceiling is the process
(CPU), not the slots. The default settings are measured too: \`auto\` concurrency, which grows while pins wait
and halves on a 429. Tick: ${d.tickMs} ms (the default).
Lateness = published_at − scheduled_at as PinFlow stored them; drain = first scheduled_at → last published_at.

| case | pins in table | concurrency | published | drain | pins/s | lateness p50 | p99 | max | duplicates | PinFlow CPU | peak RSS |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

100 000 pins due within one minute is not part of \`npm run bench\`: at the ceiling measured above it takes
about ${d.cases.find((c) => c.name.startsWith("burst"))?.run.pinsPerSecond ? `${Math.round(100_000 / (d.cases.find((c) => c.name.startsWith("burst"))?.run.pinsPerSecond ?? 1) / 60)} minutes` : "several minutes"} to drain (lateness of minutes, far past the 2 s target), which would break the 15-minute budget.
\`BENCH_SCHEDULER_100K_DUE=1 npm run bench\` adds it.
`;
}

function queueSection(): string {
  if (!queue) return missing("the queue with posting slots", "bun bench/queue.ts");
  const rows = queue.data.cases.map(
    (c) =>
      `| ${c.name} | ${int(c.plan.rps)} | ${ms(c.plan.latencyMs.p50, 2)} | ${ms(c.plan.latencyMs.p99)} | ${int(c.plain.rps)} | ${ms(c.plain.latencyMs.p99)} | ${c.ratio.toFixed(2)} |`,
  );
  return `${ran(queue)}
\`GET /pins?status=queued&sort=queue&limit=100\` (each pin with its \`queue_at\`, from the profile's plan) against the
plain \`GET /pins?status=queued&limit=100\` (newest first), on one PinFlow (compiled binary, rate limits off), ${int(queue.data.pins)}
queued pins on a profile with ${queue.data.slotsPerWeek} slots a week; autocannon, 16 connections, rounds alternating. The plan of
a profile is computed once and cached until its \`queue_version\` changes (a trigger bumps it on every pin change),
so both requests read a cached plan; \`sort=queue\` also merges the plans' publish order and reads the page's pins
by id. With the spacing guard every seeded pin has the same link, the worst case for the planner.

| case | sort=queue req/s | p50 | p99 | plain list req/s | p99 | ratio |
|---|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}
`;
}

function webhookSection(): string {
  if (!webhooks) return missing("webhook benchmark", "npm run bench");
  const a = webhooks.data.alone;
  const b = webhooks.data.withPublishing;
  const l = b.lateness;
  const base = tenK?.run.latenessMs;
  return `${ran(webhooks)}
Receiver: a local \`Bun.serve\` answering 204, checking every X-Webhook-Signature and counting X-Webhook-Id
(PINFLOW_WEBHOOK_ALLOW_PRIVATE=true so loopback is allowed). Deliveries are written into the outbox
(\`webhook_deliveries\`, pending, due now) for a webhook created through the API, shaped like real
\`pin.created\` events. PinFlow sends them with its ${8} delivery workers.

| run | deliveries | received | duplicates | bad signatures | drain | deliveries/s |
|---|---:|---:|---:|---:|---:|---:|
| A. outbox only (timed from start-up) | ${int(a.deliveries)} | ${int(a.received)} | ${a.duplicates} | ${a.badSignatures} | ${s(a.drainMs)} | **${int(a.perSecond)}** |
| B. added 15 s into a 10k-pins-a-minute run | ${int(b.deliveries)} | ${int(b.received)} | ${b.duplicates} | ${b.badSignatures} | ${s(b.drainMs)} | **${int(b.perSecond)}** |

Publishing lateness in run B (${int(b.due)} pins due within the minute, concurrency ${b.concurrency}, emulator ${b.emulatorLatencyMs} ms;
${int(b.publishedPins)} published, ${b.failedPins} failed, ${b.duplicatePins} duplicates), by when the pin was due:

| pins due | pins | lateness p50 | p99 | max |
|---|---:|---:|---:|---:|
| before the deliveries were added | ${int(l.before.n)} | ${ms(l.before.p50, 0)} | ${ms(l.before.p99, 0)} | ${ms(l.before.max, 0)} |
| while the 10 000 deliveries drained | ${int(l.during.n)} | ${ms(l.during.p50, 0)} | ${ms(l.during.p99, 0)} | ${ms(l.during.max, 0)} |
| after they had drained | ${int(l.after.n)} | ${ms(l.after.p50, 0)} | ${ms(l.after.p99, 0)} | ${ms(l.after.max, 0)} |
| all | ${int(l.all.n)} | ${ms(l.all.p50, 0)} | ${ms(l.all.p99, 0)} | ${ms(l.all.max, 0)} |
${base ? `| _scheduler benchmark, same load, no webhooks_ | ${int(base.n)} | ${ms(base.p50, 0)} | ${ms(base.p99, 0)} | ${ms(base.max, 0)} |\n` : ""}`;
}

function importSection(): string {
  if (!importBench) return missing("import benchmark", "npm run bench");
  const d = importBench.data;
  const b = d.baselineProbe;
  const rows = d.rounds.map(
    (r, i) =>
      `| ${i + 1} | ${ms(r.dryRunMs, 0)} | ${ms(r.importMs, 0)} | ${int(r.created)} | ${int(r.probe.n)} | ${ms(r.probe.p50)} | ${ms(r.probe.p99)} | ${ms(r.probe.max)} |`,
  );
  return `${ran(importBench)}
\`POST /pins/import\` with a ${int(d.rows)}-row file (${(d.fileBytes / 1024).toFixed(0)} KB: Pinterest's eight columns, boards by
name, a Publish date on every row, quoted commas) against the compiled binary: the dry run, then the import
(one transaction, quotas and pre-flight per pin, webhook outbox); the pins are deleted between rounds. Meanwhile
a probe sends \`GET /pins?limit=20\` one request after another; alone, the same probe answers in p50 ${ms(b.p50)},
p99 ${ms(b.p99)} (${int(b.n)} requests in 3 s).

| round | dry run | import | pins created | probe requests during the import | probe p50 | p99 | max |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

The API stays responsive while the rows are checked (the pre-flight yields to the event loop every 20 pins),
but not while the pins are written: the import's single transaction (all or nothing) holds the one database
connection, so a request that needs the database waits for it — the probe's max is that wait.
`;
}

function analyticsSection(): string {
  if (!analytics) return missing("analytics benchmark", "npm run bench");
  const d = analytics.data;
  return `${ran(analytics)}
${int(d.pins)} published pins with ${int(d.days)} days of Pinterest metrics each (${int(d.pinRows)} rows in
\`pin_metrics\`, and ${int(d.days)} days of account totals), written into the stopped server's database; then the
compiled binary answers, closed loop, ${d.connections} connections, ${d.rounds} rounds of ${d.durationS} s per endpoint in
alternating order; the table shows the median round. The summary is everything the Analytics page asks for a
period: totals, the daily series of the pins and of the account, the top 5 pins by each of the four metrics, and
the boards. Its cost grows with pins × days in the period (a year: ${int(d.pinRows)} rows read twice, by day and by pin).
The plain pin list, measured in the same run, is the yardstick for how busy the machine was.

| endpoint | req/s | p50 | p99 |
|---|---:|---:|---:|
${d.cases.map((c) => `| ${c.name} | ${int(c.run.rps)}${errorsOf(c.run)} | ${ms(c.run.latencyMs.p50)} | ${ms(c.run.latencyMs.p99)} |`).join("\n")}
`;
}

function emulatorSection(): string {
  if (!emulatorBench) return missing("emulator benchmark", "npm run bench");
  const d = emulatorBench.data;
  const bytes = (n: number | null) => (n === null ? "–" : `${int(Math.round(n / 1024))} KiB`);
  const rows = d.sizes.map(
    (s) =>
      `| ${int(s.storedBefore)} | ${ms(s.perCallMs.p50)} | ${ms(s.perCallMs.p99)} | ${ms(s.perCallMs.mean)} | ${bytes(s.diskBytesPerCall)} | ${(s.fileBytes / 2 ** 20).toFixed(1)} MiB |`,
  );
  return `${ran(emulatorBench)}
\`pinflow emulator --data-dir D\` (the compiled binary) keeps its state as rows in one SQLite file, one row per
record, written by the call that changed it. \`POST /v5/pins\` sent one at a time (each answered before the next),
${int(d.sizes[0]?.calls ?? 0)} calls measured with ~${int(d.sizes[0]?.storedBefore ?? 0)} pins stored, then again after filling to
~${int(d.sizes[1]?.storedBefore ?? 0)} (${int(d.fill.pins)} creates in ${d.fill.seconds.toFixed(1)} s). Before, the emulator rewrote a JSON snapshot
of every pin per call, so a call's cost grew with the pins.

| pins stored | p50 | p99 | mean | written to disk per call | state file |
|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

Per-call p50 at the large size over the small one: **${d.ratioP50.toFixed(2)}** (mean ${d.ratioMean.toFixed(2)}) — flat when ≈ 1.
`;
}

function footprintSection(): string {
  if (!footprint) return missing("footprint", "npm run bench");
  const f = footprint.data;
  const loadRss = api?.data.scales
    .map((x) => `${mib(x.rss.peakUnderLoadBytes)} at ${int(x.pins)} pins`)
    .join(", ");
  return `${ran(footprint)}
| figure | value |
|---|---|
| binary size (\`bun run build.ts\`: runtime, server, migrations, dashboard) | **${mib(f.binaryBytes)}** (${int(f.binaryBytes)} bytes) |
| cold start → first 200 from /health, existing data folder (${f.coldStartExistingMs.n} runs) | p50 **${ms(f.coldStartExistingMs.p50, 0)}**, max ${ms(f.coldStartExistingMs.max, 0)} |
| cold start → first 200, brand-new data folder (migrations, secret.key) (${f.coldStartFreshMs.n} runs) | p50 **${ms(f.coldStartFreshMs.p50, 0)}**, max ${ms(f.coldStartFreshMs.max, 0)} |
| RSS idle, ${f.idleAfterS} s after start (empty database, scheduler ticking) | **${mib(f.idleRssBytes)}** |
| RSS idle with 1k / 10k / 100k pins (API benchmark, 3 s after start) | ${api?.data.scales.map((x) => mib(x.rss.idleBytes)).join(" / ") ?? "–"} |
| RSS peak under the API load | ${loadRss ?? "–"} |
| RSS peak while publishing (scheduler benchmark) | ${scheduler?.data.cases.map((c) => mib(c.run.peakRssBytes)).join(" / ") ?? "–"} |

Cold start is measured from \`spawn()\` of \`pinflow serve --port N --data-dir D\` (default settings: emulator
mode) to the first 200 of \`GET /health\`, polled every 2 ms; one unmeasured start first, so the 110 MB
binary is in the page cache as it is on a server that has run it once.
`;
}

const kib = (n: number | null | undefined) =>
  n === null || n === undefined ? "–" : `${(n / 1024).toFixed(1)} KiB`;

function dashboardSection(): string {
  if (!dashboard) return missing("dashboard", "bun bench/dashboard.ts");
  const d = dashboard.data;
  const i = d.idle;
  const cpu = (n: number | null) => (n === null ? "–" : `${n.toFixed(0)} ms`);
  return `${ran(dashboard)}
The dashboard is Preact + preact-iso, bundled by Bun into the binary; PinFlow serves the page, script and
styles gzipped to browsers (compressed once at start-up), the script and styles cached for a year. Nothing
is loaded from anywhere else (no CDN, fonts or icons).

| file | bytes | gzip |
|---|---:|---:|
${d.bundle.files.map((f) => `| \`${f.path.replace(/-[a-z0-9]+\./, "-….")}\` | ${int(f.bytes)} | ${int(f.gzipBytes)} |`).join("\n")}
| **total** | ${int(d.bundle.bytes)} | **${kib(d.bundle.gzipBytes)}** |

Live updates are server-sent events (\`GET /events\`), not polling. An open tab holds one connection and
makes **no requests** while nothing changes; the server writes it a keep-alive comment every 20 s and
otherwise reads nothing for it: each process looks for new changes once a tick (a primary-key range on
\`change_events\`) only while it has streams open, for all of them at once.

| idle cost, nothing changing | measured |
|---|---|
| requests per open tab | **${i.requestsPerStreamPerMin}** a minute (one long-lived \`GET /events\`) |
| bytes per open tab | ${i.bytesPerStreamPerMin.toFixed(0)} bytes a minute (keep-alives) |
| PinFlow CPU, no tab open (the 1 s scheduler tick and its jobs) | ${cpu(i.serverCpuMsPerMinIdle)} a minute (median of ${i.rounds} windows of ${i.seconds} s) |
| PinFlow CPU, ${i.streams} tabs open | ${cpu(i.serverCpuMsPerMinStreams)} a minute — **${i.cpuMsPerMinPerStream === null ? "–" : `${i.cpuMsPerMinPerStream.toFixed(2)} ms`} a minute per tab**, within the noise of 10 ms CPU ticks |
| an idle tab in Chromium on the calendar, ${d.tab.seconds} s | ${d.tab.requests} requests; main thread busy ${d.tab.taskMsPerMin.toFixed(0)} ms a minute (script ${d.tab.scriptMsPerMin.toFixed(0)} ms) |
| a change, from the API call to its event on an open stream (${d.latencyMs.n} changes, tick ${d.tickMs} ms) | p50 **${ms(d.latencyMs.p50, 0)}**, p99 ${ms(d.latencyMs.p99, 0)}, max ${ms(d.latencyMs.max, 0)} |

For comparison, polling the calendar every 5 s would cost each open tab 12 page loads of 5–6 requests a
minute (~70 requests a minute per tab, 200 a minute per IP being the rate limit) and still show changes
later on average than the stream does.
`;
}

function scalingSection(): string {
  if (!api && !scheduler) return missing("scaling", "npm run bench");
  const lines: string[] = [];
  if (api) {
    lines.push(`| pins | GET /pins page req/s | p99 | GET /pins/{id} req/s | p99 | POST /pins req/s | p99 | page p99 at 1k req/s | peak RSS |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
    for (const x of api.data.scales) {
      const e = (name: string) => x.endpoints.find((y) => y.endpoint === name);
      const page = e("GET /pins?status=scheduled");
      const one = e("GET /pins/{id}");
      const post = e("POST /pins");
      const f = x.fixedRate.find((r) => r.rate === 1000);
      lines.push(
        `| ${int(x.pins)} | ${int(page?.pinflow.rps)} | ${ms(page?.pinflow.latencyMs.p99)} | ${int(one?.pinflow.rps)} | ${ms(one?.pinflow.latencyMs.p99)} | ${int(post?.pinflow.rps)} | ${ms(post?.pinflow.latencyMs.p99)} | ${f ? ms(f.pinflow.latencyMs.p99) : "–"} | ${mib(x.rss.peakUnderLoadBytes)} |`,
      );
    }
  }
  if (scheduler) {
    lines.push(`
| scheduler case | pins in table | pins/s | lateness p50 | p99 | max |
|---|---:|---:|---:|---:|---:|`);
    for (const c of scheduler.data.cases) {
      lines.push(
        `| ${c.name} | ${int(c.pinsInTable)} | ${int(c.run.pinsPerSecond)} | ${ms(c.run.latenessMs.p50, 0)} | ${ms(c.run.latenessMs.p99, 0)} | ${ms(c.run.latenessMs.max, 0)} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function killSection(): string {
  if (!kill) return missing("kill -9 storm", "npm run chaos");
  const k = kill.data;
  const reasons = Object.entries(k.failedReasons);
  return `${ran(kill)}
${int(k.seededPins)} pins due within 20 s on 4 boards (emulator 50 ms, concurrency 16) plus a client POSTing a pin every
100 ms through the API. PinFlow was killed with SIGKILL **${k.kills} times**, each 0.5–4 s after it answered /health
(moments: ${k.killMoments.map((m) => `${(m / 1000).toFixed(1)}`).join(", ")} s), and restarted; before each start the
emulator was set to lose the answers of its next 2 creates (the pin is created, PinFlow never hears back), and
3 more after the last start (those reach the 30 s timeout instead of a kill). Then PinFlow ran until every pin
was settled (${k.durationS} s in all).

| | |
|---|---:|
| acknowledged pins (seeded + ${int(k.apiPinsAcknowledged)} answered 201 by the API) | ${int(k.seededPins + k.apiPinsAcknowledged)} |
| creates whose answer the emulator lost | ${k.lostResponsesOnEmulator} (of ${k.lostResponsesArmed} armed; the rest were not reached before a kill) |
| pins reconciled at start-up (left \`publishing\` by a kill) | ${int(k.reconciledAtStartup)} |
| published | ${int(k.published)} |
| failed | ${k.failed}${reasons.length ? ` (${reasons.map(([r, n]) => `${n}× “${r}”`).join("; ")})` : ""} |
| left scheduled/queued/publishing | ${k.notSettled} |
| **lost** (acknowledged, not on Pinterest) | **${k.lost}** |
| **duplicated** (created twice on Pinterest) | **${k.duplicated}**${k.duplicated ? ` — ${JSON.stringify(k.duplicateExamples).slice(0, 300)}` : ""} |
| published with another pin's Pinterest id | ${k.misattributed} |
`;
}

function killPostgresSection(): string {
  if (!killPg) return missing("kill -9 with three processes on PostgreSQL", "npm run chaos");
  const k = killPg.data;
  const reasons = Object.entries(k.failedReasons);
  const byProcess = Object.entries(k.publishedByProcess)
    .map(([name, n]) => `${name} ${int(n)}`)
    .join(", ");
  return `${ran(killPg)}
${k.processes} PinFlow processes (the compiled binary, concurrency 16 each) on one PostgreSQL database (a local
PostgreSQL 15 with fsync on), ${int(k.seededPins)} pins due within 20 s on 4 boards (emulator 50 ms) plus a client
POSTing a pin every 100 ms to whichever process is up. **${k.kills} times**, 0.5–4 s apart, one process picked at
random was killed with SIGKILL and started again at once (processes hit: ${k.killed.join(", ")}); before each kill
the emulator was set to lose the answers of its next 2 creates, and 3 more after the last. The other processes
kept publishing meanwhile; a killed process's claims were reconciled by the \`reconcile\` job of whichever process
took it, once their 2-minute lease had passed (settling took ${k.settleS} s after the last kill; ${k.durationS} s in all).

| | |
|---|---:|
| acknowledged pins (seeded + ${int(k.apiPinsAcknowledged)} answered 201 by the API) | ${int(k.seededPins + k.apiPinsAcknowledged)} |
| creates whose answer the emulator lost | ${k.lostResponsesOnEmulator} (of ${k.lostResponsesArmed} armed) |
| published (per process, from their logs: ${byProcess}) | ${int(k.published)} |
| failed | ${k.failed}${reasons.length ? ` (${reasons.map(([r, n]) => `${n}× “${r}”`).join("; ")})` : ""} |
| left scheduled/queued/publishing | ${k.notSettled} |
| **lost** (acknowledged, not on Pinterest) | **${k.lost}** |
| **duplicated** (created twice on Pinterest) | **${k.duplicated}**${k.duplicated ? ` — ${JSON.stringify(k.duplicateExamples).slice(0, 300)}` : ""} |
| published with another pin's Pinterest id | ${k.misattributed} |
`;
}

function processesSection(): string {
  if (!processes) return missing("several processes on PostgreSQL", "npm run bench");
  const d = processes.data;
  const base = d.throughput.find((t) => t.engine === "sqlite");
  return `${ran(processes)}
**Publishing throughput** — ${int(d.throughput[0]?.due)} pins due at once, the emulator answering each create after
${d.emulatorLatencyMs} ms, concurrency ${d.concurrencyPerProcess} per process, the processes and PostgreSQL (fsync on) on the
same 2 cores as the emulator:

| database | processes | drain | pins/s | vs SQLite ×1 | duplicates |
|---|---:|---:|---:|---:|---:|
${d.throughput
  .map(
    (t) =>
      `| ${t.engine === "sqlite" ? "SQLite" : "PostgreSQL"} | ${t.processes} | ${t.drainS.toFixed(1)} s | ${int(t.pinsPerSecond)} | ${base ? `${(t.pinsPerSecond / base.pinsPerSecond).toFixed(2)}×` : "–"} | ${t.duplicatesOnPinterest} |`,
  )
  .join("\n")}

Every process, PostgreSQL and the emulator share one 2-core machine here, so extra processes add no CPU: the
rows show that the claims share the work without a duplicate, and what the round trips to PostgreSQL cost
against SQLite in-process — not what a second machine would add.

**API, PostgreSQL against SQLite** — one process each on the same ${int(d.apiPins)} pins, rate limits off, autocannon
with 16 connections, the median of the rounds (each round runs both, alternating which goes first):

| endpoint | SQLite req/s | PostgreSQL req/s | ratio | SQLite p99 | PostgreSQL p99 |
|---|---:|---:|---:|---:|---:|
${d.api
  .map(
    (a) =>
      `| ${a.endpoint} | ${int(a.sqliteRps)} | ${int(a.postgresRps)} | ${a.ratio.toFixed(2)} | ${ms(a.sqliteP99Ms)} | ${ms(a.postgresP99Ms)} |`,
  )
  .join("\n")}
`;
}

function flakySection(): string {
  if (!flaky) return missing("flaky Pinterest", "npm run chaos");
  const f = flaky.data;
  const reasons = Object.entries(f.failedReasons);
  const verdict = f.stuckPublishing === 0 && f.otherStatus === 0 && f.failedWithoutReason === 0;
  return `${ran(flaky)}
For **${f.faultySeconds / 60} minutes** the emulator failed ${f.errorRate * 100} % of all /v5 calls (creates, board listings,
token refreshes) at random with ${f.errorKinds.join(", ")}; ${int(f.pins)} pins came due evenly over that time
(emulator 50 ms, concurrency 16, PINFLOW_PUBLISH_RETRY_DELAYS=${f.retryDelays} instead of the default 1m,10m
so third attempts happen within the run). Then the faults stopped and PinFlow settled in ${f.settleSeconds} s.

| | |
|---|---:|
| published while the faults were on | ${int(f.publishedDuringFaults)} |
| published in the end | ${int(f.published)} |
| failed, with a reason | ${int(f.failed - f.failedWithoutReason)} |
| failed without a reason | ${f.failedWithoutReason} |
| **left \`publishing\`** | **${f.stuckPublishing}** |
| left in any other state | ${f.otherStatus} |
| longest time any pin stayed \`publishing\` | ${s(f.longestPublishingMs)} |
| duplicated on Pinterest | ${f.duplicatedOnPinterest} |
| \`published\` but not on Pinterest | ${f.publishedButNotOnPinterest} |
| \`failed\` but on Pinterest | ${f.failedButOnPinterest} |

Every pin ended published or failed with a reason, none stuck: ${ok(verdict)}.
${reasons.length ? `\nFailure reasons:\n\n${reasons.map(([r, n]) => `- ${n}× “${r}…”`).join("\n")}\n` : ""}`;
}

function fuzzSection(): string {
  if (!fuzz) return missing("fuzzer", "npm run chaos");
  const f = fuzz.data;
  const statuses = Object.entries(f.statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([c, n]) => `${c}: ${int(n)}`)
    .join(" · ");
  const neverOk = Object.entries(f.perRoute)
    .filter(([, t]) => t.ok === 0)
    .map(([r]) => `\`${r}\``);
  return `${ran(fuzz)}
fast-check ${"generated"} **${int(f.requests)} requests** (seed ${f.seed}, reproducible with
\`CHAOS_FUZZ_SEED=${f.seed}\`) to the **${f.routes.length} routes** of the app's own route table and to random paths:
random and malformed path parameters, query strings, headers (valid key or session, broken credentials and
cookies, odd content types, foreign origins, random extra headers) and bodies (JSON shaped like the route's,
wrong types, 3 000-deep nesting, truncated JSON, random bytes, forms, multipart, 200 KB).

| | |
|---|---:|
| requests answered | ${int(f.requests)} |
| answers by status | ${statuses} |
| **5xx answers** | **${f.serverErrors}** |
| answers leaking a stack trace or SQL | ${f.leaks} |
| connection errors | ${f.connectionErrors} |
| requests left without an answer for 10 s (a hang; an event stream's headers are its answer) | ${f.unanswered ?? "–"} |
| requests the client itself refused to send (invalid header values) | ${f.clientSideInvalid} |

${f.serverErrors ? `5xx examples:\n\n\`\`\`json\n${JSON.stringify(f.serverErrorExamples.slice(0, 5), null, 2)}\n\`\`\`\n` : ""}Routes that never answered 2xx/3xx to a fuzzed request (reached, but always refused):
${neverOk.length ? neverOk.join(", ") : "none"}.
`;
}

function receiverSection(): string {
  if (!receiver) return missing("receiver down", "npm run chaos");
  const r = receiver.data;
  const verdict = r.missing === 0 && r.duplicates === 0 && r.failedInDb === 0 && !r.webhookPaused;
  return `${ran(receiver)}
A signed \`pin.published\` webhook pointed at a local port with nothing listening while ${int(r.pins)} pins were
published (${r.downSeconds} s); PinFlow was killed with SIGKILL halfway and restarted. Retry delays:
PINFLOW_WEBHOOK_RETRY_DELAYS=${r.retryDelays} (the default spreads 8 attempts over 24 h). Then the receiver came up.

| | |
|---|---:|
| deliveries | ${int(r.deliveries)} |
| failed attempts while down | ${int(r.failedAttemptsWhileDown)} |
| received once up | ${int(r.received)} (in ${r.catchUpSeconds} s) |
| **missing** | **${r.missing}** |
| **received twice** | **${r.duplicates}** |
| bad signatures | ${r.badSignatures} |
| ended \`failed\` / webhook paused | ${r.failedInDb} / ${r.webhookPaused ? "yes" : "no"} |

Every delivery arrived, none twice: ${ok(verdict)}.
`;
}

const shortfalls = targets.filter(([, , , pass]) => pass === false);

function buildDoc(): string {
  return `# PinFlow benchmarks

<!-- Generated by bench/report.ts from bench/results/*.json: do not edit by hand. -->

PinFlow promises one small process that never loses or duplicates a pin. This file measures it. Every
number below was produced on the machine described under [Machine](#machine), by the command named in its
section; \`npm run bench\` (≈ 30 min) and \`npm run chaos\` (≈ 20 min) regenerate it from a clean clone
(\`npm install\` first). They are not part of \`npm test\`.

## Targets

| figure | target | measured | |
|---|---|---|---|
${targets.map(([f, t, m, pass]) => `| ${f} | ${t} | ${m} | ${ok(pass)} |`).join("\n")}

${shortfalls.length ? `### Short of target\n\n${shortfalls.map(([f]) => `- **${f}** — see [Findings](#findings).`).join("\n")}\n` : "Every target is met.\n"}
## Machine

${machineSection()}
## How to run

\`\`\`sh
npm install
npm run bench     # bench/api.ts, queue.ts, import.ts, scheduler.ts, webhooks.ts, analytics.ts, emulator.ts, footprint.ts, dashboard.ts, processes.ts, then bench/report.ts
npm run chaos     # bench/chaos/kill.ts, kill-postgres.ts, flaky.ts, fuzz.ts, receiver-down.ts, then bench/report.ts
bun bench/report.ts                        # rebuild this file from bench/results/*.json
bun bench/api.ts                           # one part alone (each writes bench/results/<part>.json)
CHAOS_FLAKY_SECONDS=60 npm run chaos       # a quick chaos run (the documented run is the full 5 minutes)
\`\`\`

Everything runs on 127.0.0.1: the compiled binary (\`bun run build.ts bench/results/bin/pinflow\`) serving
with \`PINFLOW_RATE_LIMITS=off\` against a standalone Pinterest emulator (\`pinflow emulator\`, state in
memory), signed in once through the real OAuth round trip so its tokens are real, with an API key and the
quota raised by \`pinflow users set … --plan pro --daily-limit 1000000\`. Bulk data is written straight into
the stopped server's SQLite file. Results go to \`bench/results/\` (git-ignored); only this file is committed.

Tools: **autocannon** (npm, run on Node.js) for the closed-loop API runs; a paced open-loop sender on
Node's http client for fixed rates (autocannon's \`-R\` sends each second's quota in one burst, which measures
burst queueing, not a steady 1 000 req/s); **fast-check** (npm) for the fuzzer.

## API

Baseline: \`bench/baseline.ts\`, a bare \`Bun.serve\` + \`bun:sqlite\` handler on the same database file with the
same pragmas, running the same SQL statements PinFlow runs for each endpoint (API-key lookup by SHA-256, its
user, the page and its count, the pin, the quota counters and insert) and answering the same JSON, without the
framework, validation library, query builder, request log and hooks. Pins: per 10, 4 scheduled (in the
future), 4 published, 1 draft, 1 failed, spread over 37 boards; \`GET /pins?status=scheduled\` is the first
page of 100 (newest first) — without X-Total-Count, which PinFlow computes only when asked with
\`with_total=true\` (measured separately at 100k pins, the baseline doing the same); \`GET /pins/{id}\` picks a
random pin; \`POST /pins\` creates a scheduled pin (pins it added are deleted before the next size).

${apiSection()}
## Scheduler

${schedulerSection()}
## Queue with posting slots

${queueSection()}
## Webhooks

${webhookSection()}
## Import

${importSection()}
## Analytics

${analyticsSection()}
## Emulator persistence

${emulatorSection()}
## Footprint

${footprintSection()}
## Dashboard

${dashboardSection()}
## Scaling

${scalingSection()}
## Several processes on PostgreSQL

${processesSection()}
## Reliability (\`npm run chaos\`)

### kill -9 during a publishing storm, with lost responses

${killSection()}
### kill -9 with three processes on one PostgreSQL

${killPostgresSection()}
### Pinterest failing 30 % of calls

${flakySection()}
### Fuzzer

${fuzzSection()}
### Webhook receiver down, then up

${receiverSection()}
## Findings

${FINDINGS_TEXT()}
`;
}

function FINDINGS_TEXT(): string {
  const cpuPerPin = tenK?.run.cpuSeconds ? (tenK.run.cpuSeconds * 1000) / tenK.run.published : null;
  const burst = scheduler?.data.cases.find((c) => c.name.startsWith("burst"))?.run.pinsPerSecond ?? null;
  const fixed1kBase = fixed1k?.baseline ?? null;
  const halfRate =
    api?.data.scales
      .map((x) => {
        const f = x.fixedRate.find((r) => r.rate !== 1000);
        return f ? `${ms(f.pinflow.latencyMs.p99)} at ${int(f.rate)} req/s with ${int(x.pins)} pins` : null;
      })
      .filter(Boolean)
      .join(", ") || "–";
  return `### Round two (issue 21): what was done, and why each target not met is not

- **Done.** The hot queries of a create, of an API call and of a publish are compiled once per SQL dialect
  (\`src/db/compiled.ts\`: \`compiledOnce\`, \`compiledAll\`, and \`compiledPerColumns\` for writes whose columns
  vary), also inside transactions, which used to rebuild them; lists travel as one JSON parameter so a query
  has one SQL text. A healthy \`/health\` is no longer written to the request log (a quarter of its cost), and
  its database reading is shared for a second. The binary starts with \`--max-http-header-size\` as a runtime
  flag instead of loading \`node:http\`, and the time-zone list is built on first use. The publisher's default
  concurrency adapts (\`auto\`), a 429 without Retry-After pauses 2 s, 4 s, 8 s…, a failed board listing is
  read again before "could not check", and the emulator keeps rows. Every change is covered by the existing
  tests (2 × ~1 500 on SQLite and PostgreSQL) plus new ones for what is new (compiled statements in
  transactions, the quiet health log, the header flag).
- **Where the two load generators disagree.** autocannon runs on Node.js and needs more CPU per request
  than wrk (C); on two shared cores it takes CPU from the server it measures, and for the cheapest endpoints
  it is itself the limit, which pulls both servers' rates together: its ratios for \`/health\` and
  \`GET /pins/{id}\` are higher than wrk's. For the expensive endpoints (a page of 100, a create) the server is
  the limit under both, and they agree within a few hundredths. Each section shows the load average when it
  ended; the machine was not otherwise idle (other work ran at the lowest priority during parts of the run).
- **POST /pins ${postRatio.worst !== null && postRatio.worst >= 0.8 ? "met" : "not met"}** (${postRatio.text}). A create is now the same statements as the
  baseline's (key, user, profile, the two quota counters, plan, insert, the webhook look-up) plus the two
  triggers PinFlow needs (change feed, queue version), all compiled once. What remains is the framework's share
  of a ~0.7 ms request: Elysia's routing and hooks (request id and log, size limits, rate limiter, auth),
  parsing and validating the body with valibot, the Idempotency-Key wrapper, the pre-flight (board cache,
  limits) and the pin object — each a few µs, together the last ~25 %. Closing it would mean bypassing the
  framework for one route; we chose not to.
- **GET /pins page ${pageRatio.worst !== null && pageRatio.worst >= 0.9 ? "met" : "not met"}** (${pageRatio.text}). Both sides read the same 100 rows and send the same
  ~60 KB of JSON; PinFlow also builds the filtered list query per request (its filters vary: status, profile,
  board, dates, cursor — not compiled), turns each row into a pin object (four times formatted as ISO strings,
  the media type) and runs the response through Elysia. Profiles put SQLite's row reading at about a third of
  the time on both sides; the rest of the gap is those steps, spread thin.
- **GET /pins/{id} ${idRatio.worst !== null && idRatio.worst >= 0.9 ? "met" : "not met"}** (${idRatio.text}). The medians sit around 0.85–0.95, but
  "stable across rounds" is judged on every round of both generators, and on this shared 2-core machine a
  round swings by ±0.07. A request is ~0.13 ms; what PinFlow adds to the baseline's two compiled lookups is
  the framework's hooks and one access-log line per request (written to stdout), which the baseline does
  not write.
- **Publisher CPU ${cpuMsPerPin !== null && cpuMsPerPin <= 1 ? "met" : "not met"}** (${cpuMsPerPin === null ? "–" : `${cpuMsPerPin.toFixed(2)} ms a pin`}). Compiling the due-pin, claim, finish, profile and webhook queries took
  it from ~1.6 to ~1.3 ms in the profiling run. About 0.4 ms of it is system time: each pin is two fsync'd
  commits (the claim must be on disk before Pinterest is called, or a crash could post it twice; the finish
  with its events must be on disk before it is reported), which \`synchronous=FULL\` makes durable. The user
  time left is the HTTP call and its JSON, token decryption and the framework of promises around them.
- **Idle RSS ${idleRss !== null && idleRss < 60 * 2 ** 20 ? "met" : "not met"}** (${idleRss === null ? "–" : mib(idleRss)}). A compiled hello-world \`Bun.serve\` is ~36 MiB here (25 MiB of the
  runtime's own pages, 11 MiB anonymous). PinFlow's idle process maps ~50 MiB of its binary (the runtime's
  SQLite, crypto, HTTP client, JIT tiers — code the runtime touches for PinFlow's work — plus the ~9 MB
  bundle) and ~33 MiB anonymous, of which the JavaScript heap is ~10 MiB. \`--smol\` did not change it, nor did
  dropping the bytecode. It grew since the last round (68.6 MiB) with feeds, analytics, video, S3, PostgreSQL
  and the change feed, all loaded at start; lazy-loading the rarely used ones is the next step.
- **Cold start ${cold !== null && cold < 100 ? "met" : "not met"}** (${cold === null ? "–" : ms(cold, 0)}). ${cold !== null && cold < 100 ? "After dropping the node:http import and the eager time-zone list." : "A profile of the binary's start on existing data: evaluating the bundle ~23 ms, Elysia mounting every route ~32 ms (the pin routes alone ~12 ms), croner computing the jobs' first runs ~12 ms, opening the database and listening ~12 ms, then the first /health reading (first use of the query builder). Gone this round: the node:http import (~20 ms), the eager time-zone list, and enumerating every job's croner runs for its interval (~10 ms, now on first need). The rest would take loading features lazily."}

### Earlier findings

What the measurements point at, and what was fixed on the way (each fix has a test; every figure above
was measured with the fixes in).

1. **Fixed — duplicate pins after a lost answer on a busy board** (\`src/publishing/publishing.reconcile.ts\`,
   \`src/pinterest/pinterest.client.ts\`). The first kill -9 chaos run created 3 of 16 000 pins twice on
   Pinterest. A create whose answer never came is looked for on its board before it is sent again; that
   lookup read only the board's newest 300 pins and took "not among them" for "never created". During a storm
   more than 300 pins reach a board in the 30 s before the call times out, so the pin was posted again. Now
   the lookup reads back until it passes the claim time (pages of 250, at most 20, stopping as soon as it is
   far enough) and answers "unknown" — the pin fails with the message to check Pinterest — when it cannot get
   that far; never "absent". Tests in \`publishing.test.ts\`: "an orphan created further down a busy board
   than the newest 300 pins is found, not posted again", "a board too busy to read back to the claim does not
   prove a pin absent".
2. **Fixed — 500 on a malformed cookie** (\`src/http/auth.ts\`). The fuzzer's first run got 91 answers 500:
   \`readCookie\` ran \`decodeURIComponent\` on the cookie value, which throws on a bad %-escape
   (\`session=%E0%A4%A\`). Such a cookie now reads as absent, so the answer is 401. Test: \`src/http/auth.test.ts\`.
3. **Fixed — 500 when a webhook is deleted while one of its deliveries is in flight**
   (\`src/webhooks/webhooks.delivery.ts\`, \`webhooks.repo.ts\`). With 8 requests in flight the fuzzer hit
   \`POST /webhooks/{id}/test\` while a \`DELETE /webhooks/{id}\` removed the webhook and, by cascade, the
   delivery being sent; writing the attempt's outcome then threw (\`executeTakeFirstOrThrow\`) and the answer
   was 500 (the background delivery job would log the same error). The outcome of a vanished delivery is now
   reported, not stored. Test: \`src/webhooks/webhooks.delivery.test.ts\`.
4. **Fixed — GET /pins counted through a join** (\`src/pins/pins.repo.ts\`). X-Total-Count came from
   \`count(*)\` over pins ⋈ profiles, which reads every matching row to follow the join: at 10 000 pins
   GET /pins?status=scheduled answered 191 req/s (639 once fixed), and fell with every pin added. Every pin
   has exactly one profile (NOT NULL, foreign key, cascade), so the count now runs on \`pins\` alone and
   SQLite counts from the (user_id, status, id) index. It is still a scan of every matching entry (40 000
   at 100k pins, several ms), so since commit 42780bb (another change, prompted by these numbers) GET /pins
   counts only with \`with_total=true\`; the table at 100k shows both.
5. **${fixed1k && fixed1k.pinflow.latencyMs.p99 < 10 ? "Met" : "Not met"} — GET /pins page at 1 000 req/s.** A page is 100 pins (~60 KB of JSON). ${fixed1kBase ? `At 100k pins the bare baseline answered ${int(fixed1kBase.rps)} req/s of the 1 000 asked (p99 ${ms(fixed1kBase.latencyMs.p99)}), PinFlow ${int(fixed1k?.pinflow.rps)} (p99 ${ms(fixed1k?.pinflow.latencyMs.p99)})` : ""}: on this
   2-core machine, with the load generator on the other core, serving and serialising that page 1 000 times a
   second is at or past the limit for the bare handler as for PinFlow, so the latency is queueing. Below
   saturation (the half-rate rows) p99 is ${halfRate}. PinFlow's share of the gap is Elysia, validation and
   serialising 100 pins; whether a machine with cores to spare reaches the target is not measured here.
6. **Fixed — the framework's share of GET /pins/{id}** (\`src/db/compiled.ts\`, the API-key, user, session
   and pin repos). The first runs measured a ratio of 0.46–0.48 (target 0.5): a CPU profile put about a third
   of PinFlow's time in Kysely building and compiling each query on every request, and an in-process probe
   found bun:sqlite answering a one-row JOIN about ten times slower than the same data by subqueries or two
   lookups (≈35 µs against ≈3 µs). The hot lookups are now compiled once per database handle and avoid
   one-row JOINs: GET /pins/{id} fell from ≈170 to ≈70 µs in-process, and the ratio is
   ${byIdRatios.map((r) => r.toFixed(2)).join(" / ")} at 1k / 10k / 100k pins. POST /pins (about ten queries
   per create, most of them in a transaction) still builds its queries each time.
7. **Publishing ceiling.** PinFlow spends ${cpuPerPin ? `about ${cpuPerPin.toFixed(1)} ms` : "a few ms"} of CPU per published pin at 10k a minute
   (${cpuMsPerPin ? `${cpuMsPerPin.toFixed(2)} ms` : "–"} in the burst: two fsync'd transactions, the due-pin query, token decryption,
   the HTTP call and its JSON, the outbox check, two log lines), so one process tops out around
   ${burst ? `${int(burst)} pins/s` : "the burst row's rate"} here. A CPU profile of the burst (\`bun --cpu-prof\`) put most of the JavaScript time in
   Kysely building the publisher's queries (the due-pin lookup, the claim, the finish) on every pin, and most of
   the wall time in the two commits' fsyncs. The default concurrency is now \`auto\` (it grows while pins wait and
   halves on a 429), so 10 000 pins a minute need no setting: see the default-settings row.
8. **Webhooks do not slow publishing.** In the webhook run, pins due while 10 000 deliveries drained were
   published as promptly as those due after; the higher p99 of the first 15 s is the freshly started
   process warming up, before any delivery was added.
9. **Fixed — a 429 without Retry-After paused the whole profile for 60 s.** It now pauses 2 s, 4 s, 8 s…
   (growing while 429s keep coming, reset by a success), so under the 30 % fault mix pins keep flowing.
10. **Fixed — reconciliation under errors failed pins early.** A failed board listing is read again (up to three
   times) before a timed-out create is called "could not check".
11. **Fixed — the emulator's persistence was O(pins) per call.** It now keeps rows, one per record: see
    [Emulator persistence](#emulator-persistence).
12. **API keys can touch \`last_used_at\` several times a minute under load**: every request that reads the
    key before the first UPDATE lands fires its own (fsync'd) UPDATE. Harmless, a small burst of writes a
    minute.
`;
}

const doc = buildDoc();
writeFileSync(join(ROOT, "BENCHMARKS.md"), doc);
// Biome formats Markdown too (npm test runs `biome check .`): the file is committed in its layout.
const biome = join(ROOT, "node_modules/.bin/biome");
if (existsSync(biome))
  Bun.spawnSync([biome, "format", "--write", "BENCHMARKS.md"], { cwd: ROOT, stdout: "ignore" });
console.log("wrote BENCHMARKS.md");
