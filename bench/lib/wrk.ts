/**
 * The second load generator: wrk (C, Debian's `wrk` package), closed loop like autocannon, so each figure
 * is measured by two tools with different clients and timers. A Lua script sets the method, headers and
 * body, and draws a random id for "{id}" paths; `--latency` gives the percentiles. Returns the shape of
 * lib/load.ts's LoadResult so reports treat both alike.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadOptions, LoadResult } from "./load";

export const WRK_VERSION: string =
  /wrk\s+(\S+)/.exec(Bun.spawnSync(["wrk", "--version"]).stdout.toString())?.[1] ?? "unknown";

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal for this text

function script(opts: LoadOptions): string {
  const headers = Object.entries(opts.headers ?? {})
    .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
    .join("\n");
  const body = opts.body ? `wrk.body = ${lua(opts.body)}` : "";
  const [min, max] = opts.idRange ?? [0, 0];
  const request = opts.idRange
    ? `request = function()
  local path = string.gsub(${lua(opts.path)}, "{id}", tostring(math.random(${min}, ${max})))
  return wrk.format(nil, path)
end`
    : `request = function() return wrk.format(nil, ${lua(opts.path)}) end`;
  return `wrk.method = ${lua(opts.method ?? "GET")}
${headers}
${body}
${request}
statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\":%d,\\"elapsedUs\\":%d,\\"errors\\":%d,\\"timeouts\\":%d,\\"non2xx\\":%d,\\"p50\\":%f,\\"p90\\":%f,\\"p99\\":%f,\\"p999\\":%f,\\"mean\\":%f,\\"max\\":%f}\\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.mean / 1000, latency.max / 1000))
end
`;
}

/** One closed-loop wrk run (1 thread, `connections` connections), after a warm-up run of warmupS. */
export async function loadWrk(opts: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "pinflow-wrk-"));
  const file = join(dir, "script.lua");
  writeFileSync(file, script(opts));
  const url = new URL("/", opts.url).toString();
  const args = (s: number) => [
    "wrk",
    "-t1",
    `-c${opts.connections ?? 16}`,
    `-d${s}s`,
    "--timeout",
    "30s",
    "-s",
    file,
    url,
  ];
  const run = async (s: number) => {
    const proc = Bun.spawn(args(s), { stdout: "pipe", stderr: "pipe" });
    const [out, err] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    await proc.exited;
    return { out, err };
  };
  if (opts.warmupS) await run(opts.warmupS);
  const { out, err } = await run(opts.durationS ?? 3);
  const line = out.split("\n").find((l) => l.startsWith("JSON "));
  if (!line) throw new Error(`wrk failed: ${err}${out}`);
  const r = JSON.parse(line.slice(5));
  const elapsedS = r.elapsedUs / 1e6;
  return {
    requests: r.requests,
    elapsedS,
    rps: r.requests / elapsedS,
    latencyMs: { mean: r.mean, p50: r.p50, p90: r.p90, p99: r.p99, p999: r.p999, max: r.max },
    statuses: {},
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}
