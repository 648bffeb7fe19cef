/**
 * /openapi.json: PinFlow's OpenAPI 3.1 document, generated from the routes themselves — their valibot
 * `params`/`query`/`body` schemas, the `response` schemas each route declares (src/http/responses.ts) and
 * their `detail` (summary, tags, description) — never written beside them.
 *
 * @elysiajs/openapi's generator (`toOpenAPISchema`) walks the routes and @valibot/to-json-schema turns each
 * valibot schema into JSON Schema 2020-12. The plugin's own routes are not mounted: its UI page loads
 * Scalar from a CDN (self-hosters are often offline; /docs is our self-contained page), and its document
 * needs finishing that its route cannot do. `finish()` below:
 * - names the shared object schemas (Pin, User, …) in components.schemas and points `$ref`s at them;
 * - adds info, servers (the instance's public URL), the three security schemes and global security;
 * - turns the body-less answers (204, redirects) and HTML pages into proper responses;
 * - keeps the one media type each body is read as (JSON, or multipart for the upload);
 * - notes each operation's rate limit, read from the rate limiter's own rules (RATE_RULES).
 */
import { toOpenAPISchema } from "@elysiajs/openapi";
import {
  type ConversionConfig,
  type JsonSchema,
  toJsonSchema,
  toJsonSchemaDefs,
} from "@valibot/to-json-schema";
import type { AnyElysia } from "elysia";
import type * as v from "valibot";
import { JobSchema } from "../admin/admin.schema";
import { ApiKeySchema, CreateApiKeySchema, CreatedApiKeySchema } from "../apikeys/apikeys.schema";
import { MeSchema, UpdateMeSchema } from "../auth/auth.schema";
import {
  BoardAnalyticsResponse,
  BoardSchema,
  BoardSectionSchema,
  BoardSectionsResponse,
  BoardStatsSchema,
  BoardsResponse,
  CreateBoardSchema,
  CreateSectionSchema,
} from "../boards/boards.schema";
import {
  AddPinSchema,
  CollectionDetailSchema,
  CollectionName,
  CollectionSchema,
} from "../collections/collections.schema";
import { type Config, publicLink } from "../config";
import { ChangeSchema } from "../events/events.schema";
import { HealthSchema } from "../health/health.schema";
import { ruleFor } from "../http/rate-limit";
import {
  alsoAsOf,
  ERROR_DESCRIPTIONS,
  EventStream,
  HtmlPage,
  NoContent,
  originalSchema,
  Redirect,
} from "../http/responses";
import {
  BulkScheduleSchema,
  BulkStatusSchema,
  CreatePinSchema,
  PinIdsSchema,
  PinSchema,
  UpdatedSchema,
  UpdatePinSchema,
} from "../pins/pins.schema";
import { PlanSchema, PlanUpdateSchema } from "../plans/plans.schema";
import { ProfileSchema } from "../profiles/profiles.schema";
import { ErrorSchema, STREAMED_FILE, ValidationErrorSchema, ValidationIssueSchema } from "../shared/schema";
import { UploadedFileSchema, UploadResponse, VideoUploadResponse } from "../uploads/uploads.schema";
import { AdminUserUpdateSchema, UserSchema } from "../users/users.schema";
import { VERSION } from "../version";
import {
  CreateWebhookSchema,
  DeliverySchema,
  UpdateWebhookSchema,
  WebhookSchema,
} from "../webhooks/webhooks.schema";

/** Object schemas that get a name (components.schemas) instead of being repeated inline. */
export const NAMED_SCHEMAS: Record<string, v.GenericSchema> = {
  Pin: PinSchema,
  PinCreate: CreatePinSchema,
  PinUpdate: UpdatePinSchema,
  PinIds: PinIdsSchema,
  BulkStatus: BulkStatusSchema,
  BulkSchedule: BulkScheduleSchema,
  Updated: UpdatedSchema,
  Upload: UploadResponse,
  VideoUpload: VideoUploadResponse,
  UploadedFile: UploadedFileSchema,
  Board: BoardSchema,
  Boards: BoardsResponse,
  BoardStats: BoardStatsSchema,
  BoardAnalytics: BoardAnalyticsResponse,
  BoardCreate: CreateBoardSchema,
  BoardSection: BoardSectionSchema,
  BoardSections: BoardSectionsResponse,
  BoardSectionCreate: CreateSectionSchema,
  Collection: CollectionSchema,
  CollectionDetail: CollectionDetailSchema,
  CollectionName: CollectionName,
  CollectionPin: AddPinSchema,
  Webhook: WebhookSchema,
  WebhookCreate: CreateWebhookSchema,
  WebhookUpdate: UpdateWebhookSchema,
  Delivery: DeliverySchema,
  ApiKey: ApiKeySchema,
  ApiKeyCreate: CreateApiKeySchema,
  CreatedApiKey: CreatedApiKeySchema,
  User: UserSchema,
  Me: MeSchema,
  MeUpdate: UpdateMeSchema,
  UserUpdate: AdminUserUpdateSchema,
  Profile: ProfileSchema,
  Plan: PlanSchema,
  PlanUpdate: PlanUpdateSchema,
  Job: JobSchema,
  Health: HealthSchema,
  Change: ChangeSchema,
  Error: ErrorSchema,
  ValidationError: ValidationErrorSchema,
  ValidationIssue: ValidationIssueSchema,
};

/** The tags, in the order of docs/seed-api-reference.txt (then what PinFlow adds). */
export const TAGS = [
  { name: "Authentication", description: "Sign-in, session and the authenticated user." },
  {
    name: "Pins",
    description:
      "The core resource. A pin is one Pinterest post managed through PinFlow: draft → review → queued / scheduled → publishing → published (or failed).",
  },
  {
    name: "Boards",
    description:
      "The Pinterest boards of the selected account and their sections (read live, and made through PinFlow), and PinFlow's counts per board.",
  },
  {
    name: "Collections",
    description:
      "Local groupings of pins — not Pinterest boards. Use them to organise pins by campaign, season, or theme.",
  },
  {
    name: "Webhooks",
    description:
      "Real-time event notifications (pin.created, pin.scheduled, pin.published, pin.failed) POSTed to a URL you control, signed with HMAC-SHA256; each delivery is logged and can be sent again.",
  },
  { name: "API Keys", description: "The keys that authenticate scripts; scoped to the authenticated user." },
  { name: "Profiles", description: "The Pinterest accounts connected to your PinFlow user." },
  {
    name: "Feeds",
    description:
      "RSS and Atom feeds (a blog) followed for a profile and board: each new item becomes a pin, a draft or queued.",
  },
  {
    name: "Analytics",
    description:
      "Pinterest's impressions, saves and clicks, fetched daily and kept past Pinterest's 90 days, and posting times suggested from them.",
  },
  {
    name: "Events",
    description: "Your changes as they happen, as server-sent events (what the dashboard stays live with).",
  },
  { name: "Admin", description: "User approval, plans and background jobs. Admins only." },
  { name: "Health", description: "For monitors." },
];

/** Routes that are pages or files, not API: the dashboard, its assets, uploads, the demo Pinterest. */
export const NOT_API = /^\/($|app(\/|$)|assets\/|static\/|emulator\/|favicon)/;

const SECURITY_SCHEMES = {
  bearer: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "sk_pinflow_…",
    description: "`Authorization: Bearer sk_pinflow_…` — the preferred method for scripts.",
  },
  apiKey: {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "`X-API-Key: sk_pinflow_…` — the same secret key under another header name.",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "session",
    description:
      "The browser session set by the OAuth sign-in. Unsafe requests with it must be same-origin (Origin / Sec-Fetch-Site).",
  },
};

const STATUS_TEXT: Record<string, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  302: "Found — redirect (see Location)",
  303: "See Other — redirect (see Location)",
};

const MARKER = "x-pinflow-body";
/** Tags a converted schema whose answer may also come as another media type (http/responses.ts `alsoAs`). */
const ALSO_MARKER = "x-pinflow-also";

const NAME_OF = new Map<unknown, string>(
  Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]),
);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A file field: a File, or a body read as a stream (shared/schema.ts StreamedFile). */
const isFileSchema = (schema: unknown) => {
  const s = schema as { type?: string; pipe?: Array<{ type?: string; metadata?: Record<string, unknown> }> };
  return (
    s.type === "file" ||
    (s.pipe?.some((a) => a.type === "metadata" && a.metadata?.[STREAMED_FILE] === true) ?? false)
  );
};

const CONVERSION: ConversionConfig = {
  target: "draft-2020-12",
  errorMode: "ignore",
  overrideSchema: ({ valibotSchema }) =>
    isFileSchema(valibotSchema) ? { type: "string", format: "binary" } : undefined,
};
/** Named schemas anywhere inside a route's schema become `$ref`s (the top level too). */
const ROUTE_CONVERSION: ConversionConfig = {
  ...CONVERSION,
  overrideSchema: (context) => {
    const name = NAME_OF.get(context.valibotSchema);
    return name ? ref(name) : CONVERSION.overrideSchema?.(context);
  },
};

const converted = new WeakMap<object, JsonSchema>();

/** valibot → JSON Schema 2020-12 (memoized per schema), with the body-less markers tagged. */
function toJson(schema: unknown): JsonSchema {
  const original = originalSchema(schema) as v.GenericSchema;
  if (original === NoContent || original === Redirect) return { [MARKER]: "none" } as JsonSchema;
  if (original === HtmlPage) return { [MARKER]: "html" } as JsonSchema;
  if (original === EventStream) return { [MARKER]: "event-stream" } as JsonSchema;
  let json = converted.get(original);
  if (!json) {
    json = toJsonSchema(original, ROUTE_CONVERSION);
    const also = alsoAsOf(original);
    if (also) json = { ...json, [ALSO_MARKER]: also } as JsonSchema;
    converted.set(original, json);
  }
  return json;
}

let components: Record<string, unknown> | null = null;
/** components.schemas: each named schema once, referring to the others by `$ref`. */
const namedSchemas = () => {
  components ??= relink(toJsonSchemaDefs(NAMED_SCHEMAS, CONVERSION)) as Record<string, unknown>;
  return components;
};

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

/** Drops `$schema`/`$defs` and points `#/$defs/X` at `#/components/schemas/X`, everywhere in `node`. */
function relink(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relink);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema" || key === "$defs") continue;
    out[key] =
      key === "$ref" && typeof value === "string"
        ? value.replace("#/$defs/", "#/components/schemas/")
        : relink(value);
  }
  return out;
}

function rateLimitNote(method: string, path: string) {
  const rule = ruleFor(method.toUpperCase(), path);
  if (!rule) return null;
  const scope = rule.path ? `${rule.name}` : "all API endpoints together";
  return {
    text: `Rate limit: ${rule.limit} requests per minute per IP (${scope}); 429 with Retry-After beyond.`,
    extension: { limit: rule.limit, window: "1m", per: "ip", rule: rule.name },
  };
}

const RETRY_AFTER = {
  "Retry-After": { description: "Seconds until the limit resets.", schema: { type: "integer" } },
};
const LOCATION = { Location: { description: "Where to go next.", schema: { type: "string" } } };

function finishResponse(status: string, response: Json): Json {
  const content = isObject(response.content) ? response.content : {};
  const json = isObject(content["application/json"]) ? content["application/json"] : null;
  const schema = json && isObject(json.schema) ? json.schema : null;
  const described =
    typeof schema?.description === "string"
      ? schema.description
      : (STATUS_TEXT[status] ?? ERROR_DESCRIPTIONS[Number(status) as keyof typeof ERROR_DESCRIPTIONS]);
  const description = described ?? `Status ${status}`;
  if (schema?.[MARKER] === "none") {
    return { description, ...(status.startsWith("3") ? { headers: LOCATION } : {}) };
  }
  if (schema?.[MARKER] === "html") {
    return { description: "An HTML page", content: { "text/html": { schema: { type: "string" } } } };
  }
  if (schema?.[MARKER] === "event-stream") {
    return {
      description:
        'Server-sent events; each event\'s `data` is a Change (or `{"latest": id}` for ready/reset)',
      content: { "text/event-stream": { schema: { type: "string" } } },
    };
  }
  // the description lives on the response; the schema keeps only the shape
  const { description: _, [ALSO_MARKER]: also, ...shape } = schema ?? {};
  const other = typeof also === "string" ? { [also]: { schema: { type: "string" } } } : {};
  return {
    ...response,
    description,
    ...(schema ? { content: { "application/json": { schema: shape }, ...other } } : {}),
    ...(status === "429" ? { headers: RETRY_AFTER } : {}),
  };
}

/** The one media type a body is read as (src/http/body.ts: JSON, or multipart for uploads), named by the route. */
function finishRequestBody(body: Json): Json {
  const content = isObject(body.content) ? body.content : {};
  const [type, media] = Object.entries(content)[0] ?? ["application/json", {}];
  return { required: true, content: { [type]: { schema: (media as Json).schema } } };
}

/** Statuses any request can get before it reaches a route (src/http/limits.ts), and any body (src/http/body.ts). */
const BEFORE_ROUTING = [413, 414, 431] as const;
const FOR_BODIES = [415] as const;

function withErrors(responses: Json, statuses: ReadonlyArray<keyof typeof ERROR_DESCRIPTIONS>): Json {
  const out = { ...responses };
  for (const status of statuses) {
    out[status] ??= {
      description: ERROR_DESCRIPTIONS[status],
      content: { "application/json": { schema: ref("Error") } },
    };
  }
  return out;
}

function finishOperation(method: string, path: string, op: Json): Json {
  const out: Json = { ...op };
  const limit = rateLimitNote(method, path);
  if (limit) {
    out.description = [op.description, limit.text].filter(Boolean).join("\n\n");
    out["x-rate-limit"] = limit.extension;
  }
  if (isObject(op.requestBody)) out.requestBody = finishRequestBody(op.requestBody);
  if (isObject(op.responses)) {
    const finished = Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [status, finishResponse(status, r as Json)]),
    );
    out.responses = withErrors(
      finished,
      op.requestBody ? [...BEFORE_ROUTING, ...FOR_BODIES] : BEFORE_ROUTING,
    );
  }
  return out;
}

export type OpenApiDocument = {
  openapi: string;
  info: Json;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Json };
} & Json;

/** The whole document for `app` (the PinFlow root app, every route mounted). */
export function openApiDocument(app: AnyElysia, config: Pick<Config, "publicUrl">): OpenApiDocument {
  const generated = toOpenAPISchema(
    app,
    { paths: [NOT_API, "/docs", "/openapi.json"], staticFile: false },
    undefined,
    { valibot: toJson },
    "3.1.1",
  );
  const paths: OpenApiDocument["paths"] = {};
  for (const [route, item] of Object.entries(relink(generated.paths) as Json)) {
    const path = route.length > 1 ? route.replace(/\/+$/, "") : route; // "/pins/" is "/pins"
    paths[path] ??= {};
    for (const [method, op] of Object.entries(item as Json)) {
      (paths[path] as Json)[method] = finishOperation(method, path, op as Json);
    }
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "PinFlow",
      version: VERSION,
      description: `PinFlow exposes a REST API that its own web interface uses. All requests and responses use JSON. The human-readable reference is at ${publicLink(config, "/docs")}.`,
    },
    // The paths below are relative to it: it ends with PINFLOW_BASE_PATH when there is one.
    servers: [{ url: config.publicUrl }],
    security: [{ bearer: [] }, { apiKey: [] }, { session: [] }],
    tags: TAGS,
    paths,
    components: { schemas: namedSchemas() as Record<string, Json>, securitySchemes: SECURITY_SCHEMES },
  };
}
