/**
 * `pinflow healthcheck`: asks the server on this machine for GET /health and exits 0 when it answers
 * 200, 1 otherwise (not answering, 503 "degraded", a bad address). For container HEALTHCHECKs on images
 * without curl, and for monitors. Host, port and base path (GET /pinflow/health under PINFLOW_BASE_PATH) are
 * read as `serve` reads them; a wildcard bind (0.0.0.0, ::) is asked on loopback. Never exits 2: Docker
 * reserves that code.
 */
import { ConfigError, parseLocalUrl } from "../config";
import type { ParsedArgs } from "./args";

const TIMEOUT_MS = 5_000;

export async function probeHealth(
  baseUrl: string,
  timeoutMs = TIMEOUT_MS,
): Promise<{ healthy: boolean; message: string }> {
  const url = `${baseUrl}/health`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    const body = (await res.text()).replace(/\s+/g, " ").slice(0, 500);
    return { healthy: res.status === 200, message: `${url} answered ${res.status}: ${body}` };
  } catch (err) {
    return { healthy: false, message: `${url} did not answer: ${(err as Error).message}` };
  }
}

export async function healthcheckCommand(args: ParsedArgs): Promise<void> {
  let baseUrl: string;
  try {
    baseUrl = parseLocalUrl(process.env, args.configFlags);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`pinflow: unhealthy: ${err.message}`);
    process.exit(1);
  }
  const { healthy, message } = await probeHealth(baseUrl);
  if (healthy) return void console.log(`healthy: ${message}`);
  console.error(`pinflow: unhealthy: ${message}`);
  process.exit(1);
}
