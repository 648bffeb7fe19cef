import type { Insertable, Updateable } from "kysely";
import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";
import type { User, UsersTable } from "../db/schema";

export const findUserById = compiledOnce(
  (db, id: number) => db.selectFrom("users").selectAll().where("id", "=", id),
  0,
);

export const findUserByPinterestId = (db: Db, pinterestUserId: string) =>
  db.selectFrom("users").selectAll().where("pinterest_user_id", "=", pinterestUserId).executeTakeFirst();

/** By username, or by id when the argument is all digits (for the CLI). */
export const findUserByName = (db: Db, nameOrId: string) =>
  db
    .selectFrom("users")
    .selectAll()
    .where((eb) =>
      /^\d+$/.test(nameOrId)
        ? eb.or([eb("username", "=", nameOrId), eb("id", "=", Number(nameOrId))])
        : eb("username", "=", nameOrId),
    )
    .executeTakeFirst();

export const countUsers = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Admins who can use the admin API: is_admin and approved. */
export const countApprovedAdmins = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("is_admin", "=", 1)
        .where("status", "=", "approved")
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertUser = (db: Db, values: Insertable<UsersTable>): Promise<User> =>
  db.insertInto("users").values(values).returningAll().executeTakeFirstOrThrow();

export const updateUser = (db: Db, id: number, values: Updateable<UsersTable>) =>
  db.updateTable("users").set(values).where("id", "=", id).returningAll().executeTakeFirst();

export const listUsers = (db: Db) => db.selectFrom("users").selectAll().orderBy("id").execute();
