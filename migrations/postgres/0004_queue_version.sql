-- PostgreSQL twin of migrations/0004_queue_version.sql. SQLite bumps a profile's queue_version from row
-- triggers; here one plpgsql function does it per statement (ARCHITECTURE.md names the difference):
-- - a statement's pins are looked at together (transition tables) and each profile is bumped once;
-- - the profiles are locked in id order before the bump, so two statements that touch the same profiles
--   (two processes claiming due pins of several profiles at once) queue behind each other instead of
--   deadlocking;
-- - an update bumps only when one of the columns SQLite's trigger lists actually changed (PostgreSQL does not
--   allow a column list on a trigger with transition tables). The version is only ever compared for equality.
ALTER TABLE profiles ADD COLUMN queue_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION pinflow_bump_queue_versions(profile_ids BIGINT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(profile_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM profiles WHERE id = ANY (profile_ids) ORDER BY id FOR UPDATE;
  UPDATE profiles SET queue_version = queue_version + 1 WHERE id = ANY (profile_ids);
END;
$$;

CREATE FUNCTION pins_queue_version_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pinflow_bump_queue_versions(ARRAY(SELECT DISTINCT profile_id FROM new_pins));
  RETURN NULL;
END;
$$;

CREATE FUNCTION pins_queue_version_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pinflow_bump_queue_versions(ARRAY(SELECT DISTINCT profile_id FROM old_pins));
  RETURN NULL;
END;
$$;

CREATE FUNCTION pins_queue_version_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pinflow_bump_queue_versions(ARRAY(
    SELECT n.profile_id FROM new_pins n JOIN old_pins o ON o.id = n.id
     WHERE (n.status, n.sort_order, n.link, n.media_url, n.slot_at, n.next_attempt_at, n.scheduled_at,
            n.published_at, n.publish_started_at, n.profile_id)
           IS DISTINCT FROM
           (o.status, o.sort_order, o.link, o.media_url, o.slot_at, o.next_attempt_at, o.scheduled_at,
            o.published_at, o.publish_started_at, o.profile_id)
    UNION
    SELECT o.profile_id FROM new_pins n JOIN old_pins o ON o.id = n.id WHERE o.profile_id <> n.profile_id));
  RETURN NULL;
END;
$$;

CREATE TRIGGER pins_queue_version_insert AFTER INSERT ON pins
  REFERENCING NEW TABLE AS new_pins FOR EACH STATEMENT EXECUTE FUNCTION pins_queue_version_insert();
CREATE TRIGGER pins_queue_version_delete AFTER DELETE ON pins
  REFERENCING OLD TABLE AS old_pins FOR EACH STATEMENT EXECUTE FUNCTION pins_queue_version_delete();
CREATE TRIGGER pins_queue_version_update AFTER UPDATE ON pins
  REFERENCING OLD TABLE AS old_pins NEW TABLE AS new_pins
  FOR EACH STATEMENT EXECUTE FUNCTION pins_queue_version_update();
