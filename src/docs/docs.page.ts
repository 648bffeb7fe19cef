/**
 * /docs: the API reference as one self-contained HTML page (inline CSS, no script, nothing from a CDN),
 * in the seed reference's order. Summaries, descriptions, parameters, body fields and object schemas
 * come from /openapi.json (so from the routes); request/response examples from docs.examples.ts (each
 * one run by the tests); rate limits from the rate limiter's own rules. Examples use the instance's
 * public URL.
 */

import { escapeHtml } from "../http/html";
import { RATE_RULES, ruleFor } from "../http/rate-limit";
import { ERROR_DESCRIPTIONS } from "../http/responses";
import { VERSION } from "../version";
import { WEBHOOK_EVENTS } from "../webhooks/webhooks.schema";
import {
  type ApiExample,
  EXAMPLES,
  type ExampleSection,
  fill,
  fillJson,
  type Json,
  SHOWN,
} from "./docs.examples";
import type { OpenApiDocument } from "./docs.openapi";

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

export const SECRET = "sk_pinflow_YOUR_SECRET_KEY";

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  302: "Found",
  303: "See Other",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** `code` spans of the generated descriptions, the rest escaped. */
const inline = (text: string) =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`);

const pathOnly = (path: string) => path.split("?")[0] as string;

/** The operation of the document an example calls (`/pins/{pin_id}` is `/pins/{id}`). */
export function operationFor(doc: OpenApiDocument, method: string, path: string): Obj | null {
  const segments = pathOnly(path).split("/").filter(Boolean);
  let best: { op: Obj; fixed: number } | null = null;
  for (const [template, item] of Object.entries(doc.paths)) {
    const parts = template.split("/").filter(Boolean);
    if (parts.length !== segments.length) continue;
    const matches = parts.every((p, i) => p.startsWith("{") || p === segments[i]);
    const op = item[method.toLowerCase()];
    if (!matches || !isObject(op)) continue;
    const fixed = parts.filter((p, i) => !p.startsWith("{") && p === segments[i]).length;
    if (!best || fixed > best.fixed) best = { op, fixed };
  }
  return best?.op ?? null;
}

function resolve(doc: OpenApiDocument, schema: unknown): Obj {
  if (!isObject(schema)) return {};
  const ref = typeof schema.$ref === "string" ? schema.$ref.replace("#/components/schemas/", "") : null;
  return ref ? { ...(doc.components.schemas[ref] ?? {}), ...schema, $ref: undefined } : schema;
}

/** A JSON schema as the seed's type column writes it: `string | null`, `datetime`, `integer[]`. */
export function typeName(doc: OpenApiDocument, schema: unknown): string {
  const s = resolve(doc, schema);
  if (Array.isArray(s.anyOf)) return s.anyOf.map((x) => typeName(doc, x)).join(" | ");
  if (typeof s.pattern === "string" && s.pattern.includes("T\\d{2}")) return "datetime";
  if (typeof s.description === "string" && /^ISO 8601/.test(s.description)) return "datetime";
  if (s.type === "array") return `${typeName(doc, s.items)}[]`;
  if (s.type === "string" && typeof s.pattern === "string" && s.pattern.startsWith("^\\d")) return "integer";
  if (s.type === "number") return "integer";
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (typeof s.type === "string") return s.type === "object" ? "object" : s.type;
  return "any";
}

/** A schema's description, also when it sits on the non-null member of `X | null`. */
function describe(doc: OpenApiDocument, schema: unknown): string | null {
  const s = resolve(doc, schema);
  if (typeof s.description === "string") return s.description;
  if (Array.isArray(s.anyOf)) return s.anyOf.map((x) => describe(doc, x)).find(Boolean) ?? null;
  return null;
}

function constraints(doc: OpenApiDocument, schema: unknown): string[] {
  const s = resolve(doc, schema);
  if (Array.isArray(s.anyOf)) return s.anyOf.flatMap((x) => constraints(doc, x));
  const out: string[] = [];
  if (Array.isArray(s.enum)) out.push(`one of ${s.enum.map((e) => `"${e}"`).join(", ")}`);
  if (typeof s.maxLength === "number") out.push(`max ${s.maxLength} characters`);
  if (typeof s.format === "string" && s.format === "binary") out.push("a file");
  return out;
}

function fieldsTable(doc: OpenApiDocument, schema: unknown, title: string, requiredWord = true): string {
  const s = resolve(doc, schema);
  const item = s.type === "array" ? resolve(doc, s.items) : s;
  if (!isObject(item.properties)) return "";
  const required = new Set(Array.isArray(item.required) ? (item.required as string[]) : []);
  const rows = Object.entries(item.properties).map(([name, field]) => {
    const about = describe(doc, field);
    const notes = [
      ...(requiredWord ? [required.has(name) ? "required" : "optional"] : []),
      ...(about && !/^ISO 8601 UTC, e\.g\./.test(about) ? [about] : []),
      ...constraints(doc, field),
    ];
    return `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(typeName(doc, field))}</td><td>${inline(notes.join(" — "))}</td></tr>`;
  });
  const head = requiredWord
    ? "<th>Field</th><th>Type</th><th>Notes</th>"
    : "<th>Field</th><th>Type</th><th>Description</th>";
  return `<h4>${escapeHtml(title)}</h4><table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function queryTable(doc: OpenApiDocument, op: Obj): string {
  const params = (Array.isArray(op.parameters) ? op.parameters : []).filter(
    (p): p is Obj => isObject(p) && p.in === "query",
  );
  if (!params.length) return "";
  const rows = params.map((p) => {
    const about = describe(doc, p.schema);
    const notes = [
      ...(about ? [about] : []),
      ...constraints(doc, p.schema),
      ...(isObject(p.schema) && p.schema.default !== undefined ? [`default ${p.schema.default}`] : []),
    ];
    return `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(typeName(doc, p.schema))}</td><td>${inline(notes.join(" — "))}</td></tr>`;
  });
  return `<h4>Query parameters</h4><table><thead><tr><th>Param</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

const pretty = (value: Json) => JSON.stringify(value, null, 2);

function requestText(ex: ApiExample, host: string, body: Json | undefined, path: string): string {
  const lines = [`${ex.method} ${path} HTTP/1.1`, `Host: ${host}`];
  if (ex.upload) lines.push("Content-Type: multipart/form-data; boundary=----FormBoundary");
  else if (body !== undefined) lines.push("Content-Type: application/json");
  if (ex.auth !== "none") lines.push(`Authorization: Bearer ${SECRET}`);
  if (ex.cookie) lines.push(`Cookie: ${fill(ex.cookie, SHOWN)}`);
  if (ex.upload) {
    lines.push(
      "",
      "------FormBoundary",
      'Content-Disposition: form-data; name="file"; filename="photo.jpg"',
      "Content-Type: image/jpeg",
      "",
      "<binary image data>",
      "------FormBoundary--",
    );
  } else if (body !== undefined) lines.push("", pretty(body));
  return lines.join("\n");
}

function curlText(ex: ApiExample, base: string, body: Json | undefined, path: string): string {
  const parts = [`curl${ex.method === "GET" ? "" : ` -X ${ex.method}`} "${base}${path}"`];
  if (ex.auth !== "none") parts.push(`-H "Authorization: Bearer ${SECRET}"`);
  if (ex.cookie) parts.push(`-b "${fill(ex.cookie, SHOWN)}"`);
  if (ex.upload) parts.push('-F "file=@/path/to/photo.jpg"');
  else if (body !== undefined)
    parts.push('-H "Content-Type: application/json"', `-d '${JSON.stringify(body)}'`);
  return parts.join(" \\\n  ");
}

function responseText(ex: ApiExample, base: string): string {
  const lines = [`HTTP/1.1 ${ex.status} ${STATUS_TEXT[ex.status] ?? ""}`.trim()];
  if (ex.response !== undefined) lines.push("Content-Type: application/json");
  for (const [k, v] of Object.entries(ex.responseHeaders ?? {})) lines.push(`${k}: ${v}`);
  if (ex.response !== undefined) lines.push("", pretty(fillJson(ex.response, { public_url: base })));
  return lines.join("\n");
}

const slug = (method: string, path: string) =>
  `${method}-${pathOnly(path)}`
    .toLowerCase()
    .replace(/[{}]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+$/, "");

function limitBadge(method: string, path: string): string {
  const rule = ruleFor(method, pathOnly(path));
  return rule?.path ? `<span class="badge limit" title="per IP">${rule.limit}/min</span>` : "";
}

function endpoint(doc: OpenApiDocument, ex: ApiExample, base: string, host: string): string {
  const op = operationFor(doc, ex.method, ex.path) ?? {};
  const path = fill(ex.path, SHOWN);
  const body = ex.body === undefined ? undefined : fillJson(ex.body, SHOWN);
  const description = typeof op.description === "string" ? op.description : "";
  const paragraphs = description
    .split("\n\n")
    .filter((p) => p && !p.startsWith("Rate limit:"))
    .map((p) => `<p>${inline(p)}</p>`);
  const requestSchema = isObject(op.requestBody)
    ? Object.values((op.requestBody as Obj).content as Obj).map((c) => (c as Obj).schema)[0]
    : undefined;
  const bodyTable = requestSchema && !ex.upload ? fieldsTable(doc, requestSchema, "Body fields") : "";
  const notes = (ex.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("");
  return `<article class="endpoint" id="${slug(ex.method, ex.path)}">
<h3><span class="method ${ex.method.toLowerCase()}">${ex.method}</span> <code class="path">${escapeHtml(pathOnly(ex.path))}</code> <span class="summary">${escapeHtml(String(op.summary ?? ""))}</span> ${limitBadge(ex.method, ex.path)}<span class="badge status">${ex.status}</span></h3>
${paragraphs.join("\n")}
${queryTable(doc, op)}${bodyTable}
<div class="example">
<div><h4>Request</h4><pre>${escapeHtml(requestText(ex, host, body, path))}</pre>
<details><summary>curl</summary><pre>${escapeHtml(curlText(ex, base, body, path))}</pre></details></div>
<div><h4>Response</h4><pre>${escapeHtml(responseText(ex, base))}</pre></div>
</div>
${notes}
</article>`;
}

const section = (id: string, title: string, body: string) =>
  `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;

const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

const PIN_LIFECYCLE: Array<[string, string]> = [
  ["draft", "Saved but will not publish automatically"],
  ["review", "Flagged for manual review before queuing (error_message says why)"],
  ["queued", "Will publish as soon as the queue processes it"],
  ["scheduled", "Will publish at the specified scheduled_at time"],
  ["publishing", "Currently being sent to Pinterest — cannot edit"],
  ["published", "Live on Pinterest — cannot edit or delete"],
  ["failed", "Exhausted all retry attempts"],
];

const EVENT_MEANING: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  "pin.created": "A new pin is created in PinFlow",
  "pin.scheduled": "A pin's scheduled_at is set",
  "pin.published": "A pin goes live on Pinterest",
  "pin.failed": "A pin exhausts all retries",
};

export const PYTHON_VERIFY = `# Python
import hmac, hashlib

def verify(body: bytes, secret: str, header: str) -> bool:
    expected = "sha256=" + hmac.new(
        secret.encode(), body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, header)`;

/** Runs as written under Node (and Bun): the docs test checks it against PinFlow's own signature. */
export const NODE_VERIFY = `// Node.js — body is the raw request body (a Buffer), before any JSON parsing
const { createHmac, timingSafeEqual } = require("node:crypto");

function verify(body, secret, header) {
  const expected = Buffer.from("sha256=" + createHmac("sha256", secret).update(body).digest("hex"));
  const received = Buffer.from(header ?? "");
  return expected.length === received.length && timingSafeEqual(expected, received);
}`;

const DELIVERY_EXAMPLE = `POST /hooks/pinflow HTTP/1.1
Host:                  your-server.com
Content-Type:          application/json
X-Webhook-Signature:   sha256=a1b2c3d4e5f6...
X-Webhook-Id:          msg_3f9a0c1d2e4b5a6978c1d0e2
X-Webhook-Timestamp:   1777213920
X-Webhook-Event:       pin.published

{
  "event":     "pin.published",
  "timestamp": "2026-04-26T14:32:00Z",
  "data": {
    "pin_id":           42,
    "title":            "Summer Recipe Ideas",
    "board_id":         "123456789",
    "status":           "published",
    "pinterest_pin_id": "987654321098765432",
    "scheduled_at":     "2026-05-01T19:00:00Z",
    "published_at":     "2026-04-26T14:32:00Z",
    "error_message":    null
  }
}`;

const NAV: Array<[string, string]> = [
  ["quick-start", "Quick start"],
  ["authentication", "Authentication"],
  ["required-headers", "Required headers"],
  ["rate-limits", "Rate limits"],
  ["pins", "Pins"],
  ["boards", "Boards"],
  ["collections", "Collections"],
  ["webhooks", "Webhooks"],
  ["api-keys", "API Keys"],
  ["profiles", "Profiles"],
  ["admin", "Admin & health"],
  ["object-schemas", "Object schemas"],
  ["errors", "Errors"],
];

const OBJECT_SCHEMAS: Array<[string, string]> = [
  ["Pin", "Pin"],
  ["Collection", "Collection"],
  ["Webhook", "Webhook"],
  ["Delivery", "Webhook delivery"],
  ["ApiKey", "API key"],
  ["Profile", "Profile"],
  ["Me", "User (GET /auth/me)"],
];

const CSS = `
:root{--red:#e60023;--ink:#1f1f1f;--muted:#5f5f5f;--line:#e6e6e3;--bg:#f6f6f4;--code:#111827}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg);line-height:1.55}
a{color:var(--red)}
header.top{display:flex;align-items:center;gap:1rem;padding:.8rem 1.5rem;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
header.top .brand{font-weight:700;font-size:1.1rem}
header.top .version{color:var(--muted);font-size:.85rem}
header.top .back{margin-left:auto;text-decoration:none;font-weight:600}
.layout{display:grid;grid-template-columns:14rem minmax(0,1fr);max-width:84rem;margin:0 auto}
nav.toc{position:sticky;top:3.4rem;align-self:start;padding:1.5rem 1rem;max-height:calc(100vh - 3.4rem);overflow:auto}
nav.toc a{display:block;padding:.25rem .5rem;border-radius:6px;color:var(--ink);text-decoration:none;font-size:.92rem}
nav.toc a:hover{background:#fff}
main{padding:1.5rem 2rem 4rem;min-width:0}
h1{font-size:1.8rem;margin:.2rem 0 .5rem}
h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1rem;margin:0 0 .5rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:1rem 0 .35rem}
.endpoint{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1rem 1.25rem;margin:1rem 0}
.method{font:700 .75rem ui-monospace,SFMono-Regular,Menlo,monospace;padding:.15rem .45rem;border-radius:6px;color:#fff;background:#6b7280}
.method.get{background:#0f766e}.method.post{background:#1d4ed8}.method.put{background:#b45309}.method.patch{background:#7c3aed}.method.delete{background:#b91c1c}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em;background:#f1f1ee;padding:.05rem .3rem;border-radius:4px}
code.path{font-size:.95rem;background:none;padding:0}
.summary{color:var(--muted);font-weight:500}
.badge{font-size:.75rem;padding:.1rem .45rem;border-radius:999px;border:1px solid var(--line)}
.badge.status{margin-left:auto;background:#ecfdf5;border-color:#a7f3d0;color:#065f46}
.badge.limit{background:#fff7ed;border-color:#fed7aa;color:#9a3412}
.example{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
pre{background:var(--code);color:#e5e7eb;padding:.8rem 1rem;border-radius:8px;overflow:auto;font-size:.82rem;line-height:1.45;margin:0}
details summary{cursor:pointer;color:var(--muted);font-size:.85rem;margin:.4rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;background:#fff;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#fafaf8}
.note{color:var(--muted);font-size:.92rem}
pre.gap{margin-top:.75rem}
section,article,h4{scroll-margin-top:4rem}
.callout{background:#fff;border-left:4px solid var(--red);padding:.6rem 1rem;border-radius:6px}
ol.steps li{margin:.5rem 0}
@media (max-width:900px){.layout{grid-template-columns:1fr}nav.toc{display:none}main{padding:1rem}}
`;

export function docsPage(input: { publicUrl: string; doc: OpenApiDocument }): string {
  const { doc } = input;
  const base = input.publicUrl.replace(/\/+$/, "");
  const host = new URL(base).host;
  const endpoints = (name: ExampleSection) =>
    (EXAMPLES[name] as ApiExample[]).map((ex) => endpoint(doc, ex, base, host)).join("\n");
  const b = escapeHtml(base);

  const quickStart = `<ol class="steps">
<li><strong>Log in at <a href="/auth/login">${b}/auth/login</a></strong> — complete the Pinterest OAuth flow in your browser. You'll land on the PinFlow dashboard.</li>
<li><strong>Create an API key</strong> — in the dashboard open Settings → API Keys, enter a name and click Generate Key (or POST /api-keys). Copy the <code>sk_pinflow_…</code> secret — it is shown only once.</li>
<li><strong>Make your first request</strong><pre>${escapeHtml(`curl ${base}/auth/me \\\n  -H "Authorization: Bearer ${SECRET}"`)}</pre></li>
</ol>
<p>The machine-readable description of this API is <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>`;

  const authentication = `<p>PinFlow uses API key authentication for programmatic access. Every API request must carry your secret key in the <code>Authorization</code> header. Session cookies (set by the browser OAuth flow) are also accepted as a fallback for browser-based usage.</p>
<p><strong>API key format:</strong> each key pair has a public display ID (<code>pk_pinflow_…</code>) and a secret key (<code>sk_pinflow_…</code>). Only the secret key is used for authentication. It is shown once at creation and never retrievable again — store it in a password manager or secret vault.</p>
<h4>Key management</h4>
<p>Create, disable, and revoke API keys from the dashboard (Settings → API Keys) or through the <a href="#api-keys">API Keys</a> endpoints. You can have up to 10 active keys per account.</p>
<p class="callout"><strong>Account approval required.</strong> Your account must be approved by an admin before API keys work. If you receive <code>403 Account pending approval</code>, contact the admin.</p>
${endpoints("authentication")}`;

  const requiredHeaders = `<p>The server checks authentication in this order: <code>Authorization: Bearer</code> → <code>X-API-Key</code> → session cookie. Use the API key for all programmatic access.</p>
${table(
  ["Header", "Value", "When"],
  [
    [
      "<code>Authorization</code>",
      `<code>Bearer ${SECRET}</code>`,
      "All authenticated endpoints — preferred method",
    ],
    ["<code>X-API-Key</code>", `<code>${SECRET}</code>`, "Alternative to the Authorization header"],
    ["<code>Content-Type</code>", "<code>application/json</code>", "POST / PUT requests with a JSON body"],
    ["<code>Content-Type</code>", "<code>multipart/form-data</code>", "POST /pins/upload-image only"],
    [
      "<code>Idempotency-Key</code>",
      "any 1–255 printable characters",
      "Optional on POST /pins and POST /pins/bulk: a retry with the same key returns the first answer and creates nothing",
    ],
  ],
)}
<h4>Using both auth methods</h4>
<pre>${escapeHtml(`# API key (recommended for scripts and automation)
curl ${base}/pins \\
  -H "Authorization: Bearer ${SECRET}"

# Alternative header name
curl ${base}/pins \\
  -H "X-API-Key: ${SECRET}"

# Session cookie (browser / fallback — cookie extracted from DevTools)
curl ${base}/pins \\
  -b "session=YOUR_SESSION_COOKIE"`)}</pre>
<p><strong>401 Unauthorized</strong> means your API key is invalid, revoked, or disabled — or no auth header was sent. Create a new key in Settings → API Keys.</p>
<p><strong>403 Forbidden</strong> means your account is pending admin approval, or the key's owner was suspended. Browser requests carrying the session cookie must also be same-origin.</p>`;

  const global = RATE_RULES.find((r) => !r.path);
  const rateLimits = `<p>Rate limits are per IP address and reset every minute. Exceeding a limit returns <code>429 Too Many Requests</code> with a <code>Retry-After</code> header; every limited response carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>.</p>
${table(
  ["Endpoint", "Limit"],
  [
    ...RATE_RULES.filter((r) => r.path).map((r) => [
      `<code>${escapeHtml(r.name)}</code>`,
      `${r.limit} / min`,
    ]),
    ["All other endpoints", `${global?.limit ?? 200} / min (global)`],
  ],
)}
<p>Not limited: <code>/health</code>, <code>/docs</code>, <code>/openapi.json</code>, the dashboard and uploaded images.</p>
<p class="callout"><strong>Daily pin limit:</strong> each user account also has a daily cap on how many pins can be created (default: 2), and each plan a monthly quota. When reached, POST /pins returns 429 with a message saying when the limit resets (midnight UTC).</p>`;

  const pins = `<p>The core resource. A pin is one Pinterest post managed through PinFlow.</p>
<h4>Status lifecycle</h4>
${table(
  ["Status", "Meaning"],
  PIN_LIFECYCLE.map(([s, m]) => [`<code>${s}</code>`, escapeHtml(m)]),
)}
${endpoints("pins")}`;

  const webhooks = `<p>Webhooks push real-time event notifications to a URL you control. PinFlow calls your endpoint each time a pin is created, scheduled, published, or fails.</p>
<p>Common integrations: Slack notifications on publish · failure alerts to email · syncing to Google Sheets · triggering n8n / Zapier / Make workflows.</p>
<h4>Events</h4>
${table(
  ["Event", "Fires when"],
  WEBHOOK_EVENTS.map((e) => [`<code>${e}</code>`, escapeHtml(EVENT_MEANING[e])]),
)}
<h4>Delivery payload</h4>
<p>PinFlow sends a POST request to your URL with this shape. <code>X-Webhook-Id</code> stays the same across retries (use it to drop duplicates); <code>X-Webhook-Timestamp</code> is the attempt's Unix time. Failed deliveries are retried with backoff for about a day; every attempt is in the delivery log.</p>
<pre>${escapeHtml(DELIVERY_EXAMPLE)}</pre>
<h4 id="verify-signature">Verify the signature</h4>
<p>With a secret, <code>X-Webhook-Signature</code> is <code>sha256=</code> followed by the hex HMAC-SHA256 of the raw request body. Compute it over the bytes you received, before parsing the JSON, and compare in constant time.</p>
<pre>${escapeHtml(PYTHON_VERIFY)}</pre>
<pre class="gap">${escapeHtml(NODE_VERIFY)}</pre>
${endpoints("webhooks")}`;

  const apiKeys = `<p>Manage the API keys used to authenticate requests. Keys are scoped to the authenticated user — you can only see and manage your own keys.</p>
${endpoints("apiKeys")}`;

  const objectSchemas = OBJECT_SCHEMAS.map(([name, title]) =>
    fieldsTable(doc, { $ref: `#/components/schemas/${name}` }, title, false),
  ).join("\n");

  const errors = `<p>All error responses return JSON. The <code>detail</code> field is either a plain string or an array of validation objects.</p>
${table(
  ["Status", "Meaning"],
  [
    ...Object.entries(ERROR_DESCRIPTIONS).map(([status, meaning]) => [status, inline(meaning)]),
    ["500", "Server error"],
  ].sort((a, b) => Number(a[0]) - Number(b[0])),
)}
<pre>${escapeHtml(`# Plain string error:
{ "detail": "Daily pin limit of 5 reached. Resets at midnight UTC." }

# Validation error array (422):
{
  "detail": [
    {
      "loc":  ["body", "board_id"],
      "msg":  "Field required",
      "type": "missing"
    }
  ]
}`)}</pre>`;

  const body = [
    section("quick-start", "Quick start", quickStart),
    section("authentication", "Authentication", authentication),
    section("required-headers", "Required headers", requiredHeaders),
    section("rate-limits", "Rate limits", rateLimits),
    section("pins", "Pins", pins),
    section("boards", "Boards", endpoints("boards")),
    section(
      "collections",
      "Collections",
      `<p>Local groupings of pins — not Pinterest boards. Use them to organise pins by campaign, season, or theme.</p>\n${endpoints("collections")}`,
    ),
    section("webhooks", "Webhooks", webhooks),
    section("api-keys", "API Keys", apiKeys),
    section(
      "profiles",
      "Profiles",
      `<p>Each connected Pinterest account is a profile; pins and webhooks belong to one. Requests without a <code>profile_id</code> act for the selected profile. Connect another account with <a href="/auth/login?connect=1">/auth/login?connect=1</a> in the browser.</p>\n${endpoints("profiles")}`,
    ),
    section(
      "admin",
      "Admin & health",
      `<p>For admins: approving users, plans and background jobs (403 for everyone else). <code>/health</code> is open to monitors.</p>\n${endpoints("admin")}`,
    ),
    section("object-schemas", "Object schemas", objectSchemas),
    section("errors", "Errors", errors),
  ].join("\n");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Reference · PinFlow</title>
<style>${CSS}</style></head>
<body>
<header class="top"><span class="brand">PinFlow</span><span class="version">v${escapeHtml(VERSION)}</span><a class="back" href="/">← Back to app</a></header>
<div class="layout">
<nav class="toc" aria-label="Contents">${NAV.map(([id, title]) => `<a href="#${id}">${escapeHtml(title)}</a>`).join("")}</nav>
<main>
<h1>API Reference</h1>
<p>PinFlow exposes a REST API that its own web interface uses. Call these endpoints directly to build integrations, automation scripts, or external dashboards. All requests and responses use JSON. Examples below use this instance's address, <code>${b}</code>.</p>
${body}
</main></div>
</body></html>`;
}
