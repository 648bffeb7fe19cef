-- The change feed behind GET /events (src/events/): one row per change a dashboard may want to show, written
-- by triggers in the same statement as the change, whichever process or code path made it (the API, the
-- publisher, the CLI, another PinFlow process on the same database). Each process that has open streams reads
-- the rows after the last one it saw — a range of the primary key, nothing when nothing changed — and hands
-- each row to its user's streams. Only the newest rows are kept (events.service.ts prunes by id): a client
-- that was away longer than that is told to reload instead of replaying.
-- AUTOINCREMENT: ids only grow, even when every row was pruned, so a client's Last-Event-ID stays comparable.
CREATE TABLE change_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('pin', 'profile', 'account')),
  subject_id INTEGER NOT NULL,                -- the pin, the profile or the user
  status     TEXT                             -- a pin's status after the change; 'deleted' when it is gone
);
-- A reconnecting client's replay: its user's rows after its Last-Event-ID.
CREATE INDEX change_events_user ON change_events (user_id, id);

CREATE TRIGGER change_events_pin_insert AFTER INSERT ON pins
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id, status) VALUES (NEW.user_id, 'pin', NEW.id, NEW.status);
END;

-- What a person sees of a pin; bookkeeping columns (updated_at, next_attempt_at, publish_started_at) are left out.
CREATE TRIGGER change_events_pin_update
AFTER UPDATE OF status, board_id, title, description, link, alt_text, media_url, scheduled_at, published_at,
  pinterest_pin_id, error_message, retry_count, sort_order, slot_at, profile_id ON pins
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id, status) VALUES (NEW.user_id, 'pin', NEW.id, NEW.status);
END;

CREATE TRIGGER change_events_pin_delete AFTER DELETE ON pins
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id, status) VALUES (OLD.user_id, 'pin', OLD.id, 'deleted');
END;

-- A connected account came or went, its posting schedule changed, or it needs reconnecting.
CREATE TRIGGER change_events_profile_insert AFTER INSERT ON profiles
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id) VALUES (NEW.user_id, 'profile', NEW.id);
END;

CREATE TRIGGER change_events_profile_update
AFTER UPDATE OF posting_slots, min_spacing_days, needs_reconnect, pinterest_username ON profiles
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id) VALUES (NEW.user_id, 'profile', NEW.id);
END;

CREATE TRIGGER change_events_profile_delete AFTER DELETE ON profiles
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id, status) VALUES (OLD.user_id, 'profile', OLD.id, 'deleted');
END;

-- The user's own settings and standing: time zone, approval, plan, limits, admin.
CREATE TRIGGER change_events_account_update
AFTER UPDATE OF timezone, status, plan, daily_pin_limit, is_admin, selected_profile_id ON users
BEGIN
  INSERT INTO change_events (user_id, kind, subject_id, status) VALUES (NEW.id, 'account', NEW.id, NEW.status);
END;
