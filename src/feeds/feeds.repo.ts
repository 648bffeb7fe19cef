import { type Insertable, sql, type Updateable } from "kysely";
import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";
import type { Feed, FeedItemsTable, FeedsTable } from "../db/schema";
import { skipLocked } from "../db/sql";

/** A feed with its profile's Pinterest identity and its item counts. */
const withDetails = (db: Db) =>
  db
    .selectFrom("feeds")
    .innerJoin("profiles", "profiles.id", "feeds.profile_id")
    .selectAll("feeds")
    .select(["profiles.pinterest_user_id", "profiles.pinterest_username"])
    .select((eb) => [
      eb
        .selectFrom("feed_items")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("feed_items.feed_id", "=", "feeds.id")
        .as("items_seen"),
      eb
        .selectFrom("feed_items")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("feed_items.feed_id", "=", "feeds.id")
        .where("feed_items.outcome", "=", "pinned")
        .as("pins_created"),
    ]);

export type FeedRow = NonNullable<Awaited<ReturnType<typeof findFeed>>>;

export const findFeed = (db: Db, userId: number, id: number) =>
  withDetails(db).where("feeds.id", "=", id).where("feeds.user_id", "=", userId).executeTakeFirst();

export const listFeeds = (db: Db, userId: number, profileId?: number) => {
  let q = withDetails(db).where("feeds.user_id", "=", userId);
  if (profileId) q = q.where("feeds.profile_id", "=", profileId);
  return q.orderBy("feeds.id").execute();
};

export const findFeedByUrl = (db: Db, profileId: number, url: string) =>
  db
    .selectFrom("feeds")
    .select("id")
    .where("profile_id", "=", profileId)
    .where("url", "=", url)
    .executeTakeFirst();

export const countFeeds = async (db: Db, userId: number) =>
  Number(
    (
      await db
        .selectFrom("feeds")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertFeed = (db: Db, values: Insertable<FeedsTable>) =>
  db.insertInto("feeds").values(values).returning("id").executeTakeFirstOrThrow();

export const updateFeed = (db: Db, id: number, values: Updateable<FeedsTable>) =>
  db.updateTable("feeds").set(values).where("id", "=", id).execute();

export const deleteFeed = (db: Db, id: number) => db.deleteFrom("feeds").where("id", "=", id).execute();

const claimDueCompiled = compiledOnce(
  (db, pollingSince: number, leaseEnd: number, dueBy: number, dueByInner: number) =>
    db
      .updateTable("feeds")
      .set({ polling_since: pollingSince, next_poll_at: leaseEnd })
      .where("next_poll_at", "<=", dueBy)
      .where("is_active", "=", sql.lit(1))
      .where("id", "=", (eb) =>
        // several processes: each takes a different due feed (PostgreSQL's SKIP LOCKED, db/sql.ts)
        skipLocked(
          db,
          eb
            .selectFrom("feeds as f")
            .select("f.id")
            .where("f.is_active", "=", sql.lit(1))
            .where("f.next_poll_at", "<=", dueByInner)
            .where((e) =>
              e.exists(
                e
                  .selectFrom("users")
                  .select("users.id")
                  .whereRef("users.id", "=", "f.user_id")
                  .where("users.status", "=", sql.lit("approved")),
              ),
            )
            .orderBy("f.next_poll_at")
            .orderBy("f.id")
            .limit(sql.lit(1)),
          "f",
        ),
      )
      .returningAll(),
  -1,
  -2,
  -3,
  -4,
);

/**
 * Claims the feed due first, of a user allowed to publish: moves its next_poll_at a lease ahead and marks it
 * in flight, in one statement, so two pollers (or processes) never read the same feed at once. Compiled
 * once: every poller worker asks on every tick, most often finding nothing.
 */
export const claimDueFeed = (db: Db, now: number, leaseMs: number) =>
  claimDueCompiled(db, now, now + leaseMs, now, now) as Promise<Feed | undefined>;

/** Writes a read's outcome, unless the feed was changed (or deleted) while the read was in flight. */
export const finishPoll = async (db: Db, id: number, claimedAt: number, values: Updateable<FeedsTable>) =>
  Number(
    (
      await db
        .updateTable("feeds")
        .set({ ...values, polling_since: null })
        .where("id", "=", id)
        .where("polling_since", "=", claimedAt)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Which of these item keys the feed has seen. */
export const knownKeys = async (db: Db, feedId: number, keys: string[]) => {
  const known = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom("feed_items")
      .select("item_key")
      .where("feed_id", "=", feedId)
      .where("item_key", "in", keys.slice(i, i + 500))
      .execute();
    for (const r of rows) known.add(r.item_key);
  }
  return known;
};

export const insertItems = async (db: Db, rows: Insertable<FeedItemsTable>[]) => {
  if (rows.length)
    await db
      .insertInto("feed_items")
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
};

export const listRecentItems = (db: Db, feedId: number, limit: number) =>
  db
    .selectFrom("feed_items")
    .selectAll("feed_items")
    .select((eb) =>
      eb
        .selectFrom("pins")
        .select("pins.status")
        .whereRef("pins.id", "=", "feed_items.pin_id")
        .as("pin_status"),
    )
    .where("feed_id", "=", feedId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
