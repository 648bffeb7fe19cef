-- PostgreSQL twin of migrations/0008_analytics.sql: BIGINT for INTEGER, no WITHOUT ROWID (ARCHITECTURE.md).
-- Pinterest's analytics, kept (issue 19). Pinterest answers only the last 90 days; PinFlow stores every day it
-- fetched, so the history outlives that window. Days are UTC dates as Pinterest reports them ('2026-05-01');
-- a day fetched again overwrites itself. Only days Pinterest gave numbers for are stored.

-- One row per published pin per day. Keyed by profile first: a profile's days over a period are one
-- contiguous range. pin_metrics_pin covers the numbers, so one pin's series, and a profile's totals per pin
-- (its published pins, each a range of this index), never go back to the table (measured by
-- bench/analytics.ts: 3x faster summaries); it also serves the pins foreign key.
CREATE TABLE pin_metrics (
  profile_id      BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  date            TEXT NOT NULL,
  pin_id          BIGINT NOT NULL REFERENCES pins (id) ON DELETE CASCADE,
  impressions     BIGINT NOT NULL DEFAULT 0,
  saves           BIGINT NOT NULL DEFAULT 0,
  pin_clicks      BIGINT NOT NULL DEFAULT 0,
  outbound_clicks BIGINT NOT NULL DEFAULT 0,
  fetched_at      BIGINT NOT NULL,
  PRIMARY KEY (profile_id, date, pin_id)
);
CREATE INDEX pin_metrics_pin ON pin_metrics (pin_id, date, impressions, saves, pin_clicks, outbound_clicks);

-- The whole account's daily totals (pins made outside PinFlow included), as Pinterest reports them.
CREATE TABLE account_metrics (
  profile_id      BIGINT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  date            TEXT NOT NULL,
  impressions     BIGINT NOT NULL DEFAULT 0,
  saves           BIGINT NOT NULL DEFAULT 0,
  pin_clicks      BIGINT NOT NULL DEFAULT 0,
  outbound_clicks BIGINT NOT NULL DEFAULT 0,
  fetched_at      BIGINT NOT NULL,
  PRIMARY KEY (profile_id, date)
);

-- What the analytics job knows of each profile: whether Pinterest gives it analytics at all (a sandbox account
-- or a token without the scopes does not), and where the day's run stands, so a run cut short — a restart, a
-- 429 — resumes at the next pin instead of starting over.
CREATE TABLE analytics_sync (
  profile_id         BIGINT PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  available          BIGINT NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  unavailable_reason TEXT,
  -- the profile's scopes when it was found unavailable: a reconnect that changes them asks again at once
  checked_scopes     TEXT,
  -- when an unavailable profile is asked again (one call)
  recheck_at         BIGINT,
  -- the UTC day of the current (or last) run, and how far it got
  run_date           TEXT,
  run_calls          BIGINT NOT NULL DEFAULT 0,
  account_done       BIGINT NOT NULL DEFAULT 0 CHECK (account_done IN (0, 1)),
  cursor_pin_id      BIGINT NOT NULL DEFAULT 0,
  pins_done          BIGINT NOT NULL DEFAULT 0,
  -- transient failures in a row where the run stands (the pin is skipped after a few)
  failures           BIGINT NOT NULL DEFAULT 0,
  -- no call before this: after a 429 (Retry-After) or a transient failure
  paused_until       BIGINT,
  run_finished_at    BIGINT,
  last_synced_at     BIGINT,
  last_error         TEXT,
  updated_at         BIGINT NOT NULL
);
