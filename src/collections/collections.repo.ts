import type { Db } from "../db/database";

const withCount = (db: Db) =>
  db
    .selectFrom("collections")
    .selectAll("collections")
    .select((eb) =>
      eb
        .selectFrom("collection_pins")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("collection_pins.collection_id", "=", "collections.id")
        .as("pin_count"),
    );

export const listCollections = (db: Db, userId: number) =>
  withCount(db).where("collections.user_id", "=", userId).orderBy("collections.id").execute();

export const findCollection = (db: Db, userId: number, id: number) =>
  withCount(db).where("collections.user_id", "=", userId).where("collections.id", "=", id).executeTakeFirst();

export const pinIdsOf = async (db: Db, collectionId: number) =>
  (
    await db
      .selectFrom("collection_pins")
      .select("pin_id")
      .where("collection_id", "=", collectionId)
      .orderBy("added_at")
      .orderBy("pin_id")
      .execute()
  ).map((r) => r.pin_id);

export const insertCollection = (db: Db, userId: number, name: string, now: number) =>
  db
    .insertInto("collections")
    .values({ user_id: userId, name, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();

export const renameCollection = (db: Db, id: number, name: string) =>
  db.updateTable("collections").set({ name }).where("id", "=", id).execute();

export const deleteCollection = (db: Db, id: number) =>
  db.deleteFrom("collections").where("id", "=", id).execute();

export const addPin = (db: Db, collectionId: number, pinId: number, now: number) =>
  db
    .insertInto("collection_pins")
    .values({ collection_id: collectionId, pin_id: pinId, added_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();

export const removePin = (db: Db, collectionId: number, pinId: number) =>
  db
    .deleteFrom("collection_pins")
    .where("collection_id", "=", collectionId)
    .where("pin_id", "=", pinId)
    .execute();

export const userOwnsPin = async (db: Db, userId: number, pinId: number) =>
  (await db
    .selectFrom("pins")
    .select("id")
    .where("id", "=", pinId)
    .where("user_id", "=", userId)
    .executeTakeFirst()) !== undefined;
