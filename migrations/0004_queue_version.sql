-- A profile's queue plan (src/schedule/schedule.plan.ts) is cached per process; queue_version says when it
-- went stale. Every pin change that can move a queued pin's slot — or a spacing neighbour's time — bumps it,
-- in the same statement, whichever process or path made the change.
ALTER TABLE profiles ADD COLUMN queue_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER pins_queue_version_insert AFTER INSERT ON pins
BEGIN
  UPDATE profiles SET queue_version = queue_version + 1 WHERE id = NEW.profile_id;
END;

CREATE TRIGGER pins_queue_version_delete AFTER DELETE ON pins
BEGIN
  UPDATE profiles SET queue_version = queue_version + 1 WHERE id = OLD.profile_id;
END;

CREATE TRIGGER pins_queue_version_update
AFTER UPDATE OF status, sort_order, link, media_url, slot_at, next_attempt_at, scheduled_at, published_at,
  publish_started_at, profile_id ON pins
BEGIN
  UPDATE profiles SET queue_version = queue_version + 1 WHERE id = NEW.profile_id;
  UPDATE profiles SET queue_version = queue_version + 1 WHERE id = OLD.profile_id AND OLD.profile_id != NEW.profile_id;
END;
