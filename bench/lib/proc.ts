/**
 * Processes for benchmarks and chaos runs: the compiled binary, PinFlow and emulator servers started from
 * it, and what can be read about them from /proc. Every server binds 127.0.0.1 on a port picked here, logs
 * to a file (JSON lines, never a pipe that could fill up and stall it) and is polled until it answers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

export const ROOT = resolve(import.meta.dir, "../..");
export const RESULTS_DIR = join(ROOT, "bench/results");
export const BUN = process.execPath;

export const sleep = (ms: number) => Bun.sleep(ms);

/** A scratch folder under the system temp dir (removed by `cleanup`). */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pinflow-bench-${prefix}-`));
}

const scratchDirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = scratch(prefix);
  scratchDirs.push(dir);
  return dir;
}

/** Builds the single executable once per process into bench/results/bin/pinflow. */
let built: string | null = null;
export async function buildBinary(): Promise<string> {
  if (built) return built;
  const out = join(RESULTS_DIR, "bin", "pinflow");
  mkdirSync(join(RESULTS_DIR, "bin"), { recursive: true });
  const proc = Bun.spawnSync([BUN, "run", "build.ts", out], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`build failed: ${proc.stderr.toString()}`);
  built = out;
  return out;
}

export const fileSize = (path: string) => statSync(path).size;

export function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}

export interface Server {
  proc: Subprocess;
  pid: number;
  port: number;
  url: string;
  logPath: string;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  /** ms from spawn to the first answer of the readiness probe. */
  readyMs: number;
}

const baseEnv = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" });

/**
 * Spawns `cmd` (cwd = `cwd`, so no developer .env is picked up), stdout+stderr appended to `logPath`, and
 * polls `probePath` until it answers `okStatus` (or any status when okStatus is null).
 */
export async function startServer(opts: {
  cmd: string[];
  port: number;
  cwd: string;
  env?: Record<string, string>;
  logPath: string;
  probePath: string;
  okStatus?: number | null;
  timeoutMs?: number;
  pollMs?: number;
}): Promise<Server> {
  const log = Bun.file(opts.logPath);
  const t0 = performance.now();
  const proc = Bun.spawn(opts.cmd, {
    cwd: opts.cwd,
    env: { ...baseEnv(), ...opts.env },
    stdin: "ignore",
    stdout: log,
    stderr: log,
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = t0 + (opts.timeoutMs ?? 30_000);
  const okStatus = opts.okStatus === undefined ? 200 : opts.okStatus;
  let exitCode: number | null = null;
  void proc.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== null) {
      throw new Error(`${opts.cmd.join(" ")} exited with ${exitCode}:\n${tail(opts.logPath)}`);
    }
    try {
      const res = await fetch(`${url}${opts.probePath}`);
      await res.arrayBuffer();
      if (okStatus === null || res.status === okStatus) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      proc.kill(9);
      throw new Error(`${opts.cmd.join(" ")} did not become ready:\n${tail(opts.logPath)}`);
    }
    await sleep(opts.pollMs ?? 20);
  }
  return {
    proc,
    pid: proc.pid,
    port: opts.port,
    url,
    logPath: opts.logPath,
    exited: proc.exited,
    readyMs: performance.now() - t0,
  };
}

export function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(server: Server | null | undefined, graceMs = 15_000): Promise<void> {
  if (!server || server.proc.exitCode !== null || server.proc.signalCode) return;
  server.proc.kill("SIGTERM");
  const done = await Promise.race([server.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    server.proc.kill(9);
    await server.exited;
  }
}

export async function kill9(server: Server): Promise<void> {
  server.proc.kill(9);
  await server.exited;
}

/** Resident set size of a process in bytes (VmRSS), null once it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; reports the peak. */
export function sampleRss(pid: number, everyMs = 200) {
  let peak = 0;
  const samples: number[] = [];
  const timer = setInterval(() => {
    const rss = rssBytes(pid);
    if (rss !== null) {
      samples.push(rss);
      if (rss > peak) peak = rss;
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { peak, samples: samples.length, last: samples[samples.length - 1] ?? null };
    },
  };
}

/** Removes every folder made by tempDir (servers must be stopped first). */
export function cleanup(): void {
  if (process.env.BENCH_KEEP_DATA) {
    console.log(`kept data folders: ${scratchDirs.join(" ")}`);
    return;
  }
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs a command to completion (the CLI's migrate / users set). */
export function runSync(cmd: string[], cwd: string, env: Record<string, string> = {}) {
  const res = Bun.spawnSync(cmd, { cwd, env: { ...baseEnv(), ...env }, stdout: "pipe", stderr: "pipe" });
  if (res.exitCode !== 0) {
    throw new Error(`${cmd.join(" ")} failed (${res.exitCode}): ${res.stderr.toString()}${res.stdout}`);
  }
  return res.stdout.toString();
}
