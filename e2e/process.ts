/** Helpers for black-box tests that run PinFlow as a real process. */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

export const ROOT = resolve(import.meta.dir, "..");
export const BUN = process.execPath;

export const tempDir = (prefix = "pinflow-e2e-") => mkdtempSync(join(tmpdir(), prefix));

export interface Running {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  lines: string[];
  exited: Promise<number>;
}

/** Starts `cmd` and resolves once PinFlow logs the address it listens on. */
export async function startPinflow(
  cmd: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; urlPattern?: RegExp } = {},
): Promise<Running> {
  const proc = Bun.spawn(cmd, {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...opts.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  let resolveUrl: (url: string) => void = () => {};
  const urlPromise = new Promise<string>((r) => {
    resolveUrl = r;
  });
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of proc.stdout) {
      buffered += decoder.decode(chunk);
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        const match = (opts.urlPattern ?? /"url":"(http:\/\/[^"]+)"/).exec(line);
        if (match && line.includes("listening")) resolveUrl(match[1] as string);
        nl = buffered.indexOf("\n");
      }
    }
  })();
  const timeout = Bun.sleep(opts.timeoutMs ?? 15_000).then(() => null);
  const url = await Promise.race([urlPromise, timeout, proc.exited.then(() => null)]);
  if (!url) {
    proc.kill(9);
    const err = await new Response(proc.stderr).text();
    throw new Error(`PinFlow did not start: ${err}\n${lines.join("\n")}`);
  }
  return { proc, url, lines, exited: proc.exited };
}

export async function run(cmd: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const proc = Bun.spawn(cmd, {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}
