-- PostgreSQL twin of migrations/0007_sections_and_videos.sql: BIGINT for INTEGER (ARCHITECTURE.md).
-- Board sections and video pins (issue 18). A pin may go into a section of its board; a video pin's media_url
-- is one of its user's video uploads, with a cover: an uploaded image (cover_image_url) or a frame of the
-- video (cover_key_frame_time, whole seconds). Video uploads keep what pre-flight checks: duration and size.
ALTER TABLE pins ADD COLUMN board_section_id TEXT;
ALTER TABLE pins ADD COLUMN cover_image_url TEXT;
ALTER TABLE pins ADD COLUMN cover_key_frame_time BIGINT CHECK (cover_key_frame_time >= 0);
ALTER TABLE uploads ADD COLUMN duration_ms BIGINT;
ALTER TABLE uploads ADD COLUMN width BIGINT;
ALTER TABLE uploads ADD COLUMN height BIGINT;

-- Where a video pin's trip through Pinterest's upload stands (docs/publishing.md, "Video pins"). Each step is
-- written before the next one starts, so a restart resumes instead of uploading twice:
--   registered  POST /v5/media answered media_id and the upload form (its parameters sealed with the token
--               key: they are short-lived credentials for one upload);
--   uploaded    the storage host took the file (or Pinterest's status showed it had);
--   succeeded   Pinterest finished processing it: the pin can be created with media_id;
--   failed      Pinterest's processing failed; the pin failed with it.
-- A row made for another file than the pin's media_url now points at is stale and is replaced.
CREATE TABLE pin_videos (
  pin_id                BIGINT PRIMARY KEY REFERENCES pins (id) ON DELETE CASCADE,
  video_file            TEXT NOT NULL,
  media_id              TEXT NOT NULL,
  upload_url            TEXT,
  upload_parameters_enc TEXT,
  state                 TEXT NOT NULL CHECK (state IN ('registered', 'uploaded', 'succeeded', 'failed')),
  polls                 BIGINT NOT NULL DEFAULT 0,
  failure               TEXT,
  registered_at         BIGINT NOT NULL,
  uploaded_at           BIGINT,
  updated_at            BIGINT NOT NULL
);
