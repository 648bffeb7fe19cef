/** Kysely table types. They mirror migrations/*.sql; migrate.test.ts checks the two agree. */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { PinStatus } from "../shared/pin-status";

type Bool = number; // booleans are 0 / 1 on both engines (SQLite has no boolean; PostgreSQL keeps it alike)
type Ms = number; // epoch milliseconds, UTC

export type UserStatus = "pending" | "approved" | "suspended";
export type { PinStatus };
export type WebhookEvent = "pin.created" | "pin.scheduled" | "pin.published" | "pin.failed";
export type DeliveryStatus = "pending" | "delivering" | "delivered" | "failed";

export interface PlansTable {
  name: string;
  monthly_pin_limit: number | null;
  bulk_allowed: Bool;
}

export interface UsersTable {
  id: Generated<number>;
  pinterest_user_id: string;
  username: string;
  timezone: Generated<string>;
  daily_pin_limit: Generated<number>;
  plan: Generated<string>;
  status: Generated<UserStatus>;
  is_admin: Generated<Bool>;
  selected_profile_id: number | null;
  via_emulator: Generated<Bool>;
  created_at: Ms;
}

export interface ProfilesTable {
  id: Generated<number>;
  user_id: number;
  pinterest_user_id: string;
  pinterest_username: string;
  account_type: string | null;
  profile_image: string | null;
  access_token_enc: string;
  access_token_expires_at: Ms | null;
  refresh_token_enc: string | null;
  refresh_token_expires_at: Ms | null;
  scopes: Generated<string>;
  needs_reconnect: Generated<Bool>;
  reconnect_reason: string | null;
  rate_limited_until: Ms | null;
  via_emulator: Generated<Bool>;
  /** JSON array of {day, time} slots in the user's time zone. */
  posting_slots: Generated<string>;
  min_spacing_days: Generated<number>;
  slot_cursor: Ms | null;
  /** Bumped by triggers on every pin change that can move the queue plan (migration 0004). */
  queue_version: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
}

export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: Ms;
  last_seen_at: Ms;
  expires_at: Ms;
}

export interface OauthStatesTable {
  state_hash: string;
  connect_user_id: number | null;
  created_at: Ms;
  expires_at: Ms;
}

export interface ApiKeysTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  display_id: string;
  secret_hash: string;
  is_active: Generated<Bool>;
  last_used_at: Ms | null;
  created_at: Ms;
}

export interface UsageTable {
  user_id: number;
  period: string;
  count: Generated<number>;
}

export interface PinsTable {
  id: Generated<number>;
  user_id: number;
  profile_id: number;
  board_id: string;
  title: string | null;
  description: string | null;
  link: string | null;
  alt_text: string | null;
  media_url: string;
  status: PinStatus;
  scheduled_at: Ms | null;
  published_at: Ms | null;
  pinterest_pin_id: string | null;
  error_message: string | null;
  retry_count: Generated<number>;
  sort_order: Generated<number>;
  next_attempt_at: Ms | null;
  publish_started_at: Ms | null;
  slot_at: Ms | null;
  /** Migration 0007: a section of the pin's board; a video pin's cover. */
  board_section_id: string | null;
  cover_image_url: string | null;
  cover_key_frame_time: number | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface CollectionsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  created_at: Ms;
}

export interface CollectionPinsTable {
  collection_id: number;
  pin_id: number;
  added_at: Ms;
}

export interface UploadsTable {
  id: Generated<number>;
  user_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  original_name: string | null;
  created_at: Ms;
  /** When a pin last referenced it (migration 0002); set on every insert, stamped by the clean-up job. */
  last_used_at: Ms;
  /** Videos (migration 0007): what the file's boxes say, null when unknown (and for images). */
  duration_ms: Generated<number | null>;
  width: Generated<number | null>;
  height: Generated<number | null>;
}

export type PinVideoState = "registered" | "uploaded" | "succeeded" | "failed";

/** A video pin's progress through Pinterest's upload (migration 0007). */
export interface PinVideosTable {
  pin_id: number;
  video_file: string;
  media_id: string;
  upload_url: string | null;
  upload_parameters_enc: string | null;
  state: PinVideoState;
  polls: Generated<number>;
  failure: string | null;
  registered_at: Ms;
  uploaded_at: Ms | null;
  updated_at: Ms;
}

export interface WebhooksTable {
  id: Generated<number>;
  user_id: number;
  profile_id: number;
  url: string;
  event: WebhookEvent;
  secret_enc: string | null;
  is_active: Generated<Bool>;
  paused_reason: string | null;
  failing_since: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  message_id: string;
  event: string;
  payload: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Ms | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Ms;
  last_attempt_at: Ms | null;
  delivered_at: Ms | null;
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: Ms;
}

export type FeedMode = "draft" | "queue";
export type FeedFormat = "rss2" | "rss1" | "atom";
export type FeedItemOutcome = "pinned" | "skipped";

/** A followed RSS/Atom feed (migration 0006). */
export interface FeedsTable {
  id: Generated<number>;
  user_id: number;
  profile_id: number;
  board_id: string;
  url: string;
  mode: FeedMode;
  backfill: Generated<number>;
  is_active: Generated<Bool>;
  paused_reason: string | null;
  title: string | null;
  format: FeedFormat | null;
  etag: string | null;
  last_modified: string | null;
  seeded: Generated<Bool>;
  next_poll_at: Ms;
  /** Set while a request for the feed is in flight (the claim). */
  polling_since: Ms | null;
  last_polled_at: Ms | null;
  last_success_at: Ms | null;
  last_status: number | null;
  last_error: string | null;
  failures: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
}

/** Every item a feed has shown, by guid or link (migration 0006). */
export interface FeedItemsTable {
  id: Generated<number>;
  feed_id: number;
  item_key: string;
  title: string | null;
  link: string | null;
  published_at: Ms | null;
  outcome: FeedItemOutcome;
  pin_id: number | null;
  note: string | null;
  seen_at: Ms;
}

/** Pinterest's daily metrics of one published pin (migration 0008); `date` is the UTC day, YYYY-MM-DD. */
export interface PinMetricsTable {
  profile_id: number;
  date: string;
  pin_id: number;
  impressions: Generated<number>;
  saves: Generated<number>;
  pin_clicks: Generated<number>;
  outbound_clicks: Generated<number>;
  fetched_at: Ms;
}

/** The whole Pinterest account's daily totals (migration 0008). */
export interface AccountMetricsTable {
  profile_id: number;
  date: string;
  impressions: Generated<number>;
  saves: Generated<number>;
  pin_clicks: Generated<number>;
  outbound_clicks: Generated<number>;
  fetched_at: Ms;
}

/** The analytics job's state per profile: availability and the progress of the day's run (migration 0008). */
export interface AnalyticsSyncTable {
  profile_id: number;
  available: Generated<Bool>;
  unavailable_reason: string | null;
  checked_scopes: string | null;
  recheck_at: Ms | null;
  run_date: string | null;
  run_calls: Generated<number>;
  account_done: Generated<Bool>;
  cursor_pin_id: Generated<number>;
  pins_done: Generated<number>;
  failures: Generated<number>;
  paused_until: Ms | null;
  run_finished_at: Ms | null;
  last_synced_at: Ms | null;
  last_error: string | null;
  updated_at: Ms;
}

/** Once-per-interval jobs across processes (migration 0009, db/job-runs.ts). */
export interface JobRunsTable {
  name: string;
  last_run_at: Ms;
  running_until: Ms | null;
  instance: string | null;
}

/** Per-IP rate-limit counters shared by processes (migration 0009, db/rate-counters.ts). */
export interface RateCountersTable {
  key: string;
  window_start: Ms;
  count: number;
}

/** What changed, for GET /events (migration 0005): written by triggers only. */
export type ChangeKind = "pin" | "profile" | "account";

export interface ChangeEventsTable {
  id: Generated<number>;
  user_id: number;
  kind: ChangeKind;
  subject_id: number;
  status: string | null;
}

export interface DB {
  plans: PlansTable;
  users: UsersTable;
  profiles: ProfilesTable;
  sessions: SessionsTable;
  oauth_states: OauthStatesTable;
  api_keys: ApiKeysTable;
  usage: UsageTable;
  pins: PinsTable;
  collections: CollectionsTable;
  collection_pins: CollectionPinsTable;
  uploads: UploadsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  idempotency_keys: IdempotencyKeysTable;
  feeds: FeedsTable;
  feed_items: FeedItemsTable;
  pin_videos: PinVideosTable;
  pin_metrics: PinMetricsTable;
  account_metrics: AccountMetricsTable;
  analytics_sync: AnalyticsSyncTable;
  job_runs: JobRunsTable;
  rate_counters: RateCountersTable;
  change_events: ChangeEventsTable;
}

export type User = Selectable<UsersTable>;
export type Profile = Selectable<ProfilesTable>;
export type Pin = Selectable<PinsTable>;
export type NewPin = Insertable<PinsTable>;
export type PinUpdate = Updateable<PinsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Plan = Selectable<PlansTable>;
export type Collection = Selectable<CollectionsTable>;
export type Upload = Selectable<UploadsTable>;
export type PinVideo = Selectable<PinVideosTable>;
export type Webhook = Selectable<WebhooksTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type Feed = Selectable<FeedsTable>;
export type FeedItem = Selectable<FeedItemsTable>;
export type AnalyticsSync = Selectable<AnalyticsSyncTable>;
export type ChangeEvent = Selectable<ChangeEventsTable>;
