import type { Insertable } from "kysely";
import type { Db } from "../db/database";
import type { UploadsTable } from "../db/schema";

export const insertUpload = (db: Db, values: Insertable<UploadsTable>) =>
  db.insertInto("uploads").values(values).returningAll().executeTakeFirstOrThrow();

export const findUploadByName = (db: Db, fileName: string) =>
  db.selectFrom("uploads").selectAll().where("file_name", "=", fileName).executeTakeFirst();

export const findUserUpload = (db: Db, userId: number, id: number) =>
  db.selectFrom("uploads").selectAll().where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();

/** Newest first. */
export const listUserUploads = (db: Db, userId: number) =>
  db.selectFrom("uploads").selectAll().where("user_id", "=", userId).orderBy("id", "desc").execute();

export const usedBytes = async (db: Db, userId: number) =>
  Number(
    (
      await db
        .selectFrom("uploads")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("size_bytes"), eb.lit(0)).as("bytes"))
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow()
    ).bytes,
  );

/** Every pin of a user with its media_url and video cover (the service decides which point at an upload). */
export const listPinMedia = (db: Db, userId: number) =>
  db
    .selectFrom("pins")
    .select(["id", "status", "media_url", "cover_image_url"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

/** The users who have at least one upload. */
export const listUploaderIds = async (db: Db) =>
  (await db.selectFrom("uploads").select("user_id").distinct().orderBy("user_id").execute()).map(
    (r) => r.user_id,
  );

export const touchUploads = async (db: Db, ids: number[], now: number) => {
  // in chunks: SQLite caps the number of bound parameters of one statement
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable("uploads")
      .set({ last_used_at: now })
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
  }
};

export const deleteUpload = (db: Db, id: number) =>
  db.deleteFrom("uploads").where("id", "=", id).returningAll().executeTakeFirst();
