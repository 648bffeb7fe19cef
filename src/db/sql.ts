/**
 * SQL that depends on the database engine, behind names, so features stay portable: SQLite (the default) and
 * PostgreSQL (PINFLOW_DATABASE_URL). A helper that must know the engine takes the `db` (or transaction) it
 * builds for; the rest are written once in SQL both engines take. ARCHITECTURE.md ("Two engines") lists
 * what differs.
 */
import { type Expression, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import { type Db, engineOf } from "./database";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const ref = (column: Expression<unknown> | string) => (typeof column === "string" ? sql.ref(column) : column);

/**
 * `column` contains `text`, ignoring case. SQLite's LIKE already ignores ASCII case (and only ASCII);
 * PostgreSQL's LIKE does not, so there it is ILIKE (which also folds non-ASCII letters).
 */
export const containsIgnoringCase = (
  db: Db,
  column: Expression<unknown> | string,
  text: string,
): RawBuilder<boolean> =>
  engineOf(db) === "postgres"
    ? sql<boolean>`${ref(column)} ILIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`
    : sql<boolean>`${ref(column)} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`;

/** How many rows of the group have `column = value` (portable CASE inside SUM; 0 for none). */
export const countWhere = (column: string, value: string) =>
  sql<number>`coalesce(sum(case when ${sql.ref(column)} = ${value} then 1 else 0 end), 0)`;

/**
 * A condition selected as a column, as 0/1 on both engines: SQLite gives 0/1 for a comparison, PostgreSQL a
 * boolean (which would reach the API as true/false).
 */
export const asFlag = (condition: Expression<unknown>) =>
  sql<number>`(case when ${condition} then 1 else 0 end)`;

/** The UTC day (`YYYY-MM-DD`) `days` after the epoch-ms `column`. */
export const utcDatePlusDays = (db: Db, column: string, days: number) =>
  engineOf(db) === "postgres"
    ? sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000 + ${sql.lit(days * 86_400)}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', ${sql.ref(column)} / 1000 + ${days * 86_400}, 'unixepoch')`;

/**
 * The rows a claim takes, locked, skipping rows another process has locked (PostgreSQL's FOR UPDATE SKIP
 * LOCKED): several processes claiming at once each get different rows instead of queueing on the same
 * first one. SQLite has one writer at a time and no row locks: the claim's conditional UPDATE is enough
 * there, and the query is left as it is.
 */
export function skipLocked<DBT, TB extends keyof DBT, O>(
  db: Db,
  query: SelectQueryBuilder<DBT, TB, O>,
  of?: string,
): SelectQueryBuilder<DBT, TB, O> {
  if (engineOf(db) !== "postgres") return query;
  return (of ? query.forUpdate(of as never) : query.forUpdate()).skipLocked();
}

/**
 * `column` is one of the ids `claimable` selects (a skipLocked query with a LIMIT). On PostgreSQL the ids
 * are taken once, as an array: `IN (subquery)` may be executed more than once by the plan, and with SKIP
 * LOCKED each execution can return different rows, which would claim more than the LIMIT.
 */
export function inClaimable(
  db: Db,
  column: string,
  claimable: SelectQueryBuilder<unknown, never, unknown> | Expression<unknown>,
): RawBuilder<boolean> {
  return engineOf(db) === "postgres"
    ? sql<boolean>`${sql.ref(column)} = ANY(ARRAY(${claimable}))`
    : sql<boolean>`${sql.ref(column)} IN (${claimable})`;
}

/**
 * Holds the user's row until the transaction ends, before a per-user check-then-write (how many API keys are
 * active): on PostgreSQL two processes' transactions then take turns, and the second counts the first's row.
 * SQLite's write transaction already keeps every other writer out.
 */
export async function lockUserRow(trx: Db, userId: number): Promise<void> {
  if (engineOf(trx) !== "postgres") return;
  await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().execute();
}

/**
 * Within a transaction: waits for, then holds until it ends, a PostgreSQL advisory lock on (`space`, `key`),
 * so the same check-then-write in another process's transaction comes after this one and sees its rows
 * (READ COMMITTED reads what is committed when each statement starts). SQLite's write transaction already
 * keeps every other writer out: nothing to do there.
 */
export async function transactionLock(trx: Db, space: number, key: number): Promise<void> {
  if (engineOf(trx) !== "postgres") return;
  await sql`SELECT pg_advisory_xact_lock(${space}::int, ${key}::int)`.execute(trx);
}

/**
 * Runs `work` while holding a PostgreSQL advisory lock on (`space`, `key`), in a transaction of its own: a
 * second process asking for the same pair waits until the first is done. SQLite has one process: `work` just
 * runs (the in-process single-flights keep one at a time there).
 */
export async function withAdvisoryLock<T>(db: Db, space: number, key: number, work: () => Promise<T>) {
  if (engineOf(db) !== "postgres") return work();
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${space}::int, ${key}::int)`.execute(trx);
    return work();
  });
}

/**
 * `column` is none of the ids in `idsJson`, a JSON array given as one parameter: a query with a list of any
 * length then has one SQL text, and can be compiled once (db/compiled.ts) instead of once per length.
 */
export const notAmongJsonIds = (db: Db, column: string, idsJson: string): RawBuilder<boolean> =>
  engineOf(db) === "postgres"
    ? sql<boolean>`NOT (${sql.ref(column)} = ANY (SELECT jsonb_array_elements_text(CAST(${idsJson} AS jsonb))::bigint))`
    : sql<boolean>`${sql.ref(column)} NOT IN (SELECT value FROM json_each(${idsJson}))`;

/** `column` is one of the strings in `textsJson`, a JSON array given as one parameter (see notAmongJsonIds). */
export const amongJsonTexts = (db: Db, column: string, textsJson: string): RawBuilder<boolean> =>
  engineOf(db) === "postgres"
    ? sql<boolean>`${sql.ref(column)} = ANY (SELECT jsonb_array_elements_text(CAST(${textsJson} AS jsonb)))`
    : sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${textsJson}))`;
