/** Runs bench/lib/loadgen.mjs (autocannon on Node.js) and returns its measurements. */
import { join } from "node:path";
import { ROOT } from "./proc";

export interface LoadOptions {
  url: string;
  path: string;
  connections?: number;
  durationS?: number;
  warmupS?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Fixed total request rate (req/s) instead of as fast as possible. */
  overallRate?: number;
  /** Replaces "{id}" in path with a random id in [min, max] per request. */
  idRange?: [number, number];
}

export interface LoadResult {
  requests: number;
  elapsedS: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export const AUTOCANNON_VERSION: string = (
  (await Bun.file(join(ROOT, "node_modules/autocannon/package.json")).json()) as { version: string }
).version;

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const proc = Bun.spawn(["node", join(ROOT, "bench/lib/loadgen.mjs"), JSON.stringify(opts)], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`loadgen failed (${code}): ${err}`);
  const line = out.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as LoadResult;
}
