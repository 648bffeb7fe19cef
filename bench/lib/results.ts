/**
 * Results: every bench and chaos script writes one JSON file into bench/results/ (git-ignored); bench/report.ts
 * assembles BENCHMARKS.md from them. Each file carries the machine it ran on and the command that made it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { RESULTS_DIR, ROOT } from "./proc";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  os: string;
  bun: string;
  node: string;
  commit: string;
  /** 1, 5 and 15-minute load averages when the result was saved (2 cores: above 2 means queueing). */
  loadAverage: number[];
}

function sh(cmd: string[]): string {
  const res = Bun.spawnSync(cmd, { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  return res.exitCode === 0 ? res.stdout.toString().trim() : "";
}

export function machine(): Machine {
  let os = "";
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  } catch {
    // not Linux
  }
  const dirty = sh(["git", "status", "--porcelain", "--untracked-files=no"]) !== "";
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: sh(["uname", "-r"]),
    os,
    bun: Bun.version,
    node: sh(["node", "--version"]),
    commit: `${sh(["git", "rev-parse", "--short", "HEAD"]) || "unknown"}${dirty ? " + uncommitted changes" : ""}`,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export interface ResultFile<T> {
  name: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  data: T;
}

export function saveResult<T>(name: string, command: string, startedAt: Date, data: T): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file: ResultFile<T> = {
    name,
    command,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machine(),
    data,
  };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(file, null, 2)}\n`);
  console.log(`wrote bench/results/${name}.json`);
}

export function loadResult<T>(name: string): ResultFile<T> | null {
  try {
    return JSON.parse(readFileSync(join(RESULTS_DIR, `${name}.json`), "utf8")) as ResultFile<T>;
  } catch {
    return null;
  }
}
