import type { Db } from "../db/database";

const COLUMNS = ["id", "user_id", "kind", "subject_id", "status"] as const;

/** The id of the newest change (0 before the first). */
export async function latestId(db: Db): Promise<number> {
  const row = await db
    .selectFrom("change_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The id of the oldest change still kept (null when none is). */
export async function oldestId(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom("change_events")
    .select((eb) => eb.fn.min("id").as("id"))
    .executeTakeFirst();
  return row?.id === null || row?.id === undefined ? null : Number(row.id);
}

/** Every user's changes after `afterId`, oldest first: a range of the primary key. */
export const listAfter = (db: Db, afterId: number, limit: number) =>
  db
    .selectFrom("change_events")
    .select(COLUMNS)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();

/** One user's changes in (afterId, upTo], oldest first (the change_events_user index). */
export const listOfUserBetween = (db: Db, userId: number, afterId: number, upTo: number, limit: number) =>
  db
    .selectFrom("change_events")
    .select(COLUMNS)
    .where("user_id", "=", userId)
    .where("id", ">", afterId)
    .where("id", "<=", upTo)
    .orderBy("id")
    .limit(limit)
    .execute();

/** Deletes all but the newest `keep` changes; returns how many went. */
export async function deleteAllButNewest(db: Db, keep: number): Promise<number> {
  const newest = await latestId(db);
  const result = await db
    .deleteFrom("change_events")
    .where("id", "<=", newest - keep)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
