-- PostgreSQL twin of migrations/0002_uploads_last_used.sql: BIGINT for INTEGER (ARCHITECTURE.md).
-- When a pin last referenced an upload (its media_url points at the file). The daily `uploads-cleanup` job
-- stamps every upload a pin uses, then removes those no pin has referenced for 30 days. Existing uploads
-- start from their creation time. (ALTER TABLE needs a constant default; the code always sets the value.)
ALTER TABLE uploads ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;
UPDATE uploads SET last_used_at = created_at;
CREATE INDEX uploads_last_used ON uploads (last_used_at);
