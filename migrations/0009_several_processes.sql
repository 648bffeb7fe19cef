-- Several PinFlow processes on one PostgreSQL (issue 22). Written once for both engines: BIGINT is an integer
-- in SQLite too, and nothing here is engine-specific. On SQLite (one process) both tables stay empty.

-- Jobs that must run once per interval across every process (token refresh, analytics, housekeeping,
-- uploads clean-up, db maintenance, reconciliation): a process runs one only when it moves last_run_at
-- forward from where it read it, at least half an interval on, and no run of it holds the lease
-- (running_until, cleared when the run ends; a crashed run's lease runs out).
CREATE TABLE job_runs (
  name          TEXT PRIMARY KEY,
  last_run_at   BIGINT NOT NULL,
  running_until BIGINT,
  instance      TEXT
);

-- Per-IP rate limits counted in the database when several processes share it (PostgreSQL); one row per
-- rule and client bucket, for the current one-minute window.
CREATE TABLE rate_counters (
  key          TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  count        BIGINT NOT NULL
);
