import type { Insertable } from "kysely";
import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";
import type { ApiKeysTable } from "../db/schema";

export const listKeys = (db: Db, userId: number) =>
  db.selectFrom("api_keys").selectAll().where("user_id", "=", userId).orderBy("id").execute();

export const findKey = (db: Db, userId: number, id: number) =>
  db.selectFrom("api_keys").selectAll().where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();

export const findKeyBySecretHash = compiledOnce(
  (db, secretHash: string) => db.selectFrom("api_keys").selectAll().where("secret_hash", "=", secretHash),
  "",
);

export const countActiveKeys = async (db: Db, userId: number) =>
  Number(
    (
      await db
        .selectFrom("api_keys")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("user_id", "=", userId)
        .where("is_active", "=", 1)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertKey = (db: Db, values: Insertable<ApiKeysTable>) =>
  db.insertInto("api_keys").values(values).returningAll().executeTakeFirstOrThrow();

export const setKeyActive = (db: Db, id: number, active: boolean) =>
  db
    .updateTable("api_keys")
    .set({ is_active: active ? 1 : 0 })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();

export const deleteKey = (db: Db, id: number) => db.deleteFrom("api_keys").where("id", "=", id).execute();

export const touchKey = (db: Db, id: number, at: number) =>
  db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
