-- Feeds → pins (issue 17). A feed is an RSS 2.0, RSS 1.0 or Atom URL followed for one profile and board; each
-- new item becomes a pin (a draft, or queued). Times are INTEGER epoch milliseconds (UTC).
-- next_poll_at is when the poll job takes the feed next; a poll claims it by moving next_poll_at a lease ahead
-- and setting polling_since, so at most one request per feed is in flight (across processes too), and a poll
-- a crash cut off is retried once the lease has passed. failures counts failed polls in a row (the backoff).
CREATE TABLE feeds (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  profile_id      INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  board_id        TEXT NOT NULL,
  url             TEXT NOT NULL,
  mode            TEXT NOT NULL CHECK (mode IN ('draft', 'queue')),
  backfill        INTEGER NOT NULL DEFAULT 0 CHECK (backfill >= 0),
  is_active       INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  paused_reason   TEXT,
  title           TEXT,                    -- the feed's own title, from its last successful read
  format          TEXT CHECK (format IN ('rss2', 'rss1', 'atom')),
  etag            TEXT,
  last_modified   TEXT,
  seeded          INTEGER NOT NULL DEFAULT 0 CHECK (seeded IN (0, 1)),  -- the first read is done
  next_poll_at    INTEGER NOT NULL,
  polling_since   INTEGER,
  last_polled_at  INTEGER,
  last_success_at INTEGER,
  last_status     INTEGER,                 -- HTTP status of the last answer
  last_error      TEXT,
  failures        INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (profile_id, url)
);
CREATE INDEX feeds_user ON feeds (user_id, id);
CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE is_active = 1;

-- Every item a feed has shown, by guid (else link): an item seen once never becomes a second pin, however
-- often the feed republishes it. outcome: 'pinned' (a pin was made: pin_id, until that pin is deleted) or
-- 'skipped' (already in the feed when it was added, and not asked for by backfill).
CREATE TABLE feed_items (
  id           INTEGER PRIMARY KEY,
  feed_id      INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  item_key     TEXT NOT NULL,
  title        TEXT,
  link         TEXT,
  published_at INTEGER,
  outcome      TEXT NOT NULL CHECK (outcome IN ('pinned', 'skipped')),
  pin_id       INTEGER REFERENCES pins (id) ON DELETE SET NULL,
  note         TEXT,
  seen_at      INTEGER NOT NULL,
  UNIQUE (feed_id, item_key)
);
CREATE INDEX feed_items_recent ON feed_items (feed_id, id);
CREATE INDEX feed_items_pin ON feed_items (pin_id) WHERE pin_id IS NOT NULL;
