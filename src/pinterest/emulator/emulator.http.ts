/**
 * Small HTTP pieces of the emulator, free of Elysia: answers as plain values (turned into Responses in one
 * place, emulator.app.ts), Pinterest-shaped error bodies, credentials parsing, and waits that end when the
 * caller gives up (the request's AbortSignal) or the emulator closes.
 */
import { randomBytes } from "node:crypto";
import type { FailureSpec } from "./emulator.faults";

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  bytes?: Uint8Array;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({
  status,
  json: body,
  headers,
});

export const html = (status: number, text: string): Answer => ({
  status,
  text,
  headers: {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    // No scripts and no outside assets (a pin's image_url is shown as a link, never loaded).
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  },
});

export const redirect = (location: string): Answer => ({
  status: 302,
  headers: { location, "cache-control": "no-store" },
});

export const noContent = (): Answer => ({ status: 204 });

export function toResponse(answer: Answer, rid: string): Response {
  const headers = new Headers(answer.headers);
  headers.set("x-pinterest-rid", rid);
  let body: BodyInit | null = null;
  if (answer.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(answer.json);
  } else if (answer.text !== undefined) {
    body = answer.text;
  } else if (answer.bytes !== undefined) {
    body = answer.bytes as Uint8Array<ArrayBuffer>;
  }
  return new Response(body, { status: answer.status, headers });
}

/** Pinterest's request id: 16 hex digits. */
export const newRid = () => randomBytes(8).toString("hex");

// ---- Pinterest error bodies ({code, message}; `code` is Pinterest's own, not the HTTP status) ----

export const pinterestError = (
  status: number,
  code: number,
  message: string,
  headers?: Record<string, string>,
) => json(status, { code, message }, headers);

/** Real captures carry an extra `"status":"failure"` on 401 (pinterest-python-sdk http_logs.txt). */
export const authFailed = () => json(401, { code: 2, message: "Authentication failed.", status: "failure" });
export const notPermitted = () => pinterestError(403, 29, "You are not permitted to access that resource.");
export const boardNotFound = () => pinterestError(404, 40, "Board not found.");
export const pinNotFound = () => pinterestError(404, 50, "Pin not found.");
export const invalidParameters = (message: string) => pinterestError(400, 1, message);

const RATE_LIMIT_MESSAGE =
  "This request exceeded a rate limit. This can happen if the client exceeds one of the published rate limits or if multiple write operations are applied to an object within a short time window.";

const DEFAULT_FAILURES: Record<number, { code: number; message: string; status?: string }> = {
  400: { code: 1, message: "Invalid parameters." },
  401: { code: 2, message: "Authentication failed.", status: "failure" },
  403: { code: 29, message: "You are not permitted to access that resource." },
  404: { code: 404, message: "Not found." },
  429: { code: 8, message: RATE_LIMIT_MESSAGE },
};

/** The answer of an injected failure, Pinterest-shaped for its status unless the spec overrides it. */
export function failureAnswer(spec: FailureSpec): Answer {
  const base = DEFAULT_FAILURES[spec.status] ?? {
    code: spec.status >= 500 ? spec.status : 1,
    message:
      spec.status >= 500 ? "Something went wrong on our end. Please try again later." : "Request failed.",
  };
  const body: Record<string, unknown> = { ...base };
  if (spec.code !== undefined) body.code = spec.code;
  if (spec.message !== undefined) body.message = spec.message;
  if (spec.code !== undefined || spec.message !== undefined) delete body.status;
  const headers: Record<string, string> = {};
  if (spec.retryAfterSeconds !== undefined) headers["retry-after"] = String(spec.retryAfterSeconds);
  return json(spec.status, body, headers);
}

// ---- credentials ----

export function basicCredentials(header: string | null): { id: string; secret: string } | null {
  const encoded = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** RFC 6749 §2.3.1 form-encodes id and secret before joining them; most clients do not. Both are accepted. */
export function sameCredential(sent: string, expected: string): boolean {
  return sent === expected || formDecode(sent) === expected;
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

export function bearerToken(header: string | null): string | null {
  return header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

export async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
  return new URLSearchParams(await request.text());
}

/** The JSON body, or `undefined` when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ---- waiting ----

/** Pending waits, so closing the emulator releases every hanging request. */
export interface Waits {
  /** Waits `ms` (real time); false when the caller went away or the emulator closed first. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
  /** Never answers on its own: resolves when the caller aborts or the emulator closes. */
  hang(signal: AbortSignal): Promise<void>;
  releaseAll(): void;
  /** Resolves once a request is being held (hanging or in added latency): tests wait for this, not for time. */
  untilHeld(): Promise<void>;
}

export function createWaits(): Waits {
  const pending = new Set<() => void>();
  let onHeld: Array<() => void> = [];
  const wait = (ms: number | null, signal: AbortSignal) =>
    new Promise<boolean>((resolve) => {
      if (signal.aborted) return resolve(false);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (completed: boolean) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        pending.delete(onAbort);
        resolve(completed);
      };
      const onAbort = () => finish(false);
      signal.addEventListener("abort", onAbort, { once: true });
      pending.add(onAbort);
      for (const held of onHeld) held();
      onHeld = [];
      if (ms !== null) timer = setTimeout(() => finish(true), ms);
    });
  return {
    sleep: (ms, signal) => (ms <= 0 ? Promise.resolve(!signal.aborted) : wait(ms, signal)),
    hang: async (signal) => {
      await wait(null, signal);
    },
    releaseAll() {
      for (const release of [...pending]) release();
    },
    untilHeld: () =>
      pending.size > 0 ? Promise.resolve() : new Promise<void>((resolve) => onHeld.push(resolve)),
  };
}

/** What a request that was given up on "answers": nobody reads it. */
export const abandoned = (): Answer => pinterestError(503, 503, "The request was abandoned by the caller.");
