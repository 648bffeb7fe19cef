import type { Insertable, Updateable } from "kysely";
import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";
import type { ProfilesTable } from "../db/schema";

/** Compiled once: every create and pin list resolves the profile it is for. */
const profileForUser = compiledOnce(
  (db, id: number, userId: number) =>
    db.selectFrom("profiles").selectAll().where("id", "=", id).where("user_id", "=", userId),
  -1,
  -2,
);
export const findProfileForUser = (db: Db, userId: number, id: number) => profileForUser(db, id, userId);

/** Compiled once: the publisher reads the pin's profile for every pin it publishes. */
export const findProfileById = compiledOnce(
  (db, id: number) => db.selectFrom("profiles").selectAll().where("id", "=", id),
  -1,
);

export const findProfileByAccount = (db: Db, userId: number, pinterestUserId: string) =>
  db
    .selectFrom("profiles")
    .selectAll()
    .where("user_id", "=", userId)
    .where("pinterest_user_id", "=", pinterestUserId)
    .executeTakeFirst();

export const listProfilesOfUser = (db: Db, userId: number) =>
  db.selectFrom("profiles").selectAll().where("user_id", "=", userId).orderBy("id").execute();

export const insertProfile = (db: Db, values: Insertable<ProfilesTable>) =>
  db.insertInto("profiles").values(values).returningAll().executeTakeFirstOrThrow();

export const updateProfile = (db: Db, id: number, values: Updateable<ProfilesTable>) =>
  db.updateTable("profiles").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();

export const deleteProfile = (db: Db, id: number) => db.deleteFrom("profiles").where("id", "=", id).execute();

export const countPendingPins = async (db: Db, profileId: number) =>
  Number(
    (
      await db
        .selectFrom("pins")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("profile_id", "=", profileId)
        .where("status", "in", ["queued", "scheduled", "publishing"])
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Refreshable profiles whose access token expires before `accessBefore` or refresh token before `refreshBefore`. */
export const listProfilesExpiring = (db: Db, accessBefore: number, refreshBefore: number) =>
  db
    .selectFrom("profiles")
    .selectAll()
    .where("needs_reconnect", "=", 0)
    .where("refresh_token_enc", "is not", null)
    .where((eb) =>
      eb.or([
        eb("access_token_expires_at", "<", accessBefore),
        eb("refresh_token_expires_at", "<", refreshBefore),
      ]),
    )
    // SQLite's order (NULLs first) on both engines
    .orderBy("access_token_expires_at", (ob) => ob.asc().nullsFirst())
    .execute();
