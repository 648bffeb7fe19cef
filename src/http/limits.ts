/**
 * How big a request may be, answered by PinFlow itself as `{"detail": …}` JSON.
 *
 * Bun enforces its own limits before any JavaScript runs — a body over `maxRequestBodySize` (declared or
 * chunked) gets a bare 413, a request line + headers over 16 KiB a bare 431, both with an empty body; neither
 * Bun.serve's `error` handler nor any Elysia hook sees those requests (measured: see limits.test.ts and
 * e2e/limits.test.ts). So Bun's limits are raised above PinFlow's (BUN_LIMITS, raiseBunHeaderLimit) and PinFlow
 * checks its own, first thing for every request (`requestLimits`):
 * - a URL over 8 KiB → 414; a request line + headers over 16 KiB → 431;
 * - a declared Content-Length over MAX_BODY_BYTES → 413, before a byte of the body is read;
 * - a body sent without a length (chunked) is counted as it is read (`readCapped`, used by src/http/body.ts).
 *
 * NB: past BUN_HEADER_LIMIT (64 KiB) Bun still answers a bare 431 — it has to stop buffering somewhere, and it
 * does so before JavaScript can answer. 64 KiB keeps what one slow connection can pin in memory small.
 */

import { Elysia } from "elysia";
import { readAtMost } from "../shared/stream";
import { headersTooLarge, payloadTooLarge, urlTooLong } from "./errors";

/** Uploads are capped at 10 MB; multipart framing and a large bulk create fit in 11 MB. */
export const MAX_BODY_BYTES = 11 * 1024 * 1024;
export const MAX_URL_BYTES = 8 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;

/** Bun's own limits, far enough above ours that PinFlow answers first (bodies: any declared size). */
export const BUN_LIMITS = { maxRequestBodySize: Number.MAX_SAFE_INTEGER } as const;
export const BUN_HEADER_LIMIT = 64 * 1024;

/** The value of `--max-http-header-size=N` among the runtime's own flags, or 0. */
export function headerLimitFlag(execArgv: readonly string[] = process.execArgv): number {
  const flag = execArgv.find((a) => a.startsWith("--max-http-header-size="));
  return flag ? Number(flag.split("=")[1]) || 0 : 0;
}

/**
 * Bun reads its header limit from node:http's `maxHeaderSize` (also `bun --max-http-header-size`), process-wide,
 * for every server. Called by `serve` before listening. The compiled binary and `npm start` pass the flag
 * (build.ts's execArgv, package.json), which spares loading node:http — ~20 ms of a cold start.
 */
export async function raiseBunHeaderLimit(execArgv: readonly string[] = process.execArgv): Promise<void> {
  if (headerLimitFlag(execArgv) >= BUN_HEADER_LIMIT) return;
  const node = (await import("node:http")).default as { maxHeaderSize: number };
  if (node.maxHeaderSize < BUN_HEADER_LIMIT) node.maxHeaderSize = BUN_HEADER_LIMIT;
}

const kib = (n: number) => `${n / 1024} KB`;
const mib = (n: number) => `${n / 1024 / 1024} MB`;

/** The request target ("/pins?x=1") as it was on the request line. */
function targetOf(request: Request): string {
  const url = request.url;
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start === -1 ? "/" : url.slice(start);
}

/** About the bytes of the request line and headers as they came over the wire. */
function headerBytes(request: Request, target: string): number {
  let n = request.method.length + target.length + 12; // "GET /x HTTP/1.1\r\n"
  for (const [name, value] of request.headers) n += name.length + value.length + 4;
  return n;
}

/**
 * Refuses a request whose URL, headers or declared body are over PinFlow's limits (see the header). Routes in
 * `ownBodyLimit` ("POST /pins/upload-video") stream their body and check its size themselves.
 */
export function checkRequestSize(request: Request, ownBodyLimit: ReadonlySet<string> = new Set()): void {
  const target = targetOf(request);
  if (target.length > MAX_URL_BYTES) throw urlTooLong(kib(MAX_URL_BYTES));
  if (headerBytes(request, target) > MAX_HEADER_BYTES) throw headersTooLarge(kib(MAX_HEADER_BYTES));
  const declared = request.headers.get("content-length");
  if (declared === null || Number(declared) <= MAX_BODY_BYTES) return;
  if (ownBodyLimit.has(`${request.method} ${target.split("?")[0]}`)) return;
  throw payloadTooLarge(mib(MAX_BODY_BYTES));
}

export const requestLimits = (ownBodyLimit: ReadonlySet<string> = new Set()) =>
  new Elysia({ name: "request-limits" }).onRequest(({ request }) => checkRequestSize(request, ownBodyLimit));

/** The whole body, refused with 413 as soon as it passes `max` bytes (whether or not a length was declared). */
export async function readCapped(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) throw payloadTooLarge(mib(max));
  if (!request.body) return new Uint8Array(0);
  // With a declared length the server reads exactly that many bytes: no need to count.
  if (declared !== null) return new Uint8Array(await request.arrayBuffer());
  const body = await readAtMost(request.body, max);
  if (!body) throw payloadTooLarge(mib(max));
  return body;
}
