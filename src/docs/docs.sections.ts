/**
 * The sections of /docs, in the order of the seed reference (docs/seed-api-reference.txt): the hand-written
 * guide text (quick start, auth, headers, limits, webhook signatures, errors) around the endpoint cards
 * generated from the examples. Facts that code owns are read from it: rate limits from the limiter's rules,
 * events from the webhook schema, error meanings from the shared responses, object fields from /openapi.json.
 */
import { escapeHtml } from "../http/html";
import { RATE_RULES } from "../http/rate-limit";
import { ERROR_DESCRIPTIONS } from "../http/responses";
import { STANDARD_ACCESS } from "../shared/standard-access";
import { WEBHOOK_EVENTS } from "../webhooks/webhooks.schema";
import { fieldsTable, SECRET } from "./docs.endpoint";
import type { ExampleSection } from "./docs.examples";
import { inline, table } from "./docs.html";
import type { OpenApiDocument } from "./docs.openapi";
import { markdownToHtml, readmeSection } from "./docs.readme";

export interface PageContext {
  doc: OpenApiDocument;
  /** The instance's public URL without a trailing slash: the examples call it. */
  base: string;
  /** PINFLOW_BASE_PATH ("" or "/pinflow"): the page's links to PinFlow's own paths start with it. */
  basePath: string;
  /** The endpoint cards of one group of examples. */
  endpoints: (name: ExampleSection) => string;
}

export interface Section {
  id: string;
  title: string;
  body: (page: PageContext) => string;
}

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

const OBJECT_SCHEMAS: Array<[string, string]> = [
  ["Pin", "Pin"],
  ["Collection", "Collection"],
  ["Webhook", "Webhook"],
  ["Delivery", "Webhook delivery"],
  ["ApiKey", "API key"],
  ["Profile", "Profile"],
  ["Me", "User (GET /auth/me)"],
];

function quickStart({ doc, base, basePath }: PageContext): string {
  const b = escapeHtml(base);
  const p = escapeHtml(basePath);
  return `<ol class="steps">
<li><strong>Log in at <a href="${p}/auth/login">${b}/auth/login</a></strong> — complete the Pinterest OAuth flow in your browser. You'll land on the PinFlow dashboard.</li>
<li><strong>Create an API key</strong> — in the dashboard open Settings → API Keys, enter a name and click Generate Key (or POST /api-keys). Copy the <code>sk_pinflow_…</code> secret — it is shown only once.</li>
<li><strong>Make your first request</strong><pre>${escapeHtml(`curl ${base}/auth/me \\\n  -H "Authorization: Bearer ${SECRET}"`)}</pre></li>
</ol>
<p>The machine-readable description of this API is <a href="${p}/openapi.json">${p}/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>`;
}

function authentication({ endpoints }: PageContext): string {
  return `<p>PinFlow uses API key authentication for programmatic access. Every API request must carry your secret key in the <code>Authorization</code> header. Session cookies (set by the browser OAuth flow) are also accepted as a fallback for browser-based usage.</p>
<p><strong>API key format:</strong> each key pair has a public display ID (<code>pk_pinflow_…</code>) and a secret key (<code>sk_pinflow_…</code>). Only the secret key is used for authentication. It is shown once at creation and never retrievable again — store it in a password manager or secret vault.</p>
<h4>Key management</h4>
<p>Create, disable, and revoke API keys from the dashboard (Settings → API Keys) or through the <a href="#api-keys">API Keys</a> endpoints. You can have up to 10 active keys per account.</p>
<p class="callout"><strong>Account approval required.</strong> Your account must be approved by an admin before API keys work. If you receive <code>403 Account pending approval</code>, contact the admin.</p>
${endpoints("authentication")}`;
}

function requiredHeaders({ base }: PageContext): string {
  return `<p>The server checks authentication in this order: <code>Authorization: Bearer</code> → <code>X-API-Key</code> → session cookie. Use the API key for all programmatic access.</p>
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
    [
      "<code>Content-Type</code>",
      "<code>multipart/form-data</code>",
      "POST /pins/upload-image and POST /pins/upload-video only",
    ],
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
}

function rateLimits(): string {
  const global = RATE_RULES.find((r) => !r.path);
  return `<p>Rate limits are per IP address and reset every minute. Exceeding a limit returns <code>429 Too Many Requests</code> with a <code>Retry-After</code> header; every limited response carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>.</p>
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
}

function pins({ endpoints }: PageContext): string {
  return `<p>The core resource. A pin is one Pinterest post managed through PinFlow.</p>
<h4>Status lifecycle</h4>
${table(
  ["Status", "Meaning"],
  PIN_LIFECYCLE.map(([s, m]) => [`<code>${s}</code>`, escapeHtml(m)]),
)}
${endpoints("pins")}`;
}

function webhooks({ endpoints }: PageContext): string {
  return `<p>Webhooks push real-time event notifications to a URL you control. PinFlow calls your endpoint each time a pin is created, scheduled, published, or fails.</p>
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
}

function apiKeys({ endpoints }: PageContext): string {
  return `<p>Manage the API keys used to authenticate requests. Keys are scoped to the authenticated user — you can only see and manage your own keys.</p>
${endpoints("apiKeys")}`;
}

function objectSchemas({ doc }: PageContext): string {
  return OBJECT_SCHEMAS.map(([name, title]) =>
    fieldsTable(doc, { $ref: `#/components/schemas/${name}` }, title, false),
  ).join("\n");
}

function errors(): string {
  return `<p>All error responses return JSON. The <code>detail</code> field is either a plain string or an array of validation objects.</p>
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
}

/** The README's "Getting Standard access", and the sandbox set-up before it (the dashboard links here). */
function standardAccess(): string {
  const access = readmeSection(STANDARD_ACCESS.title);
  const sandbox = readmeSection("Trial access and the sandbox");
  return [
    access ? markdownToHtml(access) : "",
    sandbox
      ? `<h3 id="trial-access-and-the-sandbox">Trial access and the sandbox</h3>\n${markdownToHtml(sandbox)}`
      : "",
  ].join("\n");
}

export const SECTIONS: Section[] = [
  { id: "quick-start", title: "Quick start", body: quickStart },
  { id: "authentication", title: "Authentication", body: authentication },
  { id: "required-headers", title: "Required headers", body: requiredHeaders },
  { id: "rate-limits", title: "Rate limits", body: rateLimits },
  { id: "pins", title: "Pins", body: pins },
  { id: "boards", title: "Boards", body: ({ endpoints }) => endpoints("boards") },
  {
    id: "collections",
    title: "Collections",
    body: ({ endpoints }) =>
      `<p>Local groupings of pins — not Pinterest boards. Use them to organise pins by campaign, season, or theme.</p>\n${endpoints("collections")}`,
  },
  { id: "webhooks", title: "Webhooks", body: webhooks },
  { id: "api-keys", title: "API Keys", body: apiKeys },
  {
    id: "profiles",
    title: "Profiles",
    body: ({ endpoints, basePath }) =>
      `<p>Each connected Pinterest account is a profile; pins and webhooks belong to one. Requests without a <code>profile_id</code> act for the selected profile. Connect another account with <a href="${escapeHtml(basePath)}/auth/login?connect=1">${escapeHtml(basePath)}/auth/login?connect=1</a> in the browser.</p>\n${endpoints("profiles")}`,
  },
  {
    id: "feeds",
    title: "Feeds",
    body: ({ endpoints }) =>
      `<p>Follow a blog's RSS or Atom feed: each new item becomes a pin on the board you choose — a draft to review, or queued. Items are recognised by guid (or link), so a feed that republishes never makes a pin twice. PinFlow reads each feed every 30 minutes (<code>PINFLOW_FEED_POLL_INTERVAL</code>) as <code>PinFlow/&lt;version&gt; (+feed reader)</code>, honours ETag and Last-Modified, follows at most 3 redirects and reads at most 2 MB in 10 s; feed URLs obey the same address rules as webhooks.</p>\n${endpoints("feeds")}`,
  },
  {
    id: "analytics",
    title: "Analytics",
    body: ({ endpoints }) =>
      `<p>Every day (from 00:00 UTC, spread over about an hour) PinFlow fetches Pinterest's impressions, saves, pin clicks and outbound clicks of the pins it published in the last 90 days, and the account's totals, and keeps each day: Pinterest itself only answers the last 90 days. Accounts Pinterest gives no analytics (sandbox, or access without the scopes) are marked as such and asked again once a week.</p>\n${endpoints("analytics")}`,
  },
  {
    id: "events",
    title: "Events",
    body: ({ endpoints }) =>
      `<p>Your changes as they happen — a pin queued, publishing, published or failed; a posting schedule or time zone changed — as <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html">server-sent events</a>. The dashboard stays live with it; scripts can listen instead of polling. Each event says what changed; read the thing itself from the API.</p>\n${endpoints("events")}`,
  },
  {
    id: "admin",
    title: "Admin & health",
    body: ({ endpoints }) =>
      `<p>For admins: approving users, plans and background jobs (403 for everyone else). <code>/health</code> is open to monitors.</p>\n${endpoints("admin")}`,
  },
  { id: STANDARD_ACCESS.anchor, title: STANDARD_ACCESS.title, body: standardAccess },
  { id: "object-schemas", title: "Object schemas", body: objectSchemas },
  { id: "errors", title: "Errors", body: errors },
];
