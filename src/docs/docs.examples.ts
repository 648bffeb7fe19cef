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
  | "upload_id"
  | "board_name"
  | "feed_id"
  | "video_url"
  | "cover_url"
  | "section_id";

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
  board_name: "My Travel Board",
  feed_id: 3,
  video_url: "https://pinflow.example.com/static/uploads/9f8e7d6c.mp4",
  cover_url: "https://pinflow.example.com/static/uploads/a1b2c3d4.jpg",
  section_id: "549755885175",
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
  /** multipart/form-data with one image (true) or one MP4 ("video") in the field `file`. */
  upload?: boolean | "video";
  /** multipart/form-data with this CSV text as the file `pins.csv` in the field `file`. */
  csv?: string;
  status: number;
  response?: Json;
  /** A response body that is not JSON (e.g. a CSV download), with its media type. */
  responseText?: { type: string; text: string };
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
  board_section_id: null,
  title: "Summer Recipe Ideas",
  description: "Quick and easy summer meals",
  media_url: "https://example.com/image.jpg",
  media_type: "image",
  cover_image_url: null,
  cover_key_frame_time: null,
  video_status: null,
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

const VIDEO_PIN = {
  ...PIN,
  id: 43,
  board_section_id: "549755885175",
  title: "Sourdough in 30 seconds",
  media_url: "{public_url}/static/uploads/9f8e7d6c.mp4",
  media_type: "video",
  cover_image_url: "{public_url}/static/uploads/a1b2c3d4.jpg",
  status: "queued",
  scheduled_at: null,
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
  skipped_count: 0,
  next_run_at: "2026-04-26T13:07:00Z",
} satisfies Json;

const IMPORT_CSV = `Title,Media URL,Pinterest board,Thumbnail,Description,Link,Publish date,Keywords
Summer Recipe Ideas,https://example.com/image.jpg,{board_name},,Quick and easy summer meals,https://myblog.com/summer-recipes,2026-06-01T19:00:00,"salads,grilling"
Picnic Basics,https://example.com/picnic.jpg,{board_name},,,,,
`;

const PREVIEW_1 = {
  profile_id: 12,
  board_id: "123456789012345678",
  board_name: "My Travel Board",
  title: "Summer Recipe Ideas",
  description: "Quick and easy summer meals\n\nsalads, grilling",
  media_url: "https://example.com/image.jpg",
  link: "https://myblog.com/summer-recipes",
  alt_text: null,
  status: "scheduled",
  scheduled_at: "2026-06-01T19:00:00Z",
  error_message: null,
} satisfies Json;

const PREVIEW_2 = {
  ...PREVIEW_1,
  title: "Picnic Basics",
  description: null,
  media_url: "https://example.com/picnic.jpg",
  link: null,
  status: "queued",
  scheduled_at: null,
} satisfies Json;

const FEED = {
  id: 3,
  profile_id: 12,
  pinterest_user_id: "12345678",
  pinterest_username: "my_pinterest_profile",
  board_id: "123456789012345678",
  url: "https://myblog.com/feed.xml",
  mode: "queue",
  backfill: 0,
  is_active: true,
  paused_reason: null,
  title: "My Blog",
  format: "rss2",
  polling: false,
  last_polled_at: "2026-04-26T12:30:00Z",
  last_success_at: "2026-04-26T12:30:00Z",
  last_status: 200,
  last_error: null,
  failures: 0,
  next_poll_at: "2026-04-26T13:00:00Z",
  items_seen: 10,
  pins_created: 1,
  created_at: "2026-04-26T12:00:00Z",
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
      path: "/pins",
      body: {
        board_id: "{board_id}",
        board_section_id: "{section_id}",
        media_url: "{video_url}",
        cover_image_url: "{cover_url}",
        title: "Sourdough in 30 seconds",
      },
      status: 201,
      response: VIDEO_PIN,
      notes: [
        "A video pin: media_url is a video from POST /pins/upload-video, with a cover — an uploaded JPEG or PNG (cover_image_url) or a moment of the video (cover_key_frame_time, in seconds). Without a cover, or outside Pinterest's 4 seconds to 15 minutes, it goes to review.",
        "board_section_id (optional, any pin) puts it in a section of its board: GET /boards/{board_id}/sections lists them.",
        "Publishing uploads the video to Pinterest and waits for Pinterest to process it (video_status: registered → uploaded → succeeded) before the pin is created.",
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
      method: "POST",
      path: "/pins/upload-video",
      upload: "video",
      status: 200,
      response: {
        url: "{public_url}/static/uploads/9f8e7d6c.mp4",
        content_type: "video/mp4",
        size_bytes: 18_421_554,
        duration_ms: 31_500,
        width: 1080,
        height: 1920,
      },
      notes: [
        "MP4 or MOV, up to PINFLOW_MAX_VIDEO_MB (200 MB unless the admin set otherwise), streamed to the upload storage; it counts against your upload quota.",
        "Use the returned url as a pin's media_url, with cover_image_url or cover_key_frame_time.",
      ],
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
      method: "POST",
      path: "/pins/import?dry_run=true",
      csv: `${IMPORT_CSV}Dessert Ideas,https://example.com/dessert.jpg,Deserts,,,,,\n`,
      status: 200,
      response: {
        rows: [
          { row: 2, ok: true, pin: PREVIEW_1, warnings: [] },
          { row: 3, ok: true, pin: PREVIEW_2, warnings: [] },
          {
            row: 4,
            ok: false,
            errors: [
              {
                column: "Pinterest board",
                msg: "No board named 'Deserts' on @my_pinterest_profile — did you mean 'Desserts'?",
              },
            ],
          },
        ],
        valid: 2,
        invalid: 1,
        ignored_columns: [],
      },
      notes: [
        "A dry run creates nothing. Without dry_run, this file would answer 422 with the same report; with skip_invalid=true it would create the two valid pins.",
        "Publish date without a zone is in your time zone (PUT /auth/me); blank queues the pin.",
      ],
    },
    {
      method: "POST",
      path: "/pins/import",
      csv: IMPORT_CSV,
      status: 201,
      response: {
        rows: [
          { row: 2, ok: true, pin: PREVIEW_1, warnings: [], pin_id: 47 },
          { row: 3, ok: true, pin: PREVIEW_2, warnings: [], pin_id: 48 },
        ],
        valid: 2,
        invalid: 0,
        ignored_columns: [],
        created: 2,
        pins: [
          { ...PIN, id: 47, description: PREVIEW_1.description, scheduled_at: "2026-06-01T19:00:00Z" },
          {
            ...PIN,
            id: 48,
            title: "Picnic Basics",
            description: null,
            media_url: "https://example.com/picnic.jpg",
            link: null,
            status: "queued",
            scheduled_at: null,
            sort_order: 3,
          },
        ],
      },
      notes: [
        "Growth plan or higher; all or nothing on the daily and monthly quotas, as POST /pins/bulk. Send an Idempotency-Key to retry safely.",
      ],
    },
    {
      method: "GET",
      path: "/pins/export?format=csv&status=scheduled",
      status: 200,
      responseHeaders: { "Content-Disposition": 'attachment; filename="pinflow-pins-2026-04-26.csv"' },
      responseText: {
        type: "text/csv",
        text: `Title,Media URL,Pinterest board,Thumbnail,Description,Link,Publish date,Keywords
Summer Recipe Ideas,https://example.com/image.jpg,{board_name},,Quick and easy summer meals,https://myblog.com/summer-recipes,2026-05-01T19:00:00,
`,
      },
      notes: [
        "The same columns POST /pins/import reads, so the file imports back unchanged; it also uploads to Pinterest's own bulk tool. format=json gives the pin objects.",
      ],
    },
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
      method: "POST",
      path: "/boards",
      body: { name: "Summer recipes", description: "Cold soups and salads", privacy: "PUBLIC" },
      status: 201,
      response: { id: "123456789012345679", name: "Summer recipes", description: "Cold soups and salads" },
      notes: [
        "Made on the selected Pinterest account (or profile_id); GET /boards lists it at once. 409 if the account already has a board of that name.",
      ],
    },
    {
      method: "GET",
      path: "/boards/{board_id}/sections",
      status: 200,
      response: {
        board_id: "123456789012345678",
        items: [
          { id: "549755885175", name: "Salads" },
          { id: "549755885176", name: "Soups" },
        ],
      },
      notes: [
        "Use an id as a pin's board_section_id. Read from Pinterest (every page) and cached for a minute.",
      ],
    },
    {
      method: "POST",
      path: "/boards/{board_id}/sections",
      body: { name: "Cold soups" },
      status: 201,
      response: { id: "549755885177", name: "Cold soups" },
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
            pinterest: { impressions: 18250, saves: 412, pin_clicks: 655, outbound_clicks: 207 },
          },
        ],
      },
      notes: [
        "`pinterest` sums Pinterest's numbers of the board's pins over every day PinFlow stored (see Analytics).",
      ],
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
  feeds: [
    {
      method: "POST",
      path: "/feeds",
      body: { url: "https://myblog.com/feed.xml", board_id: "{board_id}", mode: "queue" },
      status: 201,
      response: {
        ...FEED,
        title: null,
        format: null,
        last_polled_at: null,
        last_success_at: null,
        last_status: null,
        next_poll_at: "2026-04-26T12:00:00Z",
        items_seen: 0,
        pins_created: 0,
      },
      notes: [
        'Add "backfill": 3 to also pin the three newest items already in the feed; mode "draft" makes drafts instead.',
      ],
    },
    { method: "GET", path: "/feeds", status: 200, response: [FEED] },
    {
      method: "GET",
      path: "/feeds/{feed_id}",
      status: 200,
      response: {
        ...FEED,
        recent_items: [
          {
            id: 11,
            title: "Summer Recipe Ideas",
            link: "https://myblog.com/summer-recipes",
            published_at: "2026-04-26T12:10:00Z",
            outcome: "pinned",
            pin_id: 42,
            pin_status: "queued",
            note: null,
            seen_at: "2026-04-26T12:30:00Z",
          },
          {
            id: 1,
            title: "Spring Salads",
            link: "https://myblog.com/spring-salads",
            published_at: "2026-04-20T08:00:00Z",
            outcome: "skipped",
            pin_id: null,
            pin_status: null,
            note: "Already in the feed when it was added.",
            seen_at: "2026-04-26T12:00:01Z",
          },
        ],
      },
      notes: [
        "A feed that fails shows last_error and failures; next_poll_at backs off (the interval, doubled per failure, at most 24 h).",
      ],
    },
    {
      method: "PUT",
      path: "/feeds/{feed_id}",
      body: { is_active: false },
      status: 200,
      response: { ...FEED, is_active: false, next_poll_at: null, recent_items: [] },
      notes: ['Pauses the feed; { "is_active": true } resumes it and reads it at once.'],
    },
    { method: "DELETE", path: "/feeds/{feed_id}", status: 204, notes: ["The pins made from it stay."] },
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
  analytics: [
    {
      method: "GET",
      path: "/pins/{pin_id}/analytics?from=2026-04-27&to=2026-04-29",
      status: 200,
      response: {
        pin_id: 42,
        pinterest_pin_id: "987654321098765432",
        from: "2026-04-27",
        to: "2026-04-29",
        days: [
          { date: "2026-04-27", impressions: 212, saves: 6, pin_clicks: 9, outbound_clicks: 3 },
          { date: "2026-04-28", impressions: 187, saves: 4, pin_clicks: 7, outbound_clicks: 2 },
        ],
        totals: { impressions: 399, saves: 10, pin_clicks: 16, outbound_clicks: 5 },
      },
      notes: [
        "Only days Pinterest gave numbers for: a pin's day is reported once it is over, so today is missing.",
      ],
    },
    {
      method: "GET",
      path: "/analytics/summary?from=2026-04-01&to=2026-04-30&limit=1",
      status: 200,
      response: {
        profile_id: 12,
        pinterest_username: "my_pinterest_profile",
        from: "2026-04-01",
        to: "2026-04-30",
        availability: {
          status: "ok",
          reason: null,
          last_synced_at: "2026-04-30T00:41:00Z",
          next_check_at: null,
          paused_until: null,
        },
        totals: { impressions: 18250, saves: 412, pin_clicks: 655, outbound_clicks: 207 },
        account_totals: { impressions: 52400, saves: 980, pin_clicks: 1620, outbound_clicks: 431 },
        days: [{ date: "2026-04-01", impressions: 530, saves: 11, pin_clicks: 19, outbound_clicks: 6 }],
        account_days: [
          { date: "2026-04-01", impressions: 1710, saves: 31, pin_clicks: 52, outbound_clicks: 14 },
        ],
        top_pins: {
          impressions: [
            {
              pin_id: 42,
              title: "Summer Recipe Ideas",
              media_url: "https://example.com/image.jpg",
              board_id: "123456789012345678",
              published_at: "2026-04-04T19:00:05Z",
              impressions: 3940,
              saves: 96,
              pin_clicks: 131,
              outbound_clicks: 44,
            },
          ],
          saves: [],
          pin_clicks: [],
          outbound_clicks: [],
        },
        boards: [
          {
            board_id: "123456789012345678",
            name: "My Travel Board",
            pins: 31,
            impressions: 18250,
            saves: 412,
            pin_clicks: 655,
            outbound_clicks: 207,
          },
        ],
      },
      notes: [
        "`days` and `account_days` are shortened here: they hold every day of the period PinFlow has numbers for.",
        "`availability.status` is `unavailable` (with a `reason`) for a sandbox account or one connected without the analytics scopes; PinFlow asks again once a week, or at once after a reconnect.",
      ],
    },
    {
      method: "GET",
      path: "/profiles/{profile_id}/schedule/suggestions?count=3",
      status: 200,
      response: {
        profile_id: 12,
        timezone: "Europe/Berlin",
        basis: "history",
        pins_considered: 48,
        message:
          "From 48 of your pins, judged by their saves and clicks in their first 14 days (31 on average). Pins published on Saturdays earned 44. Pins published at 21:00–21:59 earned 52.",
        slots: [
          { day: "fri", time: "21:00" },
          { day: "sat", time: "21:00" },
          { day: "sun", time: "21:00" },
        ],
        hours: [{ hour: 21, pins: 9, per_pin: 52.3 }],
        weekdays: [{ day: "sat", pins: 8, per_pin: 44.1 }],
      },
      notes: [
        "`hours` (24) and `weekdays` (7) are shortened here. With too little history, `basis` is `default` and `message` says why.",
        "PUT the `slots` to /profiles/{id}/schedule to use them.",
      ],
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
        instance: "pinflow-1:4211",
        database: "sqlite",
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
