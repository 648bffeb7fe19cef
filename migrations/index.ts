/**
 * The ordered list of migrations, bundled as text so the compiled binary carries them.
 * Append-only: add a new file and a new line; never edit or reorder a landed one. Numbers are handed out per
 * branch and merged in order, so a gap (0004 → 0007) lasts until the branches holding the numbers between land.
 */
import m0001 from "./0001_init.sql" with { type: "text" };
import m0002 from "./0002_uploads_last_used.sql" with { type: "text" };
import m0003 from "./0003_posting_schedule.sql" with { type: "text" };
import m0004 from "./0004_queue_version.sql" with { type: "text" };
import m0005 from "./0005_change_feed.sql" with { type: "text" };
import m0006 from "./0006_feeds.sql" with { type: "text" };
import m0007 from "./0007_sections_and_videos.sql" with { type: "text" };
import m0008 from "./0008_analytics.sql" with { type: "text" };

export const MIGRATIONS: ReadonlyArray<{ name: string; sql: string }> = [
  { name: "0001_init", sql: m0001 },
  { name: "0002_uploads_last_used", sql: m0002 },
  { name: "0003_posting_schedule", sql: m0003 },
  { name: "0004_queue_version", sql: m0004 },
  { name: "0005_change_feed", sql: m0005 },
  { name: "0006_feeds", sql: m0006 },
  { name: "0007_sections_and_videos", sql: m0007 },
  { name: "0008_analytics", sql: m0008 },
];
