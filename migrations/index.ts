/**
 * The ordered list of migrations, bundled as text so the compiled binary carries them.
 * Append-only: add a new file and a new line; never edit or reorder a landed one. Numbers are handed out per
 * branch and merged in order, so a gap (0004 → 0007) lasts until the branches holding the numbers between land.
 *
 * PostgreSQL runs the same list, by the same names. Where its SQL must differ (ARCHITECTURE.md, "Two
 * engines"), its twin lives in migrations/postgres/ under the same name; a migration written in SQL both
 * engines take (BIGINT for integers, no WITHOUT ROWID, no triggers) has no twin and is shared.
 */
import m0001 from "./0001_init.sql" with { type: "text" };
import m0002 from "./0002_uploads_last_used.sql" with { type: "text" };
import m0003 from "./0003_posting_schedule.sql" with { type: "text" };
import m0004 from "./0004_queue_version.sql" with { type: "text" };
import m0005 from "./0005_change_feed.sql" with { type: "text" };
import m0006 from "./0006_feeds.sql" with { type: "text" };
import m0007 from "./0007_sections_and_videos.sql" with { type: "text" };
import m0008 from "./0008_analytics.sql" with { type: "text" };
import m0009 from "./0009_several_processes.sql" with { type: "text" };
import pg0001 from "./postgres/0001_init.sql" with { type: "text" };
import pg0002 from "./postgres/0002_uploads_last_used.sql" with { type: "text" };
import pg0003 from "./postgres/0003_posting_schedule.sql" with { type: "text" };
import pg0004 from "./postgres/0004_queue_version.sql" with { type: "text" };
import pg0005 from "./postgres/0005_change_feed.sql" with { type: "text" };
import pg0006 from "./postgres/0006_feeds.sql" with { type: "text" };
import pg0007 from "./postgres/0007_sections_and_videos.sql" with { type: "text" };
import pg0008 from "./postgres/0008_analytics.sql" with { type: "text" };

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: ReadonlyArray<Migration> = [
  { name: "0001_init", sql: m0001 },
  { name: "0002_uploads_last_used", sql: m0002 },
  { name: "0003_posting_schedule", sql: m0003 },
  { name: "0004_queue_version", sql: m0004 },
  { name: "0005_change_feed", sql: m0005 },
  { name: "0006_feeds", sql: m0006 },
  { name: "0007_sections_and_videos", sql: m0007 },
  { name: "0008_analytics", sql: m0008 },
  { name: "0009_several_processes", sql: m0009 },
];

/** PostgreSQL's twins, by name; a migration not here runs on PostgreSQL as written in MIGRATIONS. */
const POSTGRES_TWINS: Readonly<Record<string, string>> = {
  "0001_init": pg0001,
  "0002_uploads_last_used": pg0002,
  "0003_posting_schedule": pg0003,
  "0004_queue_version": pg0004,
  "0005_change_feed": pg0005,
  "0006_feeds": pg0006,
  "0007_sections_and_videos": pg0007,
  "0008_analytics": pg0008,
};

export const POSTGRES_MIGRATIONS: ReadonlyArray<Migration> = MIGRATIONS.map((m) => ({
  name: m.name,
  sql: POSTGRES_TWINS[m.name] ?? m.sql,
}));

export const postgresTwinNames = () => Object.keys(POSTGRES_TWINS);
