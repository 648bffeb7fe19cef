/**
 * The Pinterest client against the in-process emulator. Every request the client sends goes through a
 * recording fetch and is held, after each test, to Pinterest's openapi-v5.json: the operation exists, path and
 * query parameters are declared and within their bounds, the security scheme is the declared one (HTTP Basic
 * with the app's id:secret for /oauth/token, a Bearer token elsewhere), the body validates. Every answer the
 * emulator gives the client is validated against the spec as well, and every PinterestError a test provokes
 * is checked for leaked tokens, codes and the client secret.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestClock, type TestClock } from "../testing/clock";
import { HOME_COOK, HOME_COOK_BOARD, REDIRECT_URI, STUDIO, STUDIO_BOARD } from "../testing/emulator-kit";
import { timeoutWhenHeld } from "../testing/gates";
import { pngImage } from "../testing/images";
import { mp4Video } from "../testing/videos";
import { createEmulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Emulator } from "./emulator/index";
import {
  createPinterestClient,
  PINTEREST_SCOPES,
  type PinterestClient,
  type PinterestClientOptions,
  type TokenSet,
} from "./pinterest.client";
import { PinterestError } from "./pinterest.errors";
import type { PinCreateInput, UploadSource } from "./pinterest.schema";
import { loadSpec, validateRequestBody, validateResponse } from "./spec/spec";

const DAY_MS = 86_400_000;
const ACCESS_TOKEN_MS = 30 * DAY_MS;
const REFRESH_TOKEN_MS = 60 * DAY_MS;
const WRONG_SECRET = "not-the-emulator-secret";
/** Small enough that a hanging call ends the test quickly. */
const QUICK_TIMEOUT_MS = 150;

// ---- the spec, for what spec.ts does not check (parameters and security) ----

interface ParamSchema {
  type?: string;
  format?: string;
  items?: ParamSchema & { oneOf?: ParamSchema[] };
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
}
interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: ParamSchema;
}
type Ref = { $ref: string };
interface SpecOperation {
  parameters?: Array<SpecParameter | Ref>;
  security?: Array<Record<string, string[]>>;
}

const SPEC = loadSpec() as unknown as {
  paths: Record<string, Record<string, SpecOperation>>;
  [key: string]: unknown;
};

function resolve<T>(node: T | Ref): T {
  if (typeof node !== "object" || node === null || !("$ref" in node)) return node as T;
  let at: unknown = SPEC;
  for (const part of node.$ref.replace(/^#\//, "").split("/")) {
    at = (at as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return at as T;
}

/** The spec's operation for a concrete /v5 path, with the values of its path parameters. */
function findOperation(method: string, pathname: string) {
  const segments = pathname.replace(/^\/v5(?=\/)/, "").split("/");
  const matches = Object.keys(SPEC.paths)
    .filter((template) => {
      const parts = template.split("/");
      return (
        parts.length === segments.length &&
        parts.every((part, i) => part === segments[i] || (/^\{[^}]+\}$/.test(part) && segments[i] !== ""))
      );
    })
    // "/pins/analytics" beats "/pins/{pin_id}": fewest parameters first
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of matches) {
    const op = SPEC.paths[template]?.[method.toLowerCase()];
    if (!op) continue;
    const pathParams: Record<string, string> = {};
    template.split("/").forEach((part, i) => {
      const name = part.match(/^\{([^}]+)\}$/)?.[1];
      if (name) pathParams[name] = decodeURIComponent(segments[i] ?? "");
    });
    return { template, op, pathParams };
  }
  return null;
}

function valueProblems(label: string, value: string, schema: ParamSchema = {}): string[] {
  const problems: string[] = [];
  if (schema.type === "array") {
    // style form, explode false: one comma-separated value; items may be a oneOf of enums
    const { oneOf, ...items } = schema.items ?? {};
    const allowed = oneOf ? [...new Set(oneOf.flatMap((o) => o.enum ?? []))] : items.enum;
    for (const item of value.split(","))
      problems.push(...valueProblems(label, item, { ...items, enum: allowed }));
    return problems;
  }
  const isDate = (text: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    !Number.isNaN(Date.parse(text)) &&
    new Date(Date.parse(text)).toISOString().startsWith(text);
  if (schema.format === "date" && !isDate(value)) problems.push(`${label}=${value} is not a date`);
  if (schema.type === "integer") {
    if (!/^-?\d+$/.test(value)) problems.push(`${label}=${value} is not an integer`);
    else {
      const n = Number(value);
      if (schema.minimum !== undefined && n < schema.minimum)
        problems.push(`${label}=${value} is below the minimum ${schema.minimum}`);
      if (schema.maximum !== undefined && n > schema.maximum)
        problems.push(`${label}=${value} is above the maximum ${schema.maximum}`);
    }
  }
  if (schema.type === "boolean" && value !== "true" && value !== "false")
    problems.push(`${label}=${value} is not a boolean`);
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
    problems.push(`${label}=${value} does not match ${schema.pattern}`);
  if (schema.enum !== undefined && !schema.enum.includes(value))
    problems.push(`${label}=${value} is not one of ${schema.enum.join(", ")}`);
  if (schema.minLength !== undefined && value.length < schema.minLength)
    problems.push(`${label} is shorter than ${schema.minLength}`);
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    problems.push(`${label} is longer than ${schema.maxLength}`);
  return problems;
}

// ---- the recording fetch ----

interface Exchange {
  method: string;
  /** As the client sent it. */
  url: URL;
  headers: Headers;
  body: unknown;
  /** The secret of the client that sent it (for the HTTP Basic check). */
  clientSecret: string;
  /** The emulator's own answer (before any test tampering); null when it never answered. */
  response: { status: number; headers: Headers; text: string } | null;
}

/** What a test puts between the client and the emulator: `upstream` forwards (to another URL if given). */
type Intercept = (exchange: Exchange, upstream: (url?: URL) => Promise<Response>) => Promise<Response>;

/** The storage upload of a video (S3 on real Pinterest): outside the API, so outside its spec. */
const isMediaUpload = (ex: Exchange) => ex.url.pathname === "/media-upload/";

/**
 * What S3's POST upload needs (the spec only says: every upload_parameters field and the file): a multipart
 * body with a Content-Length, streamed — and never Pinterest's token.
 */
function uploadProblems(ex: Exchange): string[] {
  const label = `${ex.method} ${ex.url.pathname}`;
  const problems: string[] = [];
  if (ex.method !== "POST") problems.push(`${label}: must be a POST`);
  if (ex.headers.has("authorization")) problems.push(`${label}: carries an Authorization header`);
  if (!(ex.headers.get("content-type") ?? "").startsWith("multipart/form-data; boundary="))
    problems.push(`${label}: not multipart/form-data`);
  if (!/^\d+$/.test(ex.headers.get("content-length") ?? "")) problems.push(`${label}: no Content-Length`);
  if (!(ex.body instanceof ReadableStream)) problems.push(`${label}: the body is not streamed`);
  return problems;
}

/** Spec problems of one request; empty when Pinterest's spec accepts it. */
function requestProblems(ex: Exchange): string[] {
  const label = `${ex.method} ${ex.url.pathname}${ex.url.search}`;
  if (isMediaUpload(ex)) return uploadProblems(ex);
  if (!ex.url.pathname.startsWith("/v5/")) return [`${label}: not under /v5`];
  const found = findOperation(ex.method, ex.url.pathname);
  if (!found) return [`${label}: not an operation of the spec`];
  const { op, pathParams } = found;
  const problems: string[] = [];
  const params = (op.parameters ?? []).map((p) => resolve<SpecParameter>(p));

  for (const param of params.filter((p) => p.in === "path")) {
    const value = pathParams[param.name];
    if (value === undefined) problems.push(`${label}: path parameter ${param.name} is missing`);
    else problems.push(...valueProblems(`${label}: ${param.name}`, value, param.schema));
  }
  for (const name of new Set(ex.url.searchParams.keys())) {
    const values = ex.url.searchParams.getAll(name);
    const declared = params.find((p) => p.in === "query" && p.name === name);
    if (!declared) problems.push(`${label}: ${name} is not a query parameter of ${found.template}`);
    if (values.length > 1) problems.push(`${label}: ${name} is sent ${values.length} times`);
    for (const value of values) problems.push(...valueProblems(`${label}: ${name}`, value, declared?.schema));
  }
  for (const param of params.filter((p) => p.in === "query" && p.required)) {
    if (!ex.url.searchParams.has(param.name)) problems.push(`${label}: ${param.name} is required`);
  }

  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  const authorization = ex.headers.get("authorization") ?? "";
  if (schemes.includes("basic")) {
    const basic = `Basic ${Buffer.from(`${EMULATOR_CLIENT_ID}:${ex.clientSecret}`).toString("base64")}`;
    if (authorization !== basic) problems.push(`${label}: must carry HTTP Basic client_id:client_secret`);
  } else if (schemes.includes("pinterest_oauth2")) {
    if (!/^Bearer \S+$/.test(authorization)) problems.push(`${label}: must carry Authorization: Bearer`);
    const needed = op.security?.find((s) => s.pinterest_oauth2)?.pinterest_oauth2 ?? [];
    const missing = needed.filter((scope) => !PINTEREST_SCOPES.includes(scope));
    if (missing.length > 0) problems.push(`${label}: needs scopes PinFlow never asks for: ${missing}`);
  } else {
    problems.push(`${label}: unexpected security ${schemes.join(", ")}`);
  }
  if (!(ex.headers.get("accept") ?? "").includes("application/json"))
    problems.push(`${label}: does not accept application/json`);

  const type = ex.headers.get("content-type") ?? "";
  if (ex.body === undefined || ex.body === null) {
    problems.push(...validateRequestBody(ex.method, ex.url.pathname, undefined));
  } else if (typeof ex.body !== "string") {
    problems.push(`${label}: the body is not text`);
  } else if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(ex.body);
    } catch {
      return [...problems, `${label}: the JSON body does not parse`];
    }
    problems.push(...validateRequestBody(ex.method, ex.url.pathname, parsed));
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    problems.push(...validateRequestBody(ex.method, ex.url.pathname, ex.body));
  } else {
    problems.push(`${label}: a body of content-type "${type}"`);
  }
  return problems;
}

/** Spec problems of the emulator's answer to one request. */
function responseProblems(ex: Exchange): string[] {
  if (!ex.response || isMediaUpload(ex)) return [];
  const { status, headers, text } = ex.response;
  let body: unknown = text === "" ? undefined : text;
  if ((headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
  return validateResponse(ex.method, ex.url.pathname, status, body);
}

/** Every secret the tests handled: the client secrets, codes, access and refresh tokens. */
function secretsOf(exchanges: Exchange[]): string[] {
  const secrets = new Set([EMULATOR_CLIENT_SECRET, WRONG_SECRET]);
  for (const ex of exchanges) {
    const authorization = ex.headers.get("authorization") ?? "";
    const bearer = authorization.match(/^Bearer (\S+)$/)?.[1];
    if (bearer) secrets.add(bearer);
    if (typeof ex.body === "string" && ex.headers.get("content-type")?.includes("form")) {
      const form = new URLSearchParams(ex.body);
      for (const field of ["code", "refresh_token"]) {
        const value = form.get(field);
        if (value) secrets.add(value);
      }
    }
    if (ex.response && (ex.response.headers.get("content-type") ?? "").includes("json")) {
      const body = JSON.parse(ex.response.text) as Record<string, unknown>;
      for (const field of ["access_token", "refresh_token"]) {
        const value = body[field];
        if (typeof value === "string") secrets.add(value);
      }
    }
  }
  return [...secrets];
}

// ---- per-test set-up ----

let clock: TestClock;
let emulator: Emulator;
let client: PinterestClient;
let exchanges: Exchange[];
let errors: PinterestError[];
let intercept: Intercept | null;
/** Spec problems a test expects of the emulator's answers (documented deviations of real Pinterest). */
let knownSpecDeviations: string[];
/** The emulator's dice for its random error rate. */
let dice: () => number;

function recordingFetch(clientSecret: string): PinterestClientOptions["fetch"] {
  return async (input, init = {}) => {
    const ex: Exchange = {
      method: (init.method ?? "GET").toUpperCase(),
      url: new URL(input instanceof Request ? input.url : String(input)),
      headers: new Headers(init.headers),
      body: init.body,
      clientSecret,
      response: null,
    };
    exchanges.push(ex);
    const upstream = async (url = ex.url) => {
      const res = await emulator.fetch(url.toString(), init);
      ex.response = { status: res.status, headers: res.headers, text: await res.clone().text() };
      return res;
    };
    return intercept ? intercept(ex, upstream) : upstream();
  };
}

function makeClient(overrides: Partial<Omit<PinterestClientOptions, "fetch">> = {}): PinterestClient {
  const clientSecret = overrides.clientSecret ?? EMULATOR_CLIENT_SECRET;
  return createPinterestClient({
    apiUrl: "http://localhost/v5",
    oauthUrl: "http://localhost/oauth/",
    clientId: EMULATOR_CLIENT_ID,
    clientSecret,
    redirectUri: REDIRECT_URI,
    clock,
    timeoutMs: 5_000,
    ...overrides,
    fetch: recordingFetch(clientSecret),
  });
}

beforeEach(() => {
  clock = createTestClock();
  exchanges = [];
  errors = [];
  intercept = null;
  knownSpecDeviations = [];
  dice = Math.random;
  emulator = createEmulator({ clock, redirectUris: "loopback", random: () => dice() });
  client = makeClient();
});

afterEach(() => {
  try {
    expect(exchanges.flatMap(requestProblems)).toEqual([]);
    expect(exchanges.flatMap(responseProblems).filter((p) => !knownSpecDeviations.includes(p))).toEqual([]);
    const secrets = secretsOf(exchanges);
    const leaks = errors.flatMap((err) =>
      secrets
        .filter((secret) => `${err.message} ${JSON.stringify(err.details)}`.includes(secret))
        .map((secret) => `"${err.message}" contains ${secret}`),
    );
    expect(leaks).toEqual([]);
  } finally {
    emulator.close();
  }
});

/** Consent for a demo account (the emulator's shortcut for "Allow"), then the client's code exchange. */
async function connect(accountId = STUDIO, scope = PINTEREST_SCOPES.join(",")): Promise<TokenSet> {
  const code = emulator.authorize({ accountId, redirectUri: REDIRECT_URI, scope, state: "state-1" });
  return client.exchangeCode(code);
}

/** The PinterestError a call fails with (recorded, so the leak check sees it). */
async function failure(promise: Promise<unknown>): Promise<PinterestError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PinterestError);
  errors.push(caught as PinterestError);
  return caught as PinterestError;
}

const sent = (method: string, pathname: string) =>
  exchanges.filter((ex) => ex.method === method && ex.url.pathname === pathname);
const formOf = (ex: Exchange | undefined) => Object.fromEntries(new URLSearchParams(String(ex?.body)));
const jsonOf = (ex: Exchange | undefined) => JSON.parse(ex?.response?.text ?? "null");

const imagePin = (title = "Spring table", boardId = HOME_COOK_BOARD): PinCreateInput => ({
  board_id: boardId,
  title,
  description: "Linen, tulips and a long lunch.",
  link: "https://blog.example.com/spring-table",
  alt_text: "A table set for lunch",
  media_source: { source_type: "image_url", url: "https://images.example.com/spring.jpg" },
});

const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

// ---- the tests ----

describe("authorizeUrl", () => {
  test("carries client_id, redirect_uri, response_type=code, the comma-separated scopes and the state", () => {
    const state = "csrf 9/é&x=1";
    const url = new URL(client.authorizeUrl(state));
    expect(`${url.origin}${url.pathname}`).toBe("http://localhost/oauth/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: EMULATOR_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "boards:read,boards:write,pins:read,pins:write,user_accounts:read",
      state,
    });
    expect([...url.searchParams.keys()]).toHaveLength(5);
  });

  test("opens the emulator's consent page, whose Allow redirects with a code the client can exchange", async () => {
    const state = "csrf-4d2a";
    const page = await emulator.fetch(client.authorizeUrl(state));
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const scope of PINTEREST_SCOPES) expect(html).toContain(`<code>${scope}</code>`);

    const form = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.set(name!, unescapeHtml(value!));
    expect(form.get("state")).toBe(state);
    form.set("account_id", HOME_COOK);
    const allowed = await emulator.fetch("http://localhost/oauth/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      redirect: "manual",
    });
    expect(allowed.status).toBe(302);
    const back = new URL(allowed.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get("state")).toBe(state);

    const tokens = await client.exchangeCode(back.searchParams.get("code")!);
    expect((await client.getAccount(tokens.accessToken)).id).toBe(HOME_COOK);
  });
});

describe("exchangeCode", () => {
  test("returns tokens with expiries computed from the injected clock, asking for continuous refresh", async () => {
    clock.set("2026-06-10T08:15:00Z");
    const tokens = await connect();
    const now = clock.now();
    expect(tokens.accessToken).toMatch(/^pina\./);
    expect(tokens.refreshToken).toMatch(/^pinr\./);
    expect(tokens.accessTokenExpiresAt).toBe(now + ACCESS_TOKEN_MS);
    expect(tokens.refreshTokenExpiresAt).toBe(now + REFRESH_TOKEN_MS);
    expect([...tokens.scopes].sort()).toEqual([...PINTEREST_SCOPES].sort());

    const [request] = sent("POST", "/v5/oauth/token");
    expect(request?.url.toString()).toBe("http://localhost/v5/oauth/token");
    expect(request?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(formOf(request)).toEqual({
      grant_type: "authorization_code",
      code: expect.any(String),
      redirect_uri: REDIRECT_URI,
      continuous_refresh: "true",
    });
  });

  test("a code used a second time is a permanent error carrying Pinterest's code and message", async () => {
    const code = emulator.authorize({
      accountId: STUDIO,
      redirectUri: REDIRECT_URI,
      scope: PINTEREST_SCOPES.join(","),
    });
    await client.exchangeCode(code);
    const err = await failure(client.exchangeCode(code));
    expect(err.kind).toBe("permanent");
    expect(err.status).toBe(400);
    expect(err.code).toBe(1);
    expect(err.details.pinterestMessage).toBe("The authorization code has already been used.");
    expect(err.message).toContain("The authorization code has already been used.");
    expect(err.details.ambiguous).toBe(false);
  });

  test("an unknown code is a permanent error", async () => {
    const err = await failure(client.exchangeCode("0123456789abcdef0123456789abcdef01234567"));
    expect(err.kind).toBe("permanent");
    expect(err.code).toBe(1);
    expect(err.details.pinterestMessage).toBe("Invalid authorization code.");
  });

  test("a wrong client secret is an auth error, and the code stays usable by the right app", async () => {
    const code = emulator.authorize({
      accountId: STUDIO,
      redirectUri: REDIRECT_URI,
      scope: PINTEREST_SCOPES.join(","),
    });
    const err = await failure(makeClient({ clientSecret: WRONG_SECRET }).exchangeCode(code));
    expect(err.kind).toBe("auth");
    expect(err.status).toBe(401);
    expect(err.code).toBe(2);
    expect((await client.exchangeCode(code)).accessToken).toMatch(/^pina\./);
  });
});

describe("refreshTokens", () => {
  test("rotates: the new refresh token differs and the old one is refused afterwards", async () => {
    const first = await connect();
    clock.advance(10 * DAY_MS);
    const second = await client.refreshTokens(first.refreshToken!);
    expect(second.refreshToken).toMatch(/^pinr\./);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.accessTokenExpiresAt).toBe(clock.now() + ACCESS_TOKEN_MS);
    expect(second.refreshTokenExpiresAt).toBe(clock.now() + REFRESH_TOKEN_MS);
    expect((await client.getAccount(second.accessToken)).id).toBe(STUDIO);
    expect(formOf(sent("POST", "/v5/oauth/token")[1])).toEqual({
      grant_type: "refresh_token",
      refresh_token: first.refreshToken!,
      continuous_refresh: "true",
    });

    const err = await failure(client.refreshTokens(first.refreshToken!));
    expect(err.kind).toBe("permanent");
    expect(err.details.pinterestMessage).toBe("The refresh token has been replaced by a newer one.");
    expect((await client.refreshTokens(second.refreshToken!)).refreshToken).not.toBe(second.refreshToken);
  });

  test("keeps the old refresh token when Pinterest returns none (legacy refresh), and it keeps working", async () => {
    emulator.faults.legacyRefresh(true);
    // The spec (5.20+) requires refresh_token in a refresh answer; legacy tokens never rotated
    // (docs/pinterest-api-notes.md §2.4).
    knownSpecDeviations = [
      "POST /oauth/token → 200: response must have required property 'refresh_token'",
      "POST /oauth/token → 200: response must have required property 'refresh_token_expires_in'",
      "POST /oauth/token → 200: response must have required property 'refresh_token_expires_at'",
    ];
    const first = await connect();
    const second = await client.refreshTokens(first.refreshToken!);
    expect(jsonOf(sent("POST", "/v5/oauth/token")[1]).refresh_token).toBeUndefined();
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.accessTokenExpiresAt).toBe(clock.now() + ACCESS_TOKEN_MS);
    const third = await client.refreshTokens(second.refreshToken!);
    expect(third.refreshToken).toBe(first.refreshToken);
    expect((await client.getAccount(third.accessToken)).id).toBe(STUDIO);
  });

  test("a refresh refused with 429 and Retry-After is rate_limited, and the refresh token stays usable", async () => {
    const first = await connect();
    emulator.faults.failNextRefreshes(1, { status: 429, retryAfterSeconds: 5 });
    const err = await failure(client.refreshTokens(first.refreshToken!));
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBe(5_000);
    expect((await client.refreshTokens(first.refreshToken!)).refreshToken).not.toBe(first.refreshToken);
  });
});

describe("reading the account and boards", () => {
  test("getAccount returns the account the token belongs to", async () => {
    const { accessToken } = await connect();
    const account = await client.getAccount(accessToken);
    expect(account).toMatchObject({ id: STUDIO, username: "pinflow_studio", account_type: "BUSINESS" });
    const [request] = sent("GET", "/v5/user_account");
    expect(request?.headers.get("authorization")).toBe(`Bearer ${accessToken}`);
    expect(request?.url.search).toBe("");
  });

  test("listBoards asks for page_size=250, so the studio's 37 boards come in one page, each once", async () => {
    const { accessToken } = await connect();
    const boards = await client.listBoards(accessToken);
    const expected = emulator.accounts().find((a) => a.id === STUDIO)!.boards;
    expect(expected.length).toBeGreaterThan(30);
    expect(boards.map((b) => b.id)).toEqual(expected.map((b) => b.id));
    expect(boards[0]).toMatchObject({ id: STUDIO_BOARD, name: "Weeknight dinners", privacy: "PUBLIC" });
    const requests = sent("GET", "/v5/boards");
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ page_size: "250" });
  });

  test("listBoards follows the bookmark until it is null when Pinterest sends fewer boards per page", async () => {
    // The emulator pages by the page_size it is asked for; 250 holds every demo board, so this proxy asks it
    // for 10 instead (Pinterest's page_size is a maximum: fewer items per page are legitimate).
    intercept = (ex, upstream) => {
      const url = new URL(ex.url);
      if (url.pathname === "/v5/boards") url.searchParams.set("page_size", "10");
      return upstream(url);
    };
    const { accessToken } = await connect();
    const boards = await client.listBoards(accessToken);
    const expected = emulator.accounts().find((a) => a.id === STUDIO)!.boards;
    expect(boards.map((b) => b.id)).toEqual(expected.map((b) => b.id));
    expect(new Set(boards.map((b) => b.id)).size).toBe(37);

    const requests = sent("GET", "/v5/boards");
    expect(requests).toHaveLength(4);
    expect(requests[0]!.url.searchParams.has("bookmark")).toBe(false);
    for (let i = 1; i < requests.length; i++) {
      expect(requests[i]!.url.searchParams.get("page_size")).toBe("250");
      expect(requests[i]!.url.searchParams.get("bookmark")).toBe(jsonOf(requests[i - 1]).bookmark);
    }
    expect(jsonOf(requests[3]).bookmark).toBeNull();
  });

  test("listBoards ends when a bookmark comes back a second time instead of looping forever", async () => {
    intercept = async () =>
      Response.json({ items: [{ id: "1", name: "Loop" }], bookmark: "same-bookmark-again" });
    const boards = await client.listBoards("pina.fake");
    expect(sent("GET", "/v5/boards")).toHaveLength(2);
    expect(boards.every((b) => b.id === "1")).toBe(true);
  });
});

describe("pins", () => {
  test("createPin with an image_url creates the pin, accepting Pinterest's 201", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const pin = await client.createPin(accessToken, imagePin());
    expect(pin).toMatchObject({
      board_id: HOME_COOK_BOARD,
      title: "Spring table",
      description: "Linen, tulips and a long lunch.",
      link: "https://blog.example.com/spring-table",
      alt_text: "A table set for lunch",
    });
    expect(pin.id).toMatch(/^\d+$/);
    expect(pin.created_at).toBe("2026-05-01T12:00:00");
    const [request] = sent("POST", "/v5/pins");
    expect(request?.response?.status).toBe(201);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(String(request?.body))).toEqual(imagePin());
    const [stored] = emulator.pins();
    expect(stored).toMatchObject({
      id: pin.id,
      boardId: HOME_COOK_BOARD,
      media: { type: "image_url", url: "https://images.example.com/spring.jpg" },
      deletedAt: null,
    });
  });

  test("createPin with image_base64 uploads a real PNG whose bytes reach Pinterest", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const png = pngImage(4, 3);
    const pin = await client.createPin(accessToken, {
      board_id: HOME_COOK_BOARD,
      title: "Red swatch",
      media_source: {
        source_type: "image_base64",
        content_type: "image/png",
        data: Buffer.from(png).toString("base64"),
      },
    });
    expect(sent("POST", "/v5/pins")[0]?.response?.status).toBe(201);
    const [stored] = emulator.pins({ boardId: HOME_COOK_BOARD });
    expect(stored?.id).toBe(pin.id);
    expect(stored?.media).toEqual({ type: "image_base64", contentType: "image/png", byteLength: png.length });
    expect(stored?.bytes).toEqual(png);
    expect([stored?.width, stored?.height]).toEqual([4, 3]);
  });

  test("getPin reads a created pin back", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const created = await client.createPin(accessToken, imagePin());
    const pin = await client.getPin(accessToken, created.id);
    expect(pin).toMatchObject({ id: created.id, board_id: HOME_COOK_BOARD, title: "Spring table" });
    expect(sent("GET", `/v5/pins/${created.id}`)[0]?.url.search).toBe("");
  });

  test("deletePin removes the pin, and reading it afterwards is a permanent 404 with Pinterest code 50", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const created = await client.createPin(accessToken, imagePin());
    expect(await client.deletePin(accessToken, created.id)).toBeUndefined();
    expect(sent("DELETE", `/v5/pins/${created.id}`)[0]?.response?.status).toBe(204);
    expect(emulator.pins()[0]?.deletedAt).toBe(clock.now());

    const err = await failure(client.getPin(accessToken, created.id));
    expect(err.kind).toBe("permanent");
    expect(err.status).toBe(404);
    expect(err.code).toBe(50);
    expect(err.details.pinterestMessage).toBe("Pin not found.");
    const again = await failure(client.deletePin(accessToken, created.id));
    expect([again.kind, again.status, again.code]).toEqual(["permanent", 404, 50]);
  });

  test("listBoardPins reads at most maxPages pages of pageSize, newest first, following the bookmark", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await client.createPin(accessToken, imagePin(`Pin ${i}`))).id);
    const newestFirst = [...ids].reverse();

    const pins = await client.listBoardPins(accessToken, HOME_COOK_BOARD, { pageSize: 2, maxPages: 2 });
    expect(pins.map((p) => p.id)).toEqual(newestFirst.slice(0, 4));
    const requests = sent("GET", `/v5/boards/${HOME_COOK_BOARD}/pins`);
    expect(requests).toHaveLength(2);
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ page_size: "2" });
    expect(requests[1]!.url.searchParams.get("bookmark")).toBe(jsonOf(requests[0]).bookmark);
    expect(jsonOf(requests[1]).bookmark).toEqual(expect.any(String));
  });

  test("listBoardPins stops at the last page even when maxPages allows more", async () => {
    const { accessToken } = await connect(HOME_COOK);
    for (let i = 1; i <= 5; i++) await client.createPin(accessToken, imagePin(`Pin ${i}`));
    const all = await client.listBoardPins(accessToken, HOME_COOK_BOARD, { pageSize: 2, maxPages: 10 });
    expect(new Set(all.map((p) => p.id)).size).toBe(5);
    expect(sent("GET", `/v5/boards/${HOME_COOK_BOARD}/pins`)).toHaveLength(3);

    exchanges.length = 0;
    expect(await client.listBoardPins(accessToken, HOME_COOK_BOARD)).toHaveLength(5);
    const [request] = sent("GET", `/v5/boards/${HOME_COOK_BOARD}/pins`);
    expect(Object.fromEntries(request!.url.searchParams)).toEqual({ page_size: "100" });
  });
});

describe("error kinds through the emulator's fault knobs", () => {
  test("expired access tokens (expireAccessTokens) are an auth error; a refresh brings working ones", async () => {
    const tokens = await connect();
    emulator.faults.expireAccessTokens();
    const err = await failure(client.getAccount(tokens.accessToken));
    expect(err.kind).toBe("auth");
    expect(err.status).toBe(401);
    expect(err.code).toBe(2);
    expect(err.details.pinterestMessage).toBe("Authentication failed.");
    const fresh = await client.refreshTokens(tokens.refreshToken!);
    expect((await client.getAccount(fresh.accessToken)).id).toBe(STUDIO);
  });

  test("an access token past its 30 days on the clock is an auth error on every call", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const pin = await client.createPin(accessToken, imagePin());
    clock.advance(ACCESS_TOKEN_MS);
    const calls = [
      client.getAccount(accessToken),
      client.listBoards(accessToken),
      client.listBoardPins(accessToken, HOME_COOK_BOARD),
      client.createPin(accessToken, imagePin()),
      client.getPin(accessToken, pin.id),
      client.deletePin(accessToken, pin.id),
    ];
    for (const call of calls) expect((await failure(call)).kind).toBe("auth");
    expect(emulator.pins()).toHaveLength(1);
  });

  test("429 with Retry-After is rate_limited, with retryAfterMs from the header", async () => {
    const { accessToken } = await connect(HOME_COOK);
    emulator.faults.failNextCreates(1, { status: 429, retryAfterSeconds: 30 });
    const err = await failure(client.createPin(accessToken, imagePin()));
    expect(err.kind).toBe("rate_limited");
    expect(err.status).toBe(429);
    expect(err.code).toBe(8);
    expect(err.retryAfterMs).toBe(30_000);
    expect(sent("POST", "/v5/pins")[0]?.response?.headers.get("retry-after")).toBe("30");
    expect(emulator.pins()).toHaveLength(0);
  });

  test("500 is transient and ambiguous", async () => {
    const { accessToken } = await connect(HOME_COOK);
    emulator.faults.failNextCreates(1);
    const err = await failure(client.createPin(accessToken, imagePin()));
    expect(err.kind).toBe("transient");
    expect(err.status).toBe(500);
    expect(err.details.ambiguous).toBe(true);
    expect(err.retryAfterMs).toBeUndefined();
  });

  test("400 code 1 'Sorry we could not fetch the image.' is transient, and not ambiguous", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const message = "Sorry we could not fetch the image.";
    emulator.faults.failNextCreates(1, { status: 400, code: 1, message });
    const err = await failure(client.createPin(accessToken, imagePin()));
    expect(err.kind).toBe("transient");
    expect([err.status, err.code, err.details.pinterestMessage]).toEqual([400, 1, message]);
    expect(err.details.ambiguous).toBe(false);
    expect(err.message).toContain(message);
  });

  test("403 code 29 is permanent", async () => {
    const { accessToken } = await connect(HOME_COOK);
    emulator.faults.failNextCreates(1, { status: 403 });
    const err = await failure(client.createPin(accessToken, imagePin()));
    expect(err.kind).toBe("permanent");
    expect([err.status, err.code]).toEqual([403, 29]);
    expect(err.details.pinterestMessage).toBe("You are not permitted to access that resource.");
  });

  test("a token granted without pins:write is refused a create with 403 code 29, a permanent error", async () => {
    const tokens = await connect(HOME_COOK, "boards:read,pins:read,user_accounts:read");
    expect([...tokens.scopes].sort()).toEqual(["boards:read", "pins:read", "user_accounts:read"]);
    const err = await failure(client.createPin(tokens.accessToken, imagePin()));
    expect([err.kind, err.status, err.code]).toEqual(["permanent", 403, 29]);
  });

  test("a create that hangs is cut off by the client's timeout: transient, ambiguous, nothing created", async () => {
    const quick = makeClient({ timeoutMs: QUICK_TIMEOUT_MS, deadline: timeoutWhenHeld(() => emulator) });
    const { accessToken } = await connect(HOME_COOK);
    emulator.faults.hangNextCreates(1);
    const err = await failure(quick.createPin(accessToken, imagePin()));
    expect(err.kind).toBe("transient");
    expect(err.details.ambiguous).toBe(true);
    expect(err.status).toBeUndefined();
    expect(err.message).toBe("Creating the pin on Pinterest: Pinterest did not answer within 0.15 s");
    expect(sent("POST", "/v5/pins")[0]?.response).toBeNull();
    expect(emulator.pins()).toHaveLength(0);
    // the knob was one-shot: the next create answers
    expect((await quick.createPin(accessToken, imagePin())).id).toMatch(/^\d+$/);
  });

  test("latency beyond the timeout (latency knob) is a timeout on a read too", async () => {
    const quick = makeClient({ timeoutMs: QUICK_TIMEOUT_MS, deadline: timeoutWhenHeld(() => emulator) });
    const { accessToken } = await connect();
    emulator.faults.latency(60_000);
    const err = await failure(quick.getAccount(accessToken));
    expect(err.kind).toBe("transient");
    expect(err.details.ambiguous).toBe(true);
    expect(err.message).toContain("did not answer within");
  });

  test("a lost create response times out while the pin exists and shows among the board's pins", async () => {
    const quick = makeClient({ timeoutMs: QUICK_TIMEOUT_MS, deadline: timeoutWhenHeld(() => emulator) });
    const { accessToken } = await connect(HOME_COOK);
    emulator.faults.loseNextCreateResponses(1);
    const err = await failure(quick.createPin(accessToken, imagePin("Lost answer")));
    expect(err.kind).toBe("transient");
    expect(err.details.ambiguous).toBe(true);
    expect(emulator.pins()).toHaveLength(1);
    const [stored] = emulator.pins();
    expect(stored).toMatchObject({ title: "Lost answer", responseLost: true, deletedAt: null });
    const onBoard = await quick.listBoardPins(accessToken, HOME_COOK_BOARD);
    expect(onBoard.map((p) => [p.id, p.title])).toEqual([[stored!.id, "Lost answer"]]);
  });

  test("the random error rate fails only the calls its dice pick, each with the matching kind", async () => {
    const { accessToken } = await connect();
    // each /v5 call rolls once (< rate: fail) and, when failing, once more to pick the kind
    const rolls = [0.9, 0.1, 0.0, 0.2, 0.99, 0.7];
    dice = () => rolls.shift() ?? 0.99;
    emulator.faults.errorRate(0.5, ["500", "429"]);

    expect((await client.getAccount(accessToken)).id).toBe(STUDIO);
    const serverError = await failure(client.getAccount(accessToken));
    expect([serverError.kind, serverError.status, serverError.details.ambiguous]).toEqual([
      "transient",
      500,
      true,
    ]);
    const limited = await failure(client.listBoards(accessToken));
    expect([limited.kind, limited.status, limited.code]).toEqual(["rate_limited", 429, 8]);
    expect(limited.retryAfterMs).toBeUndefined();
    expect((await client.listBoards(accessToken)).length).toBe(37);
    expect(rolls).toEqual([]);
  });

  test("a random hang is cut off by the client's timeout", async () => {
    const quick = makeClient({ timeoutMs: QUICK_TIMEOUT_MS, deadline: timeoutWhenHeld(() => emulator) });
    const { accessToken } = await connect();
    emulator.faults.errorRate(1, ["hang"]);
    const err = await failure(quick.listBoards(accessToken));
    expect([err.kind, err.details.ambiguous]).toEqual(["transient", true]);
    expect(err.message).toBe("Listing Pinterest boards: Pinterest did not answer within 0.15 s");
  });

  test("an error page that is not JSON (a proxy's 502) is transient with the status only", async () => {
    intercept = async () =>
      new Response("<html><body>Bad gateway</body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      });
    const err = await failure(client.getAccount("pina.fake"));
    expect([err.kind, err.status, err.code, err.details.ambiguous]).toEqual([
      "transient",
      502,
      undefined,
      true,
    ]);
    expect(err.message).toBe("Reading the Pinterest account failed (Pinterest answered 502)");
  });

  test("a network failure is transient and ambiguous", async () => {
    intercept = async () => {
      throw new TypeError("fetch failed: connection reset");
    };
    const err = await failure(client.getPin("pina.fake", "1"));
    expect([err.kind, err.details.ambiguous]).toEqual(["transient", true]);
    expect(err.message).toBe("Reading a pin on Pinterest: could not reach Pinterest");
  });
});

/** An in-memory video as the client's upload source (a BunFile is one on disk). */
function videoSource(bytes: Uint8Array, onRead?: (chunks: number) => void): UploadSource {
  return {
    filename: "clip.mp4",
    contentType: "video/mp4",
    size: bytes.length,
    stream() {
      let at = 0;
      let chunks = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(at, at + 16_384));
          at += 16_384;
          onRead?.(++chunks);
        },
      });
    },
  };
}

describe("boards and sections", () => {
  test("createBoard sends the spec's BoardCreate and reads back the Board", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const board = await client.createBoard(accessToken, {
      name: "Weekend baking",
      description: "Bread and cakes",
      privacy: "PUBLIC",
    });
    expect(board).toMatchObject({
      name: "Weekend baking",
      description: "Bread and cakes",
      privacy: "PUBLIC",
    });
    expect(board.id).toMatch(/^\d+$/);
    expect((await client.listBoards(accessToken)).map((b) => b.name)).toContain("Weekend baking");
  });

  test("a refused board (a name already taken) is a permanent error with Pinterest's message", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const err = await failure(client.createBoard(accessToken, { name: "Recipes to try" }));
    expect([err.kind, err.status, err.code]).toEqual(["permanent", 400, 1]);
    expect(err.message).toContain("You already have a board named");
  });

  test("listBoardSections follows bookmarks to the last page, page_size 250 at a time", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const board = (await client.createBoard(accessToken, { name: "Many sections" })).id;
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await client.createBoardSection(accessToken, board, `Part ${i}`)).id);
    // a small page size upstream: the client must follow the bookmark
    intercept = (ex, upstream) => {
      if (!ex.url.pathname.endsWith("/sections")) return upstream();
      const url = new URL(ex.url);
      url.searchParams.set("page_size", "2");
      return upstream(url);
    };
    const sections = await client.listBoardSections(accessToken, board);
    intercept = null;
    expect(sections.map((s) => s.id)).toEqual(made);
    const calls = sent("GET", `/v5/boards/${board}/sections`);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.url.searchParams.get("page_size")).toBe("250");
    expect(calls[1]?.url.searchParams.get("bookmark")).toBeTruthy();
  });

  test("sections of another account's board are a permanent 404 code 40", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const err = await failure(client.listBoardSections(accessToken, STUDIO_BOARD));
    expect([err.kind, err.status, err.code]).toEqual(["permanent", 404, 40]);
  });

  test("a pin created with a board_section_id lands in that section", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const [breakfast] = await client.listBoardSections(accessToken, HOME_COOK_BOARD);
    const pin = await client.createPin(accessToken, {
      ...imagePin(),
      board_section_id: breakfast?.id as string,
    });
    expect(pin.board_section_id).toBe(breakfast?.id);
  });
});

describe("video uploads", () => {
  test("register → upload (streamed, every parameter, no token) → status → a video pin with a base64 cover", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const registered = await client.registerMedia(accessToken);
    expect(registered.media_id).toMatch(/^\d+$/);
    expect((await client.getMedia(accessToken, registered.media_id)).status).toBe("registered");

    const bytes = mp4Video({ payloadBytes: 200_000, durationMs: 7000 });
    let chunksRead = 0;
    await client.uploadMedia(
      registered,
      videoSource(bytes, (n) => (chunksRead = n)),
    );
    expect(chunksRead).toBeGreaterThan(10);
    const [upload] = sent("POST", "/media-upload/");
    expect(upload?.headers.get("authorization")).toBeNull();
    expect(Number(upload?.headers.get("content-length"))).toBeGreaterThan(bytes.length);
    expect(upload?.response?.status).toBe(204);
    expect(emulator.mediaUploads()[0]).toMatchObject({
      uploads: 1,
      byteLength: bytes.length,
      durationMs: 7000,
    });

    expect(await client.getMedia(accessToken, registered.media_id)).toEqual({
      media_id: registered.media_id,
      media_type: "video",
      status: "succeeded",
    });
    const pin = await client.createPin(accessToken, {
      board_id: HOME_COOK_BOARD,
      title: "A video",
      media_source: {
        source_type: "video_id",
        media_id: registered.media_id,
        cover_image_data: Buffer.from(pngImage()).toString("base64"),
        cover_image_content_type: "image/png",
      },
    });
    expect((pin.media as { media_type: string }).media_type).toBe("video");
  });

  test("an upload whose parameters were tampered with is a permanent error carrying S3's message", async () => {
    const { accessToken } = await connect(HOME_COOK);
    const registered = await client.registerMedia(accessToken);
    const err = await failure(
      client.uploadMedia(
        { ...registered, upload_parameters: { ...registered.upload_parameters, policy: "forged" } },
        videoSource(mp4Video()),
      ),
    );
    expect([err.kind, err.status]).toEqual(["permanent", 403]);
    expect(err.message).toContain("AccessDenied");
    expect(err.details.ambiguous).toBe(false);
  });

  test("a slow processing reads as processing, a failed one as failed", async () => {
    const { accessToken } = await connect(HOME_COOK);
    emulator.faults.slowVideoProcessing(10_000);
    const slow = await client.registerMedia(accessToken);
    await client.uploadMedia(slow, videoSource(mp4Video()));
    expect((await client.getMedia(accessToken, slow.media_id)).status).toBe("processing");
    emulator.faults.slowVideoProcessing(0);
    emulator.faults.failNextVideoProcessing(1);
    const bad = await client.registerMedia(accessToken);
    await client.uploadMedia(bad, videoSource(mp4Video()));
    expect((await client.getMedia(accessToken, bad.media_id)).status).toBe("failed");
  });

  test("an upload cut off by its deadline is transient and ambiguous; its deadline grows with the file", async () => {
    const asked: number[] = [];
    let cut = () => {};
    const quick = makeClient({
      timeoutMs: QUICK_TIMEOUT_MS,
      deadline: (ms) => {
        asked.push(ms);
        const controller = new AbortController();
        cut = () => controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
        return controller.signal;
      },
    });
    const { accessToken } = await connect(HOME_COOK);
    const registered = await quick.registerMedia(accessToken);
    intercept = async (ex, upstream) => {
      const answer = upstream();
      if (isMediaUpload(ex)) cut(); // the storage host never answers before the deadline
      return answer;
    };
    const bytes = mp4Video({ payloadBytes: 3 * 1024 * 1024 - 2000 }); // just under 3 MB
    const err = await failure(quick.uploadMedia(registered, videoSource(bytes)));
    expect(err.kind).toBe("transient");
    expect(err.details.ambiguous).toBe(true);
    expect(err.message).toBe("Uploading the video to Pinterest: Pinterest did not answer within 12.15 s");
    expect(asked.at(-1)).toBe(QUICK_TIMEOUT_MS + 12_000);
  });
});

describe("analytics", () => {
  /** A pin made on the clock's day `at`, the clock then set to `now`. */
  async function pinMadeAt(accessToken: string, at: string, now: string) {
    clock.set(at);
    const pin = await client.createPin(accessToken, {
      board_id: STUDIO_BOARD,
      link: "https://shop.example.com/p",
      media_source: { source_type: "image_url", url: "https://images.example.com/a.jpg" },
    });
    clock.set(now);
    return pin.id;
  }

  test("getPinAnalytics asks for PinFlow's four daily metrics over UTC dates and returns each day with its status", async () => {
    const { accessToken } = await connect();
    const id = await pinMadeAt(accessToken, "2026-04-20T19:00:00Z", "2026-05-01T12:00:00Z");
    const series = await client.getPinAnalytics(accessToken, id, {
      startDate: "2026-04-19",
      endDate: "2026-05-01",
    });
    const [ex] = sent("GET", `/v5/pins/${id}/analytics`);
    expect(Object.fromEntries(ex?.url.searchParams ?? [])).toEqual({
      start_date: "2026-04-19",
      end_date: "2026-05-01",
      metric_types: "IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK",
    });
    expect(series.days).toHaveLength(13);
    expect(series.days[0]).toEqual({ date: "2026-04-19", status: "BEFORE_PIN_CREATED", metrics: null });
    expect(series.days[1]).toEqual({
      date: "2026-04-20",
      status: "READY",
      metrics: {
        IMPRESSION: expect.any(Number),
        SAVE: expect.any(Number),
        PIN_CLICK: expect.any(Number),
        OUTBOUND_CLICK: expect.any(Number),
      },
    });
    expect(series.days.at(-1)).toEqual({ date: "2026-05-01", status: "PROCESSING", metrics: null });
    const impressions = series.days.reduce((n, d) => n + (d.metrics?.IMPRESSION ?? 0), 0);
    expect(series.summary.IMPRESSION).toBe(impressions);
  });

  test("getAccountAnalytics asks for every metric unless told, and returns the account's days", async () => {
    const { accessToken } = await connect();
    const all = await client.getAccountAnalytics(accessToken, {
      startDate: "2026-04-01",
      endDate: "2026-04-30",
    });
    expect(sent("GET", "/v5/user_account/analytics")[0]?.url.searchParams.has("metric_types")).toBe(false);
    expect(all.days).toHaveLength(30);
    expect(Object.keys(all.summary)).toContain("ENGAGEMENT_RATE");
    const four = await client.getAccountAnalytics(accessToken, {
      startDate: "2026-04-01",
      endDate: "2026-04-30",
      metricTypes: ["IMPRESSION", "SAVE"],
    });
    expect(Object.keys(four.summary).sort()).toEqual(["IMPRESSION", "SAVE"]);
  });

  test("a sandbox account's 403 is permanent and carries Pinterest's message; a deleted pin is a permanent 404", async () => {
    const { accessToken } = await connect();
    const id = await pinMadeAt(accessToken, "2026-04-20T19:00:00Z", "2026-05-01T12:00:00Z");
    emulator.faults.sandbox(STUDIO);
    const refused = await failure(
      client.getAccountAnalytics(accessToken, { startDate: "2026-04-01", endDate: "2026-04-30" }),
    );
    expect(refused).toMatchObject({ kind: "permanent", status: 403 });
    expect(refused.details.pinterestMessage).toContain("sandbox");
    emulator.faults.sandbox(STUDIO, false);
    await client.deletePin(accessToken, id);
    const gone = await failure(
      client.getPinAnalytics(accessToken, id, { startDate: "2026-04-20", endDate: "2026-04-30" }),
    );
    expect(gone).toMatchObject({ kind: "permanent", status: 404, code: 50 });
  });

  test("an analytics 429 is rate_limited with Retry-After", async () => {
    const { accessToken } = await connect();
    emulator.faults.failNextAnalytics(1, { retryAfterSeconds: 90 });
    const limited = await failure(
      client.getAccountAnalytics(accessToken, { startDate: "2026-04-01", endDate: "2026-04-30" }),
    );
    expect(limited).toMatchObject({ kind: "rate_limited", retryAfterMs: 90_000 });
  });

  test("null values and a missing daily_metrics are read as no numbers, not as errors", async () => {
    const { accessToken } = await connect();
    intercept = async () =>
      new Response(
        JSON.stringify({
          all: {
            daily_metrics: [
              { date: "2026-04-01", data_status: "READY", metrics: { IMPRESSION: 5, SAVE: null } },
            ],
          },
          MOBILE: { summary_metrics: {} },
        }),
        { headers: { "content-type": "application/json" } },
      );
    const series = await client.getAccountAnalytics(accessToken, {
      startDate: "2026-04-01",
      endDate: "2026-04-01",
    });
    expect(series).toEqual({
      days: [{ date: "2026-04-01", status: "READY", metrics: { IMPRESSION: 5 } }],
      summary: {},
    });
    intercept = async () =>
      new Response(JSON.stringify({ all: {} }), { headers: { "content-type": "application/json" } });
    expect(
      await client.getAccountAnalytics(accessToken, { startDate: "2026-04-01", endDate: "2026-04-01" }),
    ).toEqual({
      days: [],
      summary: {},
    });
  });
});

describe("reading answers", () => {
  test("an answer missing a required field is an error naming the field", async () => {
    intercept = async () => Response.json({ items: [{ name: "x" }] });
    const err = await failure(client.listBoards("pina.fake"));
    expect(err.kind).toBe("transient");
    expect(err.message).toStartWith(
      "Listing Pinterest boards: unexpected answer from Pinterest (items.0.id:",
    );
  });

  test("a created pin whose answer cannot be read is ambiguous, since Pinterest did create it", async () => {
    const { accessToken } = await connect(HOME_COOK);
    intercept = async (ex, upstream) => {
      const res = await upstream();
      if (ex.url.pathname !== "/v5/pins") return res;
      const { id: _id, ...rest } = (await res.json()) as Record<string, unknown>;
      return Response.json(rest, { status: res.status });
    };
    const err = await failure(client.createPin(accessToken, imagePin()));
    expect(err.kind).toBe("transient");
    expect(err.message).toContain("(id:");
    expect(err.details.ambiguous).toBe(true);
    expect(emulator.pins()).toHaveLength(1);
  });

  test("unknown extra fields are tolerated and kept", async () => {
    const { accessToken } = await connect();
    // the emulator's answers already carry fields the client's schemas do not list (media, owner, …)
    const [first] = await client.listBoards(accessToken);
    expect(first).toHaveProperty("owner", { username: "pinflow_studio" });

    intercept = async () =>
      Response.json({
        items: [{ id: "1", name: "x", brand_new_field: { nested: [1, 2] } }],
        bookmark: null,
        next_feature: true,
      });
    const boards = await client.listBoards(accessToken);
    expect(boards).toEqual([{ id: "1", name: "x", description: null, brand_new_field: { nested: [1, 2] } }]);
  });
});

describe("secrets", () => {
  test("no error message or detail carries a token, a code or the client secret", async () => {
    const tokens = await connect();
    const code = emulator.authorize({
      accountId: STUDIO,
      redirectUri: REDIRECT_URI,
      scope: PINTEREST_SCOPES.join(","),
    });
    await client.exchangeCode(code);
    const rotated = await client.refreshTokens(tokens.refreshToken!);
    emulator.faults.expireAccessTokens();
    const produced = [
      await failure(client.exchangeCode(code)),
      await failure(makeClient({ clientSecret: WRONG_SECRET }).exchangeCode(code)),
      await failure(client.refreshTokens(tokens.refreshToken!)),
      await failure(client.getAccount(rotated.accessToken)),
      await failure(client.listBoards(rotated.accessToken)),
      await failure(client.createPin(rotated.accessToken, imagePin("x", STUDIO_BOARD))),
    ];
    const secrets = [
      code,
      tokens.accessToken,
      tokens.refreshToken!,
      rotated.accessToken,
      rotated.refreshToken!,
    ];
    for (const err of produced) {
      for (const secret of [...secrets, EMULATOR_CLIENT_SECRET, WRONG_SECRET]) {
        expect(err.message).not.toContain(secret);
        expect(JSON.stringify(err.details)).not.toContain(secret);
      }
    }
  });
});

describe("the request checks of this file", () => {
  const exchange = (method: string, url: string, init: Partial<Exchange> = {}): Exchange => ({
    method,
    url: new URL(url),
    headers: new Headers({ accept: "application/json" }),
    body: undefined,
    clientSecret: EMULATOR_CLIENT_SECRET,
    response: null,
    ...init,
  });

  test("flag what the spec forbids, so a passing suite means something", () => {
    const bearer = new Headers({ accept: "application/json", authorization: "Bearer pina.x" });
    expect(
      requestProblems(exchange("GET", "http://localhost/v5/boards?page_size=250", { headers: bearer })),
    ).toEqual([]);
    expect(
      requestProblems(exchange("GET", "http://localhost/v5/boards?page_size=500", { headers: bearer })),
    ).toEqual(["GET /v5/boards?page_size=500: page_size=500 is above the maximum 250"]);
    expect(
      requestProblems(exchange("GET", "http://localhost/v5/boards?limit=5", { headers: bearer })),
    ).toEqual(["GET /v5/boards?limit=5: limit is not a query parameter of /boards"]);
    expect(requestProblems(exchange("GET", "http://localhost/v5/pins/abc", { headers: bearer }))).toEqual([
      "GET /v5/pins/abc: pin_id=abc does not match ^\\d+$",
    ]);
    expect(requestProblems(exchange("GET", "http://localhost/v5/user_account"))).toEqual([
      "GET /v5/user_account: must carry Authorization: Bearer",
    ]);
    const form = new Headers({
      accept: "application/json",
      authorization: `Basic ${Buffer.from(`${EMULATOR_CLIENT_ID}:${WRONG_SECRET}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    });
    const token = requestProblems(
      exchange("POST", "http://localhost/v5/oauth/token", {
        headers: form,
        body: "grant_type=refresh_token",
      }),
    );
    expect(token).toContain("POST /v5/oauth/token: must carry HTTP Basic client_id:client_secret");
    expect(token.some((p) => p.includes("refresh_token"))).toBe(true);
    const json = new Headers({ ...Object.fromEntries(bearer), "content-type": "application/json" });
    const pin = requestProblems(
      exchange("POST", "http://localhost/v5/pins", {
        headers: json,
        body: JSON.stringify({ board_id: "1", media_source: { source_type: "image_gif" } }),
      }),
    );
    expect(pin.some((p) => p.includes("source_type"))).toBe(true);
    expect(
      requestProblems(
        exchange(
          "GET",
          "http://localhost/v5/pins/1/analytics?start_date=2026-04-31&end_date=2026-05-01&metric_types=IMPRESSION,CLICKS",
          { headers: bearer },
        ),
      ),
    ).toEqual([
      "GET /v5/pins/1/analytics?start_date=2026-04-31&end_date=2026-05-01&metric_types=IMPRESSION,CLICKS: start_date=2026-04-31 is not a date",
      expect.stringContaining("metric_types=CLICKS is not one of IMPRESSION"),
    ]);
  });
});
