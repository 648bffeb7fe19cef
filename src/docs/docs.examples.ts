/**
 * Every request example of /docs, as data: the page renders them (with the instance's public URL and the
 * seed's example values) and docs.examples.test.ts runs each one against a test app — with real ids in
 * place of the placeholders — and expects the documented status. Response examples are checked against
 * /openapi.json by the same test, so neither half of an example can drift from the API.
 *
 * Placeholders: `{name}` in a path, a query string, a cookie, or as a whole JSON string value.
 */

export type Placeholder =
  | "pin_id"
  | "collection_id"
  | "webhook_id"
  | "delivery_id"
  | "key_id"
  | "profile_id"
  | "user_id"
  | "board_id"
  | "job"
  | "code"
  | "state"
  | "upload_id";

/** What each placeholder shows on the page: the example values of docs/seed-api-reference.txt. */
export const SHOWN: Record<Placeholder, string | number> = {
  pin_id: 42,
  collection_id: 1,
  webhook_id: 1,
  delivery_id: 7,
  key_id: 1,
  profile_id: 12,
  user_id: 2,
  board_id: "123456789012345678",
  job: "housekeeping",
  code: "PINTEREST_ONE_TIME_CODE",
  state: "STATE_FROM_THE_LOGIN_REDIRECT",
  upload_id: 5,
};

const SCHEDULE: Json = {
  profile_id: 12,
  timezone: "Europe/Berlin",
  slots: [
    { day: "mon", time: "09:00" },
    { day: "wed", time: "18:30" },
    { day: "sat", time: "11:00" },
  ],
  min_spacing_days: 7,
  warnings: [],
};

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ApiExample {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path and query, e.g. "/pins/{pin_id}" or "/pins?status=scheduled&title=summer". */
  path: string;
  /** How it authenticates: the API key (default), or nothing (a browser step). */
  auth?: "key" | "none";
  /** A `Cookie` header the request carries (sign-in steps). */
  cookie?: string;
  body?: Json;
  /** multipart/form-data with one image in the field `file`. */
  upload?: boolean;
  status: number;
  response?: Json;
  responseHeaders?: Record<string, string>;
  /** A `text/event-stream` answer: what the stream says (shown as is; `response` stays unset). */
  stream?: string;
  /** Plain sentences shown under the example. */
  notes?: string[];
}

const PIN = {
  id: 42,
  user_id: 1,
  profile_id: 12,
  pinterest_user_id: "12345678",
  pinterest_username: "my_pinterest_profile",
  board_id: "123456789012345678",
  title: "Summer Recipe Ideas",
  description: "Quick and easy summer meals",
  media_url: "https://example.com/image.jpg",
  link: "https://myblog.com/summer-recipes",
  alt_text: null,
  status: "scheduled",
  scheduled_at: "2026-05-01T19:00:00Z",
  published_at: null,
  pinterest_pin_id: null,
  error_message: null,
  retry_count: 0,
  sort_order: 0,
  created_at: "2026-04-26T12:00:00Z",
  queue_at: null,
} satisfies Json;

const USER = {
  id: 1,
  pinterest_user_id: "12345678",
  username: "your_username",
  timezone: "UTC",
  daily_pin_limit: 2,
  created_at: "2026-01-15T10:00:00Z",
  is_admin: false,
  status: "approved",
  plan: "starter",
  selected_profile_id: 12,
} satisfies Json;

const ME = { ...USER, mode: "pinterest" } satisfies Json;

const PUBLISHED = {
  ...PIN,
  status: "published",
  published_at: "2026-04-26T12:00:05Z",
  pinterest_pin_id: "987654321098765432",
} satisfies Json;

const COLLECTION = { id: 1, name: "Summer", pin_count: 5, created_at: "2026-04-20T08:00:00Z" } satisfies Json;

const WEBHOOK = {
  id: 1,
  profile_id: 12,
  pinterest_user_id: "12345678",
  pinterest_username: "my_pinterest_profile",
  url: "https://your-server.com/hooks/pinflow",
  event: "pin.published",
  is_active: true,
  has_secret: true,
  paused_reason: null,
  created_at: "2026-04-26T12:00:00Z",
} satisfies Json;

const DELIVERY = {
  id: 7,
  webhook_id: 1,
  message_id: "msg_3f9a0c1d2e4b5a6978c1d0e2",
  event: "pin.published",
  status: "delivered",
  attempts: 1,
  last_status_code: 200,
  last_error: null,
  next_attempt_at: null,
  last_attempt_at: "2026-04-26T14:32:01Z",
  delivered_at: "2026-04-26T14:32:01Z",
  created_at: "2026-04-26T14:32:00Z",
} satisfies Json;

const API_KEY = {
  id: 1,
  name: "n8n integration",
  display_id: "pk_pinflow_a1b2c3d4e5f6g7h8",
  is_active: true,
  last_used_at: "2026-04-26T10:00:00Z",
  created_at: "2026-04-20T08:00:00Z",
} satisfies Json;

const PROFILE = {
  id: 12,
  pinterest_user_id: "12345678",
  pinterest_username: "my_pinterest_profile",
  account_type: "BUSINESS",
  profile_image: "https://i.pinimg.com/75x75_RS/my_pinterest_profile.jpg",
  is_selected: true,
  needs_reconnect: false,
  reconnect_reason: null,
  created_at: "2026-01-15T10:00:00Z",
} satisfies Json;

const JOB = {
  name: "housekeeping",
  description: "Deletes expired sessions, sign-in states and idempotency keys.",
  schedule: "7 * * * *",
  running: false,
  last_started_at: "2026-04-26T12:07:00Z",
  last_finished_at: "2026-04-26T12:07:00Z",
  last_duration_ms: 12,
  last_error: null,
  run_count: 48,
  next_run_at: "2026-04-26T13:07:00Z",
} satisfies Json;

export const EXAMPLES = {
  authentication: [
    {
      method: "GET",
      path: "/auth/login",
      auth: "none",
      status: 302,
      responseHeaders: {
        Location:
          "https://www.pinterest.com/oauth/?client_id=...&redirect_uri=...&response_type=code&scope=boards:read,boards:write,pins:read,pins:write,user_accounts:read&state=...",
      },
      notes: ["No body required."],
    },
    {
      method: "GET",
      path: "/auth/callback?code={code}&state={state}",
      auth: "none",
      cookie: "oauth_state={state}",
      status: 302,
      responseHeaders: { Location: "/", "Set-Cookie": "session=…; HttpOnly; SameSite=Lax; Path=/" },
    },
    {
      method: "POST",
      path: "/auth/logout",
      status: 303,
      responseHeaders: { Location: "/" },
    },
    { method: "GET", path: "/auth/me", status: 200, response: ME },
    {
      method: "PUT",
      path: "/auth/me",
      body: { timezone: "Europe/Paris" },
      status: 200,
      response: { ...ME, timezone: "Europe/Paris" },
    },
  ],
  pins: [
    { method: "GET", path: "/pins?status=scheduled&title=summer", status: 200, response: [PIN] },
    {
      method: "POST",
      path: "/pins",
      body: {
        board_id: "{board_id}",
        media_url: "https://example.com/image.jpg",
        title: "Summer Recipe Ideas",
        description: "Quick and easy summer meals",
        link: "https://myblog.com/summer-recipes",
        scheduled_at: "2026-05-01T19:00:00Z",
      },
      status: 201,
      response: PIN,
      notes: [
        "Also fires a pin.created webhook event.",
        `429 if monthly plan quota is reached: { "detail": "Monthly pin limit of 200 reached for plan 'starter'." }`,
      ],
    },
    {
      method: "POST",
      path: "/pins/bulk",
      body: [
        { board_id: "{board_id}", media_url: "https://example.com/image.jpg", title: "Pin 1" },
        { board_id: "{board_id}", media_url: "https://example.com/image.jpg", title: "Pin 2" },
      ],
      status: 201,
      response: [
        {
          ...PIN,
          id: 43,
          title: "Pin 1",
          description: null,
          link: null,
          status: "queued",
          scheduled_at: null,
          sort_order: 1,
        },
        {
          ...PIN,
          id: 44,
          title: "Pin 2",
          description: null,
          link: null,
          status: "queued",
          scheduled_at: null,
          sort_order: 2,
        },
      ],
      notes: ["Each pin object includes profile_id, pinterest_user_id, and pinterest_username."],
    },
    {
      method: "POST",
      path: "/pins/spread",
      body: {
        board_ids: ["{board_id}", "{board_id}"],
        interval_days: 7,
        scheduled_at: "2026-06-01T08:00:00Z",
        media_url: "https://example.com/image.jpg",
        title: "Summer Recipe Ideas",
        link: "https://myblog.com/summer-recipes",
      },
      status: 201,
      response: [
        { ...PIN, id: 45, description: null, scheduled_at: "2026-06-01T08:00:00Z" },
        { ...PIN, id: 46, description: null, scheduled_at: "2026-06-08T08:00:00Z" },
      ],
      notes: [
        "Without scheduled_at the first pin takes the profile's next free slot (GET /profiles/{id}/schedule).",
        "All or none: one invalid item, or not enough daily or monthly quota for all, creates nothing.",
      ],
    },
    { method: "GET", path: "/pins/{pin_id}", status: 200, response: PIN },
    {
      method: "PUT",
      path: "/pins/{pin_id}",
      body: { title: "Updated Title", scheduled_at: "2026-06-01T08:00:00Z" },
      status: 200,
      response: { ...PIN, title: "Updated Title", scheduled_at: "2026-06-01T08:00:00Z" },
    },
    { method: "DELETE", path: "/pins/{pin_id}", status: 204 },
    { method: "POST", path: "/pins/{pin_id}/publish", status: 200, response: PUBLISHED },
    {
      method: "PUT",
      path: "/pins/reorder",
      body: { pin_ids: ["{pin_id}", 17, 88, 3] },
      status: 200,
      response: { updated: 4 },
      notes: [
        "The array position becomes sort_order. Pins with lower sort_order publish first; ids that are not yours are skipped.",
      ],
    },
    {
      method: "POST",
      path: "/pins/upload-image",
      upload: true,
      status: 200,
      response: { url: "{public_url}/static/uploads/a1b2c3d4.jpg" },
      notes: ["Use the returned url as the media_url when creating a pin."],
    },
    {
      method: "GET",
      path: "/uploads",
      status: 200,
      response: [
        {
          id: 5,
          url: "{public_url}/static/uploads/a1b2c3d4.jpg",
          content_type: "image/jpeg",
          size_bytes: 248113,
          original_name: "summer-salad.jpg",
          created_at: "2026-04-26T12:00:00Z",
          last_used_at: "2026-04-27T03:37:00Z",
          pin_ids: [42],
        },
      ],
      notes: [
        "Each user's uploads may use PINFLOW_UPLOAD_QUOTA_MB in all (1024 MB unless the admin set otherwise); beyond it an upload answers 413.",
        "Uploads no pin has referenced for 30 days are removed by a daily job.",
      ],
    },
    {
      method: "DELETE",
      path: "/uploads/{upload_id}",
      status: 204,
      notes: ["409 while a pin that is not yet published uses the upload; 404 for another user's."],
    },
    { method: "GET", path: "/pins/calendar?year=2026&month=5", status: 200, response: [PIN] },
    {
      method: "DELETE",
      path: "/pins/bulk",
      body: { pin_ids: [1, 2, 3] },
      status: 204,
      notes: ["Skips published and publishing pins silently."],
    },
    {
      method: "PUT",
      path: "/pins/bulk/status",
      body: { pin_ids: [1, 2, 3], status: "draft" },
      status: 200,
      response: { updated: 3 },
      notes: ["Cannot set publishing or published."],
    },
    {
      method: "PUT",
      path: "/pins/bulk/schedule",
      body: { pin_ids: [1, 2, 3], scheduled_at: "2026-05-01T19:00:00Z" },
      status: 200,
      response: { updated: 3 },
    },
  ],
  boards: [
    {
      method: "GET",
      path: "/boards",
      status: 200,
      response: {
        pinterest_user_id: "12345678",
        pinterest_username: "my_pinterest_profile",
        items: [{ id: "123456789012345678", name: "My Travel Board", description: "Places I want to visit" }],
      },
    },
    {
      method: "GET",
      path: "/boards/analytics",
      status: 200,
      response: {
        pinterest_user_id: "12345678",
        pinterest_username: "my_pinterest_profile",
        boards: [
          {
            board_id: "123456789012345678",
            name: "My Travel Board",
            total_pins: 42,
            published_pins: 31,
            scheduled_pins: 7,
            draft_pins: 3,
            failed_pins: 1,
          },
        ],
      },
    },
  ],
  collections: [
    { method: "GET", path: "/collections", status: 200, response: [COLLECTION] },
    {
      method: "POST",
      path: "/collections",
      body: { name: "Summer Campaign" },
      status: 201,
      response: { ...COLLECTION, name: "Summer Campaign", pin_count: 0 },
    },
    {
      method: "GET",
      path: "/collections/{collection_id}",
      status: 200,
      response: { ...COLLECTION, pin_count: 3, pin_ids: [12, 34, 56] },
    },
    {
      method: "PUT",
      path: "/collections/{collection_id}",
      body: { name: "Autumn Campaign" },
      status: 200,
      response: { ...COLLECTION, name: "Autumn Campaign" },
    },
    { method: "DELETE", path: "/collections/{collection_id}", status: 204, notes: ["Pins are NOT deleted."] },
    {
      method: "POST",
      path: "/collections/{collection_id}/pins",
      body: { pin_id: "{pin_id}" },
      status: 204,
      notes: ["Idempotent: adding a pin that is already there changes nothing."],
    },
    { method: "DELETE", path: "/collections/{collection_id}/pins/{pin_id}", status: 204 },
  ],
  webhooks: [
    {
      method: "POST",
      path: "/webhooks",
      body: {
        url: "https://your-server.com/hooks/pinflow",
        event: "pin.published",
        secret: "a-random-string-you-pick",
      },
      status: 201,
      response: WEBHOOK,
    },
    { method: "GET", path: "/webhooks", status: 200, response: [WEBHOOK] },
    { method: "GET", path: "/webhooks/{webhook_id}", status: 200, response: WEBHOOK },
    {
      method: "PUT",
      path: "/webhooks/{webhook_id}",
      body: { is_active: false },
      status: 200,
      response: { ...WEBHOOK, is_active: false },
      notes: ['Pauses the webhook; { "is_active": true } resumes it.'],
    },
    { method: "DELETE", path: "/webhooks/{webhook_id}", status: 204 },
    { method: "GET", path: "/webhooks/{webhook_id}/deliveries", status: 200, response: [DELIVERY] },
    {
      method: "POST",
      path: "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
      status: 200,
      response: {
        ...DELIVERY,
        status: "pending",
        attempts: 0,
        delivered_at: null,
        next_attempt_at: "2026-04-26T15:00:00Z",
      },
    },
    {
      method: "POST",
      path: "/webhooks/{webhook_id}/test",
      status: 200,
      response: { ...DELIVERY, id: 8, message_id: "msg_0b1c2d3e4f5a6b7c8d9e0f1a" },
    },
  ],
  apiKeys: [
    { method: "GET", path: "/api-keys", status: 200, response: [API_KEY] },
    {
      method: "POST",
      path: "/api-keys",
      body: { name: "n8n integration" },
      status: 201,
      response: {
        id: 2,
        name: "n8n integration",
        display_id: "pk_pinflow_a1b2c3d4e5f6g7h8",
        secret_key: "sk_pinflow_64hexcharactershere...",
        is_active: true,
        created_at: "2026-04-26T12:00:00Z",
      },
      notes: ["The secret_key is only returned here — copy it immediately. It cannot be retrieved again."],
    },
    {
      method: "PATCH",
      path: "/api-keys/{key_id}/toggle",
      status: 200,
      response: { ...API_KEY, is_active: false },
    },
    { method: "DELETE", path: "/api-keys/{key_id}", status: 204 },
  ],
  profiles: [
    { method: "GET", path: "/profiles", status: 200, response: [PROFILE] },
    { method: "POST", path: "/profiles/{profile_id}/select", status: 200, response: PROFILE },
    {
      method: "DELETE",
      path: "/profiles/{profile_id}?force=true",
      status: 204,
      notes: ["Without force=true, a profile with queued or scheduled pins is refused with 409."],
    },
    {
      method: "PUT",
      path: "/profiles/{profile_id}/schedule",
      body: {
        timezone: "Europe/Berlin",
        slots: [
          { day: "mon", time: "09:00" },
          { day: "wed", time: "18:30" },
          { day: "sat", time: "11:00" },
        ],
        min_spacing_days: 7,
      },
      status: 200,
      response: SCHEDULE,
      notes: [
        "Queued pins then publish one per slot occurrence, in queue order; `queue_at` on each pin says when.",
        "`slots: []` turns the schedule off: queued pins publish as soon as the queue processes them.",
      ],
    },
    { method: "GET", path: "/profiles/{profile_id}/schedule", status: 200, response: SCHEDULE },
    {
      method: "GET",
      path: "/profiles/{profile_id}/schedule/occurrences?from=2026-05-04T00:00:00Z&to=2026-05-11T00:00:00Z",
      status: 200,
      response: {
        timezone: "Europe/Berlin",
        occurrences: [
          { at: "2026-05-04T07:00:00Z", pin_id: 42 },
          { at: "2026-05-06T16:30:00Z", pin_id: 43 },
          { at: "2026-05-09T09:00:00Z", pin_id: null },
        ],
        warnings: [],
      },
    },
  ],
  events: [
    {
      method: "GET",
      path: "/events",
      status: 200,
      stream: `retry: 2000

id: 1041
event: ready
data: {"latest":1041}

id: 1042
event: pin
data: {"kind":"pin","id":42,"status":"publishing"}

id: 1043
event: pin
data: {"kind":"pin","id":42,"status":"published"}

: keep-alive
`,
      notes: [
        'curl -N keeps the connection open; in a browser, new EventSource("/events") sends the session cookie and reconnects by itself.',
        "A reconnect with the header Last-Event-ID: 1043 replays what came after 1043, or sends event: reset when that is no longer kept.",
      ],
    },
  ],
  admin: [
    {
      method: "GET",
      path: "/admin/users",
      status: 200,
      response: [{ ...USER, is_admin: true, pins_waiting: 3 }],
    },
    {
      method: "PUT",
      path: "/admin/users/{user_id}",
      body: { status: "approved", plan: "growth" },
      status: 200,
      response: { ...USER, id: 2, plan: "growth", pins_waiting: 0 },
      notes: ["Pins of a pending or suspended user are held, not published, until the user is approved."],
    },
    {
      method: "GET",
      path: "/admin/plans",
      status: 200,
      response: [
        { name: "starter", monthly_pin_limit: 200, bulk_allowed: false },
        { name: "growth", monthly_pin_limit: 1000, bulk_allowed: true },
        { name: "pro", monthly_pin_limit: null, bulk_allowed: true },
      ],
    },
    {
      method: "PUT",
      path: "/admin/plans/growth",
      body: { monthly_pin_limit: 1500 },
      status: 200,
      response: { name: "growth", monthly_pin_limit: 1500, bulk_allowed: true },
    },
    { method: "GET", path: "/admin/jobs", status: 200, response: [JOB] },
    { method: "POST", path: "/admin/jobs/{job}/run", status: 200, response: { ...JOB, run_count: 49 } },
    {
      method: "GET",
      path: "/health",
      auth: "none",
      status: 200,
      response: {
        status: "ok",
        version: "0.1.0",
        mode: "pinterest",
        uptime_s: 86400,
        db: "ok",
        scheduler: { last_tick_at: "2026-04-26T12:00:00Z", stalled: false, tick_ms: 1000 },
        overdue_pins: 0,
        webhook_backlog: 0,
        awaiting_owner: false,
      },
    },
  ],
} satisfies Record<string, ApiExample[]>;

export type ExampleSection = keyof typeof EXAMPLES;

export const ALL_EXAMPLES: ApiExample[] = Object.values(EXAMPLES).flat() as ApiExample[];

/** `{name}` → value, in a string. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Fills a JSON body: a string that is exactly one numeric placeholder becomes that number. */
export function fillJson(value: Json, values: Record<string, string | number>): Json {
  if (typeof value === "string") {
    const whole = value.match(/^\{([a-z_]+)\}$/)?.[1];
    if (whole && typeof values[whole] === "number") return values[whole] as number;
    return fill(value, values);
  }
  if (Array.isArray(value)) return value.map((v) => fillJson(v, values));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, values)]));
  }
  return value;
}
