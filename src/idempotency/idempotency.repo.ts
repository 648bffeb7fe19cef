import type { Insertable } from "kysely";
import type { Db } from "../db/database";
import type { IdempotencyKeysTable } from "../db/schema";

export const findKey = (db: Db, userId: number, key: string) =>
  db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .executeTakeFirst();

/** Stores an answer, replacing an expired one under the same key. */
export const saveKey = (db: Db, row: Insertable<IdempotencyKeysTable>) =>
  db
    .insertInto("idempotency_keys")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["user_id", "key"]).doUpdateSet({
        request_hash: row.request_hash,
        status_code: row.status_code,
        response: row.response,
        created_at: row.created_at,
      }),
    )
    .execute();

export const deleteKeysBefore = async (db: Db, before: number) =>
  Number(
    (await db.deleteFrom("idempotency_keys").where("created_at", "<", before).executeTakeFirst())
      .numDeletedRows,
  );
