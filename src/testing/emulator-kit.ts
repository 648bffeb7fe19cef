/**
 * Test helpers for the emulator's tests (not used by PinFlow itself). `call` goes through app.handle and
 * checks every /v5 answer against openapi-v5.json (and the request body it sent, unless told the body is
 * meant to be invalid), so no test can pass on a response Pinterest's spec would reject.
 */
import { expect } from "bun:test";
import {
  createEmulator,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  type EmulatorOptions,
} from "../pinterest/emulator/index";
import { validateRequestBody, validateResponse } from "../pinterest/spec/spec";
import { multipartBody } from "../shared/multipart";
import { createTestClock, type TestClock } from "./clock";

export const REDIRECT_URI = "http://127.0.0.1:8080/auth/callback";
/** What PinFlow asks for (pinterest.client.ts PINTEREST_SCOPES). */
export const PINFLOW_SCOPES = "boards:read,boards:write,pins:read,pins:write,user_accounts:read";
export const STUDIO = "2783136121146311751"; // 37 boards
export const HOME_COOK = "2783136121146311752"; // 3 boards
export const STUDIO_BOARD = "1072067954981000001";
export const HOME_COOK_BOARD = "1072067954982000001";

export const basicAuth = (id = EMULATOR_CLIENT_ID, secret = EMULATOR_CLIENT_SECRET) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

/** A 3×2 PNG (real bytes, so the emulator can read its size). */
export const PNG_3X2 =
  "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGN4xqAMQQxwFgBCwgY3R7cBvgAAAABJRU5ErkJggg==";

export interface CallOptions {
  token?: string;
  json?: unknown;
  /** Form body (sent as application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * What the spec says of the request body we send: true (default) = valid, false = invalid (the emulator
   * must refuse it too), "skip" = the spec cannot tell (e.g. a body that is not JSON at all).
   */
  requestValid?: boolean | "skip";
  /** Spec problems this answer is known to have (documented deviations of the spec from real Pinterest). */
  knownSpecDeviations?: string[];
}

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely
  body: any;
  text: string;
}

export function setupEmulator(options: Partial<EmulatorOptions> & { clock?: TestClock } = {}) {
  const clock = options.clock ?? createTestClock();
  const emulator = createEmulator({ redirectUris: [REDIRECT_URI], controlApi: true, ...options, clock });
  const base = options.basePath ?? "";

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const headers = new Headers(opts.headers);
    if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
    let body: string | undefined = opts.body;
    let sent: unknown;
    if (opts.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(opts.json);
      sent = opts.json;
    }
    if (opts.form !== undefined) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(opts.form).toString();
      sent = body;
    }
    const isApi = path.startsWith("/v5/");
    if (isApi && sent !== undefined && opts.requestValid !== "skip") {
      const problems = validateRequestBody(method, path, sent);
      if (opts.requestValid === false) expect(problems.length).toBeGreaterThan(0);
      else expect(problems).toEqual([]);
    }
    const res = await emulator.app.handle(
      new Request(`http://localhost${base}${path}`, { method, headers, body, signal: opts.signal }),
    );
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
    expect(res.headers.get("x-pinterest-rid")).toMatch(/^[0-9a-f]{16}$/);
    if (isApi) {
      expect(validateResponse(method, path, res.status, text === "" ? undefined : parsed)).toEqual(
        opts.knownSpecDeviations ?? [],
      );
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  async function exchange(code: string, redirectUri = REDIRECT_URI) {
    return call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "authorization_code", code, redirect_uri: redirectUri, continuous_refresh: "true" },
    });
  }

  /** Consent + code exchange for one demo account: the tokens, as Pinterest answers them. */
  async function connect(accountId = STUDIO, scope = PINFLOW_SCOPES) {
    const code = emulator.authorize({ accountId, redirectUri: REDIRECT_URI, scope });
    const res = await exchange(code);
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string; scope: string };
  }

  async function createPin(token: string, json: Record<string, unknown> = {}) {
    return call("POST", "/v5/pins", {
      token,
      json: {
        board_id: STUDIO_BOARD,
        title: "A pin",
        media_source: { source_type: "image_url", url: "https://images.example.com/a.jpg" },
        ...json,
      },
    });
  }

  /**
   * The storage upload of a registered video, as the client sends it (fields then the file, with a length).
   * `fields` changes or (undefined) removes parameters; `withoutLength` sends it chunked.
   */
  async function upload(
    registration: { upload_url: string; upload_parameters: Record<string, string> },
    bytes: Uint8Array,
    opts: { fields?: Record<string, string | undefined>; withoutLength?: boolean } = {},
  ) {
    const fields = { ...registration.upload_parameters, ...opts.fields };
    const entries = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
    const body = multipartBody(entries, {
      field: "file",
      filename: "clip.mp4",
      contentType: "video/mp4",
      size: bytes.length,
      stream: () => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(),
    });
    const headers: Record<string, string> = { "content-type": body.contentType };
    if (!opts.withoutLength) headers["content-length"] = String(body.length);
    const url = new URL(registration.upload_url);
    const res = await emulator.app.handle(
      new Request(`http://localhost${url.pathname}`, {
        method: "POST",
        headers,
        body: body.stream(),
        duplex: "half",
      } as RequestInit),
    );
    return { status: res.status, text: await res.text() };
  }

  /** Registers a video upload and uploads `bytes` for it; the registration's answer. */
  async function uploadVideo(token: string, bytes: Uint8Array) {
    const registered = await call("POST", "/v5/media", { token, json: { media_type: "video" } });
    expect(registered.status).toBe(201);
    const sent = await upload(registered.body, bytes);
    expect(sent.status).toBe(204);
    return registered.body as {
      media_id: string;
      upload_url: string;
      upload_parameters: Record<string, string>;
    };
  }

  return {
    emulator,
    clock,
    call,
    exchange,
    connect,
    createPin,
    upload,
    uploadVideo,
    close: () => emulator.close(),
  };
}
