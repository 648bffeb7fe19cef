/**
 * CSV import at its limit: POST /pins/import with 1,000 rows (Pinterest's eight columns, boards by name, a
 * Publish date on each row) against the compiled binary — the dry run and the import itself, several rounds
 * (the pins are deleted between rounds) — while a probe sends GET /pins?limit=20 one after another to show
 * whether the API stays responsive meanwhile. The same probe without an import is the baseline.
 *
 * Env: BENCH_IMPORT_ROWS (default 1000), BENCH_ROUNDS (default 3).
 */
import { cleanup, stop } from "./lib/proc";
import { saveResult } from "./lib/results";
import { type Summary, summarize } from "./lib/stats";
import { createWorld } from "./lib/world";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? "1000");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");
const BASELINE_MS = 3000;

export interface ImportRound {
  dryRunMs: number;
  importMs: number;
  created: number;
  /** GET /pins latencies while the import ran. */
  probe: Summary;
}

export interface ImportResult {
  rows: number;
  fileBytes: number;
  rounds: ImportRound[];
  baselineProbe: Summary;
}

const HEADER = "Title,Media URL,Pinterest board,Thumbnail,Description,Link,Publish date,Keywords";

function csvFile(boards: string[]): string {
  const start = Date.now() + 2 * 86_400_000;
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const at = new Date(start + i * 3_600_000).toISOString().slice(0, 19);
    const board = boards[i % boards.length] as string;
    return `"Bench pin ${i}, from a spreadsheet",https://images.example.com/${i}.jpg,${board},,"A description of ordinary length for pin ${i}, like most users write.",https://blog.example.com/posts/${i},${at}Z,"bench, import"`;
  });
  return `${[HEADER, ...rows].join("\r\n")}\r\n`;
}

const started = new Date();
const world = await createWorld({ name: "import" });
const rounds: ImportRound[] = [];
let baselineProbe: Summary | null = null;
let fileBytes = 0;
try {
  const pinflow = world.pinflow;
  if (!pinflow) throw new Error("PinFlow is not running");
  const auth = { authorization: `Bearer ${world.key}` };
  const boards = (
    (await (await world.api("/boards")).json()) as { items: Array<{ name: string }> }
  ).items.map((b) => b.name);
  const csv = csvFile(boards);
  fileBytes = new TextEncoder().encode(csv).byteLength;
  const send = async (query: string) => {
    const form = new FormData();
    form.append("file", new File([csv], "bench.csv", { type: "text/csv" }));
    const t0 = performance.now();
    const res = await fetch(`${pinflow.url}/pins/import${query}`, {
      method: "POST",
      body: form,
      headers: auth,
    });
    const body = (await res.json()) as { created?: number; valid?: number; pins?: Array<{ id: number }> };
    return { ms: performance.now() - t0, status: res.status, body };
  };
  /** GET /pins?limit=20, one after another, until `until` settles. */
  const probe = async (until: Promise<unknown>) => {
    let done = false;
    void until.finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${pinflow.url}/pins?limit=20`, { headers: auth });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`probe answered ${res.status}`);
      latencies.push(performance.now() - t0);
    }
    return summarize(latencies);
  };
  // warm-up, then the baseline: the probe alone
  await send("?dry_run=true");
  baselineProbe = await probe(new Promise((resolve) => setTimeout(resolve, BASELINE_MS)));
  for (let round = 0; round < ROUNDS; round++) {
    const dry = await send("?dry_run=true");
    if (dry.status !== 200 || dry.body.valid !== ROWS)
      throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.body).slice(0, 300)}`);
    const importing = send("");
    const probed = await probe(importing);
    const real = await importing;
    if (real.status !== 201)
      throw new Error(`import: ${real.status} ${JSON.stringify(real.body).slice(0, 300)}`);
    rounds.push({ dryRunMs: dry.ms, importMs: real.ms, created: real.body.created ?? 0, probe: probed });
    console.log(
      `round ${round + 1}: dry run ${dry.ms.toFixed(0)} ms, import ${real.ms.toFixed(0)} ms (${real.body.created} pins); GET /pins meanwhile p50 ${probed.p50?.toFixed(1)} ms p99 ${probed.p99?.toFixed(1)} ms max ${probed.max?.toFixed(1)} ms (${probed.n} requests)`,
    );
    const ids = (real.body.pins ?? []).map((p) => p.id);
    const del = await world.api("/pins/bulk", { method: "DELETE", body: JSON.stringify({ pin_ids: ids }) });
    if (del.status !== 204) throw new Error(`DELETE /pins/bulk: ${del.status}`);
  }
  console.log(
    `baseline GET /pins p50 ${baselineProbe.p50?.toFixed(1)} ms p99 ${baselineProbe.p99?.toFixed(1)} ms (${baselineProbe.n} requests)`,
  );
} finally {
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}

saveResult<ImportResult>("import", "npm run bench (bun bench/import.ts)", started, {
  rows: ROWS,
  fileBytes,
  rounds,
  baselineProbe: baselineProbe as Summary,
});
