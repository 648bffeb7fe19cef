-- PinFlow's initial schema (DESIGN.md §4). Append-only: never edit this file once landed;
-- changes go in a new numbered migration. Times are INTEGER epoch milliseconds (UTC).

CREATE TABLE plans (
  name              TEXT PRIMARY KEY,
  monthly_pin_limit INTEGER,               -- NULL = unlimited
  bulk_allowed      INTEGER NOT NULL DEFAULT 0 CHECK (bulk_allowed IN (0, 1))
);
INSERT INTO plans (name, monthly_pin_limit, bulk_allowed) VALUES
  ('starter', 200, 0),
  ('growth', 1000, 1),
  ('pro', NULL, 1);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  pinterest_user_id   TEXT NOT NULL UNIQUE,
  username            TEXT NOT NULL,
  timezone            TEXT NOT NULL DEFAULT 'UTC',
  daily_pin_limit     INTEGER NOT NULL DEFAULT 2 CHECK (daily_pin_limit >= 0),
  plan                TEXT NOT NULL DEFAULT 'starter' REFERENCES plans (name) ON UPDATE CASCADE,
  status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'suspended')),
  is_admin            INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  selected_profile_id INTEGER REFERENCES profiles (id) ON DELETE SET NULL,
  via_emulator        INTEGER NOT NULL DEFAULT 0 CHECK (via_emulator IN (0, 1)),
  created_at          INTEGER NOT NULL
);

-- A connected Pinterest account of a user. Tokens are AES-256-GCM ciphertext (never plaintext).
CREATE TABLE profiles (
  id                       INTEGER PRIMARY KEY,
  user_id                  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  pinterest_user_id        TEXT NOT NULL,
  pinterest_username       TEXT NOT NULL,
  account_type             TEXT,
  profile_image            TEXT,
  access_token_enc         TEXT NOT NULL,
  access_token_expires_at  INTEGER,
  refresh_token_enc        TEXT,
  refresh_token_expires_at INTEGER,
  scopes                   TEXT NOT NULL DEFAULT '',
  needs_reconnect          INTEGER NOT NULL DEFAULT 0 CHECK (needs_reconnect IN (0, 1)),
  reconnect_reason         TEXT,
  rate_limited_until       INTEGER,
  via_emulator             INTEGER NOT NULL DEFAULT 0 CHECK (via_emulator IN (0, 1)),
  created_at               INTEGER NOT NULL,
  updated_at               INTEGER NOT NULL,
  UNIQUE (user_id, pinterest_user_id)
);
CREATE INDEX profiles_token_expiry ON profiles (access_token_expires_at);

CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,       -- sha256 of the cookie value; the value itself is never stored
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One-time OAuth `state` values (hashed), bound to the browser by a short-lived cookie.
CREATE TABLE oauth_states (
  state_hash      TEXT PRIMARY KEY,
  connect_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  display_id   TEXT NOT NULL UNIQUE,       -- pk_pinflow_…
  secret_hash  TEXT NOT NULL UNIQUE,       -- sha256 of sk_pinflow_…
  is_active    INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  last_used_at INTEGER,
  created_at   INTEGER NOT NULL
);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- Pins created per user per UTC day ('d:2026-05-01') and per UTC month ('m:2026-05').
CREATE TABLE usage (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  period  TEXT NOT NULL,
  count   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, period)
) WITHOUT ROWID;

CREATE TABLE pins (
  id                 INTEGER PRIMARY KEY,
  user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  profile_id         INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  board_id           TEXT NOT NULL,
  title              TEXT,
  description        TEXT,
  link               TEXT,
  alt_text           TEXT,
  media_url          TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('draft', 'review', 'queued', 'scheduled', 'publishing', 'published', 'failed')),
  scheduled_at       INTEGER,
  published_at       INTEGER,
  pinterest_pin_id   TEXT,
  error_message      TEXT,
  retry_count        INTEGER NOT NULL DEFAULT 0,
  sort_order         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    INTEGER,
  publish_started_at INTEGER,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);
-- The due-pin query (DESIGN.md §6) reads these two partial indexes only.
CREATE INDEX pins_due_scheduled ON pins (scheduled_at) WHERE status = 'scheduled';
CREATE INDEX pins_due_queued ON pins (sort_order, id) WHERE status = 'queued';
CREATE INDEX pins_publishing ON pins (publish_started_at) WHERE status = 'publishing';
-- List filters: by owner, then status / board / profile.
CREATE INDEX pins_user_status ON pins (user_id, status, id);
CREATE INDEX pins_user_board ON pins (user_id, board_id);
CREATE INDEX pins_profile ON pins (profile_id, status);
CREATE INDEX pins_user_scheduled ON pins (user_id, scheduled_at);

CREATE TABLE collections (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX collections_user ON collections (user_id);

CREATE TABLE collection_pins (
  collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  pin_id        INTEGER NOT NULL REFERENCES pins (id) ON DELETE CASCADE,
  added_at      INTEGER NOT NULL,
  PRIMARY KEY (collection_id, pin_id)
) WITHOUT ROWID;
CREATE INDEX collection_pins_pin ON collection_pins (pin_id);

-- The media library: files under <data-dir>/uploads, served at /static/uploads/<file_name>.
CREATE TABLE uploads (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  file_name     TEXT NOT NULL UNIQUE,
  content_type  TEXT NOT NULL,
  size_bytes    INTEGER NOT NULL,
  original_name TEXT,
  created_at    INTEGER NOT NULL
);
CREATE INDEX uploads_user ON uploads (user_id);

CREATE TABLE webhooks (
  id                   INTEGER PRIMARY KEY,
  user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  profile_id           INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  url                  TEXT NOT NULL,
  event                TEXT NOT NULL CHECK (event IN ('pin.created', 'pin.scheduled', 'pin.published', 'pin.failed')),
  secret_enc           TEXT,
  is_active            INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  paused_reason        TEXT,
  failing_since        INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX webhooks_profile_event ON webhooks (profile_id, event);
CREATE INDEX webhooks_user ON webhooks (user_id);

-- The outbox and the delivery log in one: a row is written in the same transaction as the event.
CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,
  webhook_id       INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  message_id       TEXT NOT NULL UNIQUE,    -- X-Webhook-Id, stable across retries
  event            TEXT NOT NULL,
  payload          TEXT NOT NULL,           -- the exact body bytes that are signed and sent
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  last_status_code INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  delivered_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

-- Idempotency-Key replay store for POST /pins and POST /pins/bulk (kept 24 h).
CREATE TABLE idempotency_keys (
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code  INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
