import type { Insertable } from "kysely";
import type { Db } from "../db/database";
import type { IdempotencyKeysTable } from "../db/schema";

/** status_code of a key whose request is still running: its row is taken before the work starts. */
export const PENDING = 0;

export const findKey = (db: Db, userId: number, key: string) =>
  db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .executeTakeFirst();

/**
 * Takes the key for a request about to run: a pending row, inserted only if the key is free. True when this
 * request took it; on PostgreSQL two processes inserting the same key at once get one true between them.
 */
export const takeKey = async (
  db: Db,
  row: { user_id: number; key: string; request_hash: string; now: number },
) =>
  (await db
    .insertInto("idempotency_keys")
    .values({
      user_id: row.user_id,
      key: row.key,
      request_hash: row.request_hash,
      status_code: PENDING,
      response: "",
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(["user_id", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst()) !== undefined;

/**
 * Takes over a key whose row is stale (an expired answer, or a pending request whose process died), only
 * from the row as it was read: of two takers, one wins.
 */
export const retakeKey = async (
  db: Db,
  seen: { user_id: number; key: string; created_at: number },
  row: { request_hash: string; now: number },
) =>
  Number(
    (
      await db
        .updateTable("idempotency_keys")
        .set({ request_hash: row.request_hash, status_code: PENDING, response: "", created_at: row.now })
        .where("user_id", "=", seen.user_id)
        .where("key", "=", seen.key)
        .where("created_at", "=", seen.created_at)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Stores the answer of the request that took the key. */
export const saveKey = (db: Db, row: Insertable<IdempotencyKeysTable>) =>
  db
    .updateTable("idempotency_keys")
    .set({ request_hash: row.request_hash, status_code: row.status_code, response: row.response })
    .where("user_id", "=", row.user_id)
    .where("key", "=", row.key)
    .execute();

/** Frees a key whose request did not succeed (only successful answers are kept: the client may retry). */
export const releaseKey = (db: Db, userId: number, key: string) =>
  db
    .deleteFrom("idempotency_keys")
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .where("status_code", "=", PENDING)
    .execute();

export const deleteKeysBefore = async (db: Db, before: number) =>
  Number(
    (await db.deleteFrom("idempotency_keys").where("created_at", "<", before).executeTakeFirst())
      .numDeletedRows,
  );
