/**
 * Chaos: a fuzzer (fast-check) sending random and malformed requests to every endpoint of a running
 * PinFlow (compiled binary, rate limits off, against the emulator). The endpoints are read from the app
 * itself (Elysia's route table of createApp), so a new route is fuzzed without touching this file.
 * Each request picks a route (or a random path), a method (mostly the route's), path parameters (real ids,
 * numbers of every size, strings with slashes, dots, percent-escapes, unicode, 10 KB), a query string of
 * known and random keys with random values, headers (valid key / session, broken credentials, odd
 * content-types, foreign Origins, random extra headers) and a body (JSON shaped like the route's, JSON of
 * wrong types, deep nesting, truncated JSON, random bytes, a form, multipart, nothing, 200 KB).
 * Counted: requests sent, answers by status, and every 5xx (must be 0), plus answers that leak a stack
 * trace or SQL. The user, its key, session and profile are repaired now and then, since the fuzzer may
 * suspend, revoke or disconnect them. Reproducible: the seed is printed and stored.
 *
 * Env: CHAOS_FUZZ_REQUESTS (default 100000), CHAOS_FUZZ_SEED.
 */
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import fc from "fast-check";
import { pngImage } from "../../src/testing/images";
import { createTestApp } from "../../src/testing/test-app";
import { sleep, stop } from "../lib/proc";
import { saveResult } from "../lib/results";
import { openDb } from "../lib/seed";
import { createWorld, EMULATOR_ACCOUNT, signIn } from "../lib/world";

const REQUESTS = Number(process.env.CHAOS_FUZZ_REQUESTS ?? "100000");
const SEED = Number(process.env.CHAOS_FUZZ_SEED ?? Date.now() % 2 ** 31);
const IN_FLIGHT = 8;
const BATCH = 500;

export interface FuzzResult {
  seed: number;
  routes: string[];
  requests: number;
  clientSideInvalid: number;
  statuses: Record<string, number>;
  serverErrors: number;
  serverErrorExamples: unknown[];
  leaks: number;
  leakExamples: unknown[];
  connectionErrors: number;
  /** Requests left without an answer for 10 s (a hang; an event stream's headers count as its answer). */
  unanswered: number;
  repairs: number;
  /** Per route (and "random path"): requests, and how many were answered 2xx/3xx, 4xx, 5xx. */
  perRoute: Record<string, { sent: number; ok: number; client: number; server: number }>;
  durationS: number;
}

/** The route table of a PinFlow app in Pinterest mode (as the fuzzed server runs), built in memory. */
function routeTable(): Array<{ method: string; path: string }> {
  const t = createTestApp({
    env: {
      PINFLOW_PINTEREST_CLIENT_ID: "1500000",
      PINFLOW_PINTEREST_CLIENT_SECRET: "emulator-secret",
      PINFLOW_PINTEREST_API_URL: "http://127.0.0.1:9/v5",
    },
  });
  const routes = (t.app as unknown as { routes: Array<{ method: string; path: string }> }).routes;
  const seen = new Set<string>();
  const out: Array<{ method: string; path: string }> = [];
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  void t.close();
  return out;
}

const started = new Date();
const t0 = Date.now();
const routes = routeTable();
const routeKeys = new Set(routes.map((r) => `${r.method} ${r.path}`));
console.log(`fuzzing ${routes.length} routes, seed ${SEED}`);
// Loopback webhook targets allowed, so every webhook the fuzzer makes or is given stays on this machine.
const world = await createWorld({ name: "chaos-fuzz", env: { PINFLOW_WEBHOOK_ALLOW_PRIVATE: "true" } });
const pinflow = world.pinflow;
if (!pinflow) throw new Error("PinFlow is not running");
const base = pinflow.url;

// Real objects, so the fuzzer finds valid ids. The fuzzer deletes some of them: ensureFixtures() makes them
// again after every batch, and the pools it fills are read when each batch is generated.
const HOOK_URL = "http://127.0.0.1:9/hook"; // a closed local port: no delivery ever leaves this machine
const pools: Record<string, string[]> = {
  pins: [],
  collections: [],
  webhooks: [],
  deliveries: [],
  keys: [],
  profiles: [],
  other: ["pro", "growth", "starter", "publish", "deliver-webhooks", "reconcile", "housekeeping", "1"],
};
let uploadName = "";

async function listIds(path: string): Promise<string[]> {
  const res = await world.api(path);
  const body = (await res.json().catch(() => null)) as unknown;
  const list = Array.isArray(body) ? body : ((body as { items?: unknown[] } | null)?.items ?? []);
  return (list as Array<{ id?: number }>).filter((x) => typeof x?.id === "number").map((x) => String(x.id));
}

async function ensureFixtures() {
  let pins = await listIds("/pins?title=fuzz%20fixture&limit=50");
  for (let i = pins.length; i < 5; i++) {
    await world.api("/pins", {
      method: "POST",
      body: JSON.stringify({
        board_id: world.boards[i],
        media_url: "https://images.example.com/a.jpg",
        title: `fuzz fixture ${i}`,
        scheduled_at: "2031-01-01T00:00:00Z",
      }),
    });
  }
  if (pins.length < 5) pins = await listIds("/pins?title=fuzz%20fixture&limit=50");
  pools.pins = pins;
  if ((await listIds("/collections")).length === 0) {
    await world.api("/collections", { method: "POST", body: JSON.stringify({ name: "fuzz" }) });
  }
  pools.collections = await listIds("/collections");
  if ((await listIds("/webhooks")).length === 0) {
    await world.api("/webhooks", {
      method: "POST",
      body: JSON.stringify({ url: HOOK_URL, event: "pin.published", secret: "fuzz-secret" }),
    });
  }
  pools.webhooks = await listIds("/webhooks");
  const hook = pools.webhooks[0];
  if (hook) {
    let deliveries = await listIds(`/webhooks/${hook}/deliveries`);
    if (deliveries.length === 0) {
      await (await world.api(`/webhooks/${hook}/test`, { method: "POST" })).arrayBuffer();
      deliveries = await listIds(`/webhooks/${hook}/deliveries`);
    }
    pools.deliveries = deliveries;
  }
  pools.keys = await listIds("/api-keys");
  pools.profiles = await listIds("/profiles");
  if (!uploadName) {
    const form = new FormData();
    form.append("file", new Blob([pngImage() as Uint8Array<ArrayBuffer>], { type: "image/png" }), "fuzz.png");
    const res = await fetch(`${base}/pins/upload-image`, {
      method: "POST",
      headers: { authorization: `Bearer ${world.key}` },
      body: form,
    });
    const url = ((await res.json().catch(() => ({}))) as { url?: string }).url ?? "";
    uploadName = url.split("/").pop() ?? "";
    if (uploadName) pools.other?.push(uploadName);
  }
}
await ensureFixtures();

// ---- arbitraries ----

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "99999999999999999999999",
    "9007199254740993",
    "%00",
    "%",
    "%ZZ",
    "..",
    "../..",
    "a/b",
    "\u0000",
    "'; DROP TABLE pins; --",
    "<script>alert(1)</script>",
    "\u202e",
    "😀",
  ),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constant("x".repeat(10_000)),
);

/** One of the current real ids of that kind (read when the batch is generated). */
const real = (kind: string) =>
  fc.nat().map((i) => {
    const pool = pools[kind]?.length ? (pools[kind] as string[]) : ["1"];
    return pool[i % pool.length] as string;
  });

const idValue = (kind: string) =>
  fc.oneof(
    { weight: 4, arbitrary: real(kind) },
    { weight: 2, arbitrary: fc.nat(1000).map(String) },
    { weight: 3, arbitrary: weird },
  );

const paramKind = (name: string, path: string) =>
  name === "id"
    ? path.startsWith("/pins")
      ? "pins"
      : path.startsWith("/collections")
        ? "collections"
        : path.startsWith("/webhooks")
          ? "webhooks"
          : path.startsWith("/api-keys")
            ? "keys"
            : "profiles"
    : name === "pin_id"
      ? "pins"
      : name === "delivery_id"
        ? "deliveries"
        : "other";

const QUERY_KEYS = [
  "status",
  "title",
  "board_id",
  "collection_id",
  "profile_id",
  "sort",
  "limit",
  "offset",
  "year",
  "month",
  "refresh",
  "connect",
  "code",
  "state",
  "error",
  "name",
];
const QUERY_VALUES = [
  "scheduled",
  "published",
  "draft",
  "queued",
  "failed",
  "review",
  "publishing",
  "newest",
  "queue",
  "1",
  "100",
  "1000",
  "1001",
  "2026",
  "2031",
  "5",
  "13",
];
const query = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 10 })),
      fc.oneof(fc.constantFrom(...QUERY_VALUES), weird),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ""));

const rawQuery = fc.constantFrom("?", "?&&", "?a", "?limit=1&limit=2", "?%", "?status[]=1", "?=x", "#frag");

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      "board_id",
      "media_url",
      "title",
      "description",
      "link",
      "alt_text",
      "scheduled_at",
      "status",
      "profile_id",
      "pin_ids",
      "name",
      "url",
      "event",
      "secret",
      "is_active",
      "timezone",
      "plan",
      "daily_pin_limit",
      "is_admin",
      "monthly_pin_limit",
      "bulk_allowed",
    ),
    fc.oneof(fc.jsonValue(), weird, fc.array(fc.integer(), { maxLength: 5 })),
  ),
  fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()), { maxLength: 3 }),
  validBody(),
);

/** Bodies shaped as a route expects, with real ids (and sometimes a field or two overridden at random). */
function validBody(): fc.Arbitrary<unknown> {
  const pin = () => ({
    board_id: world.boards[0],
    media_url: uploadName ? `${base}/static/uploads/${uploadName}` : "https://images.example.com/a.jpg",
    title: "fuzzed",
    description: "d",
    link: "https://shop.example.com/x",
    scheduled_at: "2031-06-01T10:00:00Z",
  });
  const ids = () => (pools.pins ?? []).map(Number);
  const templates: Array<() => unknown> = [
    pin,
    () => ({ ...pin(), scheduled_at: undefined }),
    () => ({ ...pin(), status: "draft" }),
    () => [pin(), pin()],
    () => ({ pin_ids: ids() }),
    () => ({ pin_ids: ids(), status: "draft" }),
    () => ({ pin_ids: ids(), status: "queued" }),
    () => ({ pin_ids: ids(), scheduled_at: "2031-02-01T00:00:00Z" }),
    () => ({ pin_id: ids()[0] }),
    () => ({ title: "edited", scheduled_at: "2031-03-01T00:00:00Z" }),
    () => ({ name: "renamed" }),
    () => ({ url: HOOK_URL, event: "pin.failed", secret: "s3cret" }),
    () => ({ is_active: true }),
    () => ({ timezone: "Europe/Paris" }),
    () => ({ status: "approved", plan: "pro", daily_pin_limit: 1000000 }),
    () => ({ monthly_pin_limit: null, bulk_allowed: true }),
  ];
  return fc
    .tuple(
      fc.nat(templates.length - 1),
      fc.option(
        fc.dictionary(
          fc.constantFrom("title", "scheduled_at", "status", "pin_ids", "url", "name"),
          fc.jsonValue(),
        ),
        {
          freq: 4,
        },
      ),
    )
    .map(([i, override]) => {
      const value = (templates[i] as () => unknown)();
      return override && value && typeof value === "object" && !Array.isArray(value)
        ? { ...value, ...override }
        : value;
    });
}

const deep = fc.nat(3000).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`);

type Body =
  | { kind: "json" | "truncated json" | "deep json" | "big" | "form"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "multipart"; name: string; bytes: Uint8Array }
  | { kind: "none" };

const body: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 5,
    arbitrary: jsonish.map((v) => ({ kind: "json" as const, text: JSON.stringify(v) ?? "null" })),
  },
  {
    weight: 1,
    arbitrary: jsonish.map((v) => ({
      kind: "truncated json" as const,
      text: (JSON.stringify(v) ?? "").slice(0, -1),
    })),
  },
  { weight: 1, arbitrary: deep.map((text) => ({ kind: "deep json" as const, text })) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: "bytes" as const, bytes })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ kind: "big" as const, text: JSON.stringify({ title: "x".repeat(200_000) }) }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 300 }))
      .map(([name, bytes]) => ({ kind: "multipart" as const, name, bytes })),
  },
  {
    weight: 1,
    arbitrary: weird.map((text) => ({
      kind: "form" as const,
      text: `a=${encodeURIComponent(text)}&name=${text}`,
    })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
);

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzzboundary",
  "multipart/form-data",
  "text/plain",
  "application/octet-stream",
  "application/json; charset=latin1",
  "image/png",
  ";;;",
  "",
];

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const headerValue = fc.string({ maxLength: 50 }).filter((s) => !/[\r\n\0]/.test(s));

const auth = fc.constantFrom(
  "key",
  "key",
  "key",
  "x-api-key",
  "session",
  "session-cross-origin",
  "none",
  "bad-key",
  "malformed",
  "cookie-garbage",
  "both",
);

const request = fc.record({
  /** One request in five is well-formed (right method, key, JSON, a body and ids the route accepts), so the
   * fuzzer also reaches what lies behind validation; the rest are as random as they come. */
  wellFormed: fc.oneof(
    { weight: 4, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  route: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...routes) },
    { weight: 1, arbitrary: fc.record({ method: fc.constant("GET"), path: fc.webPath() }) },
  ),
  method: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "FOO"),
    },
  ),
  ids: fc.record({
    pins: idValue("pins"),
    collections: idValue("collections"),
    webhooks: idValue("webhooks"),
    deliveries: idValue("deliveries"),
    keys: idValue("keys"),
    profiles: idValue("profiles"),
    other: idValue("other"),
  }),
  encodeParams: fc.boolean(),
  query: fc.oneof({ weight: 5, arbitrary: query }, { weight: 1, arbitrary: rawQuery }),
  auth,
  contentType: fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.constant(null)),
  origin: fc.constantFrom(null, null, "same", "https://evil.example", "null"),
  extra: fc.dictionary(token, headerValue, { maxKeys: 3 }),
  body,
});

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

// ---- building and sending ----

let session = world.session;

/** A request the route accepts: its method, the API key, JSON (or the PNG upload), real ids. */
function wellFormed(r: FuzzRequest): FuzzRequest {
  const route = `${r.route.method} ${r.route.path}`;
  const pinIds = (pools.pins ?? []).map(Number);
  const pin = {
    board_id: world.boards[1],
    media_url: uploadName ? `${base}/static/uploads/${uploadName}` : "https://images.example.com/a.jpg",
    title: "well-formed",
    scheduled_at: "2031-06-01T10:00:00Z",
  };
  const bodies: Record<string, unknown> = {
    "POST /pins/": pin,
    "POST /pins/bulk": [pin, { ...pin, scheduled_at: undefined, status: "draft" }],
    "DELETE /pins/bulk": { pin_ids: pinIds.slice(0, 1) },
    "PUT /pins/bulk/status": { pin_ids: pinIds, status: "draft" },
    "PUT /pins/bulk/schedule": { pin_ids: pinIds, scheduled_at: "2031-02-01T00:00:00Z" },
    "PUT /pins/reorder": { pin_ids: [...pinIds].reverse() },
    "PUT /pins/:id": { title: "edited", scheduled_at: "2031-03-01T00:00:00Z" },
    "POST /collections/": { name: "well-formed" },
    "PUT /collections/:id": { name: "renamed" },
    "POST /collections/:id/pins": { pin_id: pinIds[0] },
    "POST /webhooks/": { url: HOOK_URL, event: "pin.failed", secret: "s3cret" },
    "PUT /webhooks/:id": { is_active: true, event: "pin.published" },
    "PUT /auth/me": { timezone: "Europe/Paris" },
    "PUT /admin/users/:id": { status: "approved", plan: "pro", daily_pin_limit: 1000000 },
    "PUT /admin/plans/:name": { monthly_pin_limit: null, bulk_allowed: true },
    "POST /api-keys/": { name: "well-formed" },
  };
  const names: Record<string, string> = {
    "/admin/plans/:name": "pro",
    "/admin/jobs/:name/run": "housekeeping",
    "/static/uploads/:name": uploadName,
  };
  const ids = { ...r.ids, other: names[r.route.path] ?? r.ids.other };
  for (const kind of ["pins", "collections", "webhooks", "deliveries", "keys", "profiles"] as const) {
    const pool = pools[kind] ?? [];
    if (pool.length) ids[kind] = pool[Number(r.ids.pins.length) % pool.length] as string;
  }
  const body: Body =
    route === "POST /pins/upload-image"
      ? { kind: "multipart", name: "photo.png", bytes: pngImage() }
      : route in bodies
        ? { kind: "json", text: JSON.stringify(bodies[route]) }
        : { kind: "none" };
  return {
    ...r,
    method: null,
    ids,
    encodeParams: false,
    query: route === "GET /pins/calendar" ? "?year=2031&month=6" : "",
    auth: "key",
    contentType: body.kind === "json" ? "application/json" : null,
    origin: null,
    extra: {},
    body,
  };
}

function build(input: FuzzRequest): { url: string; init: RequestInit; label: unknown } {
  const r = input.wellFormed ? wellFormed(input) : input;
  const method = r.method ?? r.route.method;
  const path = r.route.path.replace(/:([a-z_]+)|\*/g, (_m, name: string | undefined) => {
    const value = r.ids[paramKind(name ?? "*", r.route.path) as keyof FuzzRequest["ids"]];
    return r.encodeParams ? encodeURIComponent(value) : value;
  });
  const headers: Record<string, string> = { ...r.extra };
  if (r.contentType !== null) headers["content-type"] = r.contentType;
  if (r.origin === "same") headers.origin = base;
  else if (r.origin) headers.origin = r.origin;
  switch (r.auth) {
    case "key":
      headers.authorization = `Bearer ${world.key}`;
      break;
    case "x-api-key":
      headers["x-api-key"] = world.key;
      break;
    case "session":
      headers.cookie = session;
      headers.origin = base;
      break;
    case "session-cross-origin":
      headers.cookie = session;
      headers.origin = "https://evil.example";
      break;
    case "bad-key":
      headers.authorization = `Bearer sk_pinflow_${"0".repeat(64)}`;
      break;
    case "malformed":
      headers.authorization = "Bearer";
      break;
    case "cookie-garbage":
      headers.cookie = "session=%E0%A4%A; oauth_state=;;=";
      break;
    case "both":
      headers.authorization = `Bearer ${world.key}`;
      headers.cookie = "session=not-a-session";
      break;
  }
  let payload: BodyInit | undefined;
  const b = keepWebhooksLocal(r.route.path, r.body);
  if (!["GET", "HEAD"].includes(method)) {
    if (b.kind === "bytes") payload = b.bytes as Uint8Array<ArrayBuffer>;
    else if (b.kind === "multipart") {
      headers["content-type"] = "multipart/form-data; boundary=fuzzboundary";
      payload = new Blob([
        `--fuzzboundary\r\nContent-Disposition: form-data; name="file"; filename="${b.name.replace(/["\r\n]/g, "")}"\r\nContent-Type: image/png\r\n\r\n`,
        b.bytes as Uint8Array<ArrayBuffer>,
        "\r\n--fuzzboundary--\r\n",
      ]);
    } else if ("text" in b) payload = b.text;
  }
  return {
    url: `${base}${path}${r.query}`,
    init: { method, headers, body: payload, redirect: "manual" },
    label: {
      method,
      path: `${path}${r.query}`.slice(0, 300),
      auth: r.auth,
      contentType: headers["content-type"],
      body:
        b.kind === "bytes"
          ? `${b.kind} (${b.bytes.length} bytes)`
          : "text" in b
            ? b.text.slice(0, 300)
            : b.kind,
    },
  };
}

/**
 * A webhook URL naming a host would make PinFlow resolve it (its SSRF check): this machine reaches no DNS,
 * so any such URL in a body sent to /webhooks is swapped for the closed local port before sending.
 */
function keepWebhooksLocal(path: string, b: Body): Body {
  if (!path.startsWith("/webhooks") || !("text" in b) || !b.text.includes(":")) return b;
  try {
    const value = JSON.parse(b.text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return b;
    const url = (value as { url?: unknown }).url;
    if (typeof url !== "string" || !URL.canParse(url.trim())) return b;
    const host = new URL(url.trim()).hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) !== 0) return b;
    return { ...b, text: JSON.stringify({ ...value, url: HOOK_URL }) };
  } catch {
    return b;
  }
}

const statuses: Record<string, number> = {};
const perRoute: FuzzResult["perRoute"] = {};
const serverErrorExamples: unknown[] = [];
const leakExamples: unknown[] = [];
let serverErrors = 0;
let leaks = 0;
let sent = 0;
let clientSideInvalid = 0;
let connectionErrors = 0;
/** Requests PinFlow never answered (headers included) within ANSWER_TIMEOUT_MS: a hang, counted as a failure. */
let unanswered = 0;
const ANSWER_TIMEOUT_MS = 10_000;
let repairs = 0;
const LEAK = /\n\s+at |SQLITE_|sqlite3?_|near ".*": syntax error|TypeError:|ReferenceError:|node_modules\//;

async function send(r: FuzzRequest) {
  let built: ReturnType<typeof build>;
  try {
    built = build(r);
  } catch {
    clientSideInvalid++;
    return;
  }
  let res: Response;
  try {
    res = await fetch(built.url, { ...built.init, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
  } catch (err) {
    if (err instanceof DOMException && err.name === "TimeoutError") {
      unanswered++;
      if (serverErrorExamples.length < 20)
        serverErrorExamples.push({ error: "no answer within 10 s", request: built.label });
      return;
    }
    // fetch refuses some inputs itself (invalid header values); anything else is a connection problem
    if (err instanceof TypeError) clientSideInvalid++;
    else {
      connectionErrors++;
      if (serverErrorExamples.length < 20)
        serverErrorExamples.push({ error: String(err), request: built.label });
    }
    return;
  }
  sent++;
  // GET /events answers at once and then streams for as long as the client stays: its headers are the answer
  const streaming = (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
  if (streaming) await res.body?.cancel();
  const text = streaming ? "" : await res.text().catch(() => "");
  statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  const key = `${r.route.method} ${r.route.path}`;
  const routeKey = routeKeys.has(key) ? key : "random path";
  const tally = perRoute[routeKey] ?? { sent: 0, ok: 0, client: 0, server: 0 };
  tally.sent++;
  if (res.status < 400) tally.ok++;
  else if (res.status < 500) tally.client++;
  else tally.server++;
  perRoute[routeKey] = tally;
  if (res.status >= 500) {
    serverErrors++;
    if (serverErrorExamples.length < 20)
      serverErrorExamples.push({ status: res.status, body: text.slice(0, 300), request: built.label });
  }
  const isPage =
    (res.headers.get("content-type") ?? "").startsWith("text/html") || built.url.includes("/assets/");
  if (!isPage && LEAK.test(text)) {
    leaks++;
    if (leakExamples.length < 10)
      leakExamples.push({ status: res.status, body: text.slice(0, 300), request: built.label });
  }
}

/** Puts back what the fuzzer may have broken: the user's access, the key, the session, the profile. */
async function repair() {
  const db = openDb(world.dataDir);
  try {
    db.run("UPDATE users SET status = 'approved', is_admin = 1, plan = 'pro', daily_pin_limit = 1000000");
    db.run("UPDATE plans SET monthly_pin_limit = NULL WHERE name = 'pro'");
    const hash = createHash("sha256").update(world.key).digest("hex");
    const key = db.query("SELECT id FROM api_keys WHERE secret_hash = ?").get(hash);
    if (key) db.run("UPDATE api_keys SET is_active = 1 WHERE secret_hash = ?", [hash]);
    else {
      db.run(
        "INSERT INTO api_keys (user_id, name, display_id, secret_hash, created_at) VALUES ((SELECT min(id) FROM users), 'fuzz', ?, ?, ?)",
        [`pk_pinflow_${hash.slice(0, 16)}`, hash, Date.now()],
      );
    }
  } finally {
    db.close();
  }
  const profiles = await world.api("/profiles");
  const list = (await profiles.json().catch(() => [])) as unknown[];
  const me = await fetch(`${base}/auth/me`, { headers: { cookie: session } });
  await me.arrayBuffer();
  if (profiles.status !== 200 || list.length === 0 || me.status !== 200) {
    session = await signIn(base, world.emulator.url, EMULATOR_ACCOUNT);
    repairs++;
  }
  await ensureFixtures();
}

let result: FuzzResult;
try {
  let batchIndex = 0;
  while (sent + clientSideInvalid + connectionErrors + unanswered < REQUESTS) {
    const batch = fc.sample(request, { numRuns: BATCH, seed: SEED + batchIndex });
    batchIndex++;
    const queue = [...batch];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) await send(r);
      }),
    );
    await repair();
    if (batchIndex % 10 === 0) console.log(`${sent} sent, ${serverErrors} 5xx`);
    if (world.pinflow?.proc.exitCode !== null && world.pinflow?.proc.exitCode !== undefined) {
      throw new Error("PinFlow exited during the fuzz run");
    }
    await sleep(1);
  }
  result = {
    seed: SEED,
    routes: routes.map((r) => `${r.method} ${r.path}`),
    requests: sent,
    clientSideInvalid,
    statuses,
    serverErrors,
    serverErrorExamples,
    leaks,
    leakExamples,
    connectionErrors,
    unanswered,
    repairs,
    perRoute,
    durationS: Math.round((Date.now() - t0) / 1000),
  };
  console.log(JSON.stringify({ ...result, routes: result.routes.length, perRoute: undefined }, null, 2));
} finally {
  await world.stop();
  await stop(world.emulator.server);
  (await import("../lib/proc")).cleanup();
}
saveResult<FuzzResult>("chaos-fuzz", "npm run chaos (bun bench/chaos/fuzz.ts)", started, result);
