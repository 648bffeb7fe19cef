-- PostgreSQL twin of migrations/0003_posting_schedule.sql: BIGINT for INTEGER (ARCHITECTURE.md).
-- Posting schedules (docs/publishing.md §9). A profile's weekly slots are a JSON array of {day, time} in its
-- user's time zone ('[]' = no slots: queued pins publish at once, as before). slot_cursor is the last slot
-- occurrence used up (claimed or passed); later ones are open, so a slot missed while PinFlow was down is
-- still owed. A pin claimed for an occurrence keeps it in slot_at while it waits for a retry.
ALTER TABLE profiles ADD COLUMN posting_slots TEXT NOT NULL DEFAULT '[]';
ALTER TABLE profiles ADD COLUMN min_spacing_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN slot_cursor BIGINT;
ALTER TABLE pins ADD COLUMN slot_at BIGINT;
-- The queue of one profile in order (the plan and the slot publisher read it).
CREATE INDEX pins_profile_queue ON pins (profile_id, sort_order, id) WHERE status = 'queued';
-- Fixed pins around an instant (the spacing guard).
CREATE INDEX pins_profile_published ON pins (profile_id, published_at) WHERE status = 'published';
CREATE INDEX pins_profile_scheduled ON pins (profile_id, scheduled_at) WHERE status = 'scheduled';
