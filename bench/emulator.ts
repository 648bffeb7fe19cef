/**
 * The emulator's persistence (`pinflow emulator --data-dir D`, the compiled binary): POST /v5/pins one at a
 * time (each answered before the next is sent) while ~100 pins are stored, then — after creating pins up
 * to ~10 000 — again, in the same run on the same process. A create is on disk before its answer (WAL,
 * synchronous=FULL), so the time of a call is mostly what it writes: stored as rows, that is the same at
 * both sizes (ratio ≈ 1); the JSON snapshot it replaced rewrote every pin per call and grew with them.
 * Also measured per call: the bytes the emulator process wrote (/proc/<pid>/io — write_bytes, what reached
 * the disk, and wchar, every write call including the HTTP answer), and the state file's size.
 *
 * Before either, WARMUP creates and a reset (POST /_emulator/reset): while the WAL file is still growing to
 * its working size (~1000 pages, then it is checkpointed and reused), each fsync also commits the file's new
 * size and costs more, which would make the first window slower for a reason that has nothing to do with the
 * number of pins.
 *
 * Env: BENCH_EMULATOR_PINS (the large size, default 10000), BENCH_EMULATOR_SMALL (default 100),
 * BENCH_EMULATOR_SAMPLE (creates measured at each size, default 300), BENCH_EMULATOR_WARMUP (default 1000).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { cleanup, stop, tempDir } from "./lib/proc";
import { saveResult } from "./lib/results";
import { type Summary, summarize } from "./lib/stats";
import { EMULATOR_ACCOUNT, startEmulator } from "./lib/world";

const PINS = Number(process.env.BENCH_EMULATOR_PINS ?? "10000");
const SMALL = Number(process.env.BENCH_EMULATOR_SMALL ?? "100");
const SAMPLE = Number(process.env.BENCH_EMULATOR_SAMPLE ?? "300");
const WARMUP = Number(process.env.BENCH_EMULATOR_WARMUP ?? "1000");
const CLIENT = { id: "1500000", secret: "emulator-secret" };
/** Never called: the consent answer's Location is read, not followed. */
const REDIRECT_URI = "http://127.0.0.1:9/callback";

export interface EmulatorSize {
  /** Pins stored when the measured creates began. */
  storedBefore: number;
  calls: number;
  /** Round trip of one create, sent when the previous one was answered. */
  perCallMs: Summary;
  /** Bytes the emulator process sent towards the disk per create (null where /proc/<pid>/io is unreadable). */
  diskBytesPerCall: number | null;
  /** Bytes of every write call per create (the WAL frames, the answer on the socket, …). */
  writtenBytesPerCall: number | null;
  /** emulator.db and its WAL after the measured creates. */
  fileBytes: number;
}

export interface EmulatorResult {
  sizes: EmulatorSize[];
  /** Filling from the small size to the large one, one create at a time. */
  fill: { pins: number; seconds: number };
  /** Per-call p50 at the large size over the small one: ≈ 1 when a call's cost does not grow with the pins. */
  ratioP50: number;
  ratioMean: number;
}

interface Io {
  diskBytes: number;
  writtenBytes: number;
}

function ioOf(pid: number): Io | null {
  try {
    const text = readFileSync(`/proc/${pid}/io`, "utf8");
    const field = (name: string) =>
      Number(new RegExp(`^${name}: (\\d+)$`, "m").exec(text)?.[1] ?? Number.NaN);
    const io = { diskBytes: field("write_bytes"), writtenBytes: field("wchar") };
    return Number.isNaN(io.diskBytes) || Number.isNaN(io.writtenBytes) ? null : io;
  } catch {
    return null;
  }
}

const fileBytes = (dir: string) =>
  ["emulator.db", "emulator.db-wal"]
    .map((name) => join(dir, name))
    .filter((path) => existsSync(path))
    .reduce((sum, path) => sum + statSync(path).size, 0);

/** The consent form's "Allow", then the code exchange: a real access token of the studio account. */
async function accessToken(url: string): Promise<string> {
  const consent = await fetch(`${url}/oauth/`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({
      client_id: CLIENT.id,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "boards:read,pins:read,pins:write,boards:write",
      account_id: EMULATOR_ACCOUNT,
    }),
  });
  const code = new URL(consent.headers.get("location") ?? REDIRECT_URI).searchParams.get("code");
  if (!code) throw new Error(`consent answered ${consent.status} without a code`);
  const token = await fetch(`${url}/v5/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${CLIENT.id}:${CLIENT.secret}`)}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI }),
  });
  if (token.status !== 200) throw new Error(`token exchange answered ${token.status}: ${await token.text()}`);
  return ((await token.json()) as { access_token: string }).access_token;
}

async function firstBoard(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/v5/boards?page_size=1`, { headers: { authorization: `Bearer ${token}` } });
  const board = ((await res.json()) as { items: Array<{ id: string }> }).items[0];
  if (!board) throw new Error(`GET /v5/boards answered ${res.status} without a board`);
  return board.id;
}

/** Creates one pin, like PinFlow's publisher would; its round trip in ms. */
function pinCreator(url: string, token: string, boardId: string) {
  let n = 0;
  return async (): Promise<number> => {
    n += 1;
    const body = JSON.stringify({
      board_id: boardId,
      title: `Benchmark pin ${n}`,
      description: "A pin of the emulator benchmark, about the length of a real description. #recipes",
      link: `https://blog.example.com/posts/${n}`,
      alt_text: "A bowl of soup on a wooden table",
      media_source: { source_type: "image_url", url: `https://images.example.com/${n}.jpg` },
    });
    const t0 = performance.now();
    const res = await fetch(`${url}/v5/pins`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 201) throw new Error(`POST /v5/pins answered ${res.status}`);
    return ms;
  };
}

async function measure(
  create: () => Promise<number>,
  pid: number,
  dir: string,
  storedBefore: number,
): Promise<EmulatorSize> {
  const before = ioOf(pid);
  const times: number[] = [];
  for (let i = 0; i < SAMPLE; i++) times.push(await create());
  const after = ioOf(pid);
  const perCall = (key: keyof Io) => (before && after ? (after[key] - before[key]) / SAMPLE : null);
  return {
    storedBefore,
    calls: SAMPLE,
    perCallMs: summarize(times),
    diskBytesPerCall: perCall("diskBytes"),
    writtenBytesPerCall: perCall("writtenBytes"),
    fileBytes: fileBytes(dir),
  };
}

const describeSize = (s: EmulatorSize) =>
  `${s.storedBefore} stored: p50 ${s.perCallMs.p50?.toFixed(2)} ms, p99 ${s.perCallMs.p99?.toFixed(2)} ms, mean ${s.perCallMs.mean?.toFixed(2)} ms, ${s.diskBytesPerCall === null ? "?" : Math.round(s.diskBytesPerCall)} B to disk per call, file ${(s.fileBytes / 2 ** 20).toFixed(1)} MiB`;

const started = new Date();
const dataDir = tempDir("emulator-state");
const emulator = await startEmulator({ dataDir });
let result: EmulatorResult;
try {
  const url = emulator.url;
  const warm = await accessToken(url);
  const warmCreate = pinCreator(url, warm, await firstBoard(url, warm));
  for (let i = 0; i < WARMUP; i++) await warmCreate();
  await emulator.reset();
  const token = await accessToken(url);
  const create = pinCreator(url, token, await firstBoard(url, token));
  let stored = 0;
  while (stored < SMALL) {
    await create();
    stored += 1;
  }
  const small = await measure(create, emulator.server.pid, dataDir, stored);
  stored += SAMPLE;
  console.log(describeSize(small));
  const fillStart = performance.now();
  const filled = Math.max(0, PINS - stored);
  for (let i = 0; i < filled; i++) await create();
  stored += filled;
  const fillSeconds = (performance.now() - fillStart) / 1000;
  console.log(`filled ${filled} pins in ${fillSeconds.toFixed(1)} s`);
  const large = await measure(create, emulator.server.pid, dataDir, stored);
  console.log(describeSize(large));
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? a / b : Number.NaN);
  result = {
    sizes: [small, large],
    fill: { pins: filled, seconds: fillSeconds },
    ratioP50: ratio(large.perCallMs.p50, small.perCallMs.p50),
    ratioMean: ratio(large.perCallMs.mean, small.perCallMs.mean),
  };
  console.log(
    `ratio ${PINS} / ${SMALL} pins: p50 ${result.ratioP50.toFixed(2)}, mean ${result.ratioMean.toFixed(2)}`,
  );
} finally {
  await stop(emulator.server);
  cleanup();
}

saveResult<EmulatorResult>("emulator", "npm run bench (bun bench/emulator.ts)", started, result);
