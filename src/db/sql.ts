/**
 * SQL that depends on the database engine, behind names, so features stay portable and a second dialect
 * (PostgreSQL, docs/publishing.md §8) is one file here instead of a hunt through the repos. Today: SQLite.
 */
import { type Expression, type RawBuilder, sql } from "kysely";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `column` contains `text`, ignoring case (SQLite's LIKE already ignores ASCII case; PostgreSQL: ILIKE). */
export const containsIgnoringCase = (
  column: Expression<unknown> | string,
  text: string,
): RawBuilder<boolean> =>
  sql<boolean>`${typeof column === "string" ? sql.ref(column) : column} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`;

/** How many rows of the group have `column = value` (portable CASE inside SUM; 0 for none). */
export const countWhere = (column: string, value: string) =>
  sql<number>`coalesce(sum(case when ${sql.ref(column)} = ${value} then 1 else 0 end), 0)`;

/** The UTC day (`YYYY-MM-DD`) `days` after the epoch-ms `column` (PostgreSQL: to_char(to_timestamp(…) + …)). */
export const utcDatePlusDays = (column: string, days: number) =>
  sql<string>`strftime('%Y-%m-%d', ${sql.ref(column)} / 1000 + ${days * 86_400}, 'unixepoch')`;
