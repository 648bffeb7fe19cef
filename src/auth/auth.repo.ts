import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";

export const insertSession = (
  db: Db,
  values: { token_hash: string; user_id: number; now: number; expires_at: number },
) =>
  db
    .insertInto("sessions")
    .values({
      token_hash: values.token_hash,
      user_id: values.user_id,
      created_at: values.now,
      last_seen_at: values.now,
      expires_at: values.expires_at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

/** By the cookie's hash (a one-row JOIN with users is much slower in bun:sqlite than two lookups). */
export const findSessionByHash = compiledOnce(
  (db, tokenHash: string) => db.selectFrom("sessions").selectAll().where("token_hash", "=", tokenHash),
  "",
);

export const extendSession = (db: Db, id: number, now: number, expiresAt: number) =>
  db.updateTable("sessions").set({ last_seen_at: now, expires_at: expiresAt }).where("id", "=", id).execute();

export const deleteSessionByHash = (db: Db, tokenHash: string) =>
  db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();

export const insertOauthState = (
  db: Db,
  values: { state_hash: string; connect_user_id: number | null; created_at: number; expires_at: number },
) => db.insertInto("oauth_states").values(values).execute();

/** Deletes and returns the state: a state can be used once. */
export const consumeOauthState = (db: Db, stateHash: string) =>
  db.deleteFrom("oauth_states").where("state_hash", "=", stateHash).returningAll().executeTakeFirst();

export async function purgeExpired(db: Db, now: number) {
  const sessions = await db.deleteFrom("sessions").where("expires_at", "<", now).executeTakeFirst();
  const states = await db.deleteFrom("oauth_states").where("expires_at", "<", now).executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), states: Number(states.numDeletedRows) };
}
