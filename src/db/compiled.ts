/**
 * Hot queries run on every request or every published pin (API key, user, session, pin, the publisher's
 * claim). Building and compiling them with Kysely costs more than SQLite takes to answer, so `compiledOnce`
 * (one row) and `compiledAll` (every row) build a query once per SQL dialect, with placeholder arguments,
 * and rerun its SQL with each call's arguments bound in order. Keyed by the dialect's adapter, which a
 * database handle shares with every transaction opened on it: a query run inside a transaction is not
 * rebuilt for each one (as it was when the key was the handle itself).
 *
 * That is only right when the SQL's parameters are exactly the function's arguments, in the same order,
 * and both are checked: the placeholders must be distinct values (e.g. -1, -2; refused at definition
 * otherwise), and when the query is first built its compiled parameters must be those placeholders, one
 * for one, in argument order. A constant in the query, an argument used twice or not at all, or `where`
 * clauses that bind `(userId, id)` for a function of `(id, userId)` all throw there, instead of binding
 * the wrong values silently.
 */
import { type Compilable, CompiledQuery } from "kysely";
import type { Db } from "./database";

const show = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : String(value));

/** Throws unless `parameters` are exactly `placeholders`, in order. */
function checkParameterOrder(parameters: readonly unknown[], placeholders: readonly unknown[]): void {
  if (
    parameters.length !== placeholders.length ||
    parameters.some((value, i) => !Object.is(value, placeholders[i]))
  ) {
    const list = (values: readonly unknown[]) => `(${values.map(show).join(", ")})`;
    throw new Error(
      `compiledOnce: the query binds ${list(parameters)} when called with ${list(placeholders)}; ` +
        "its parameters must be exactly the function's arguments, in the same order",
    );
  }
}

/** The SQL text of `build` for `db`'s dialect, built and checked on first use. */
function sqlCache<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
  placeholders: A,
): (db: Db) => string {
  placeholders.forEach((value, i) => {
    if (placeholders.findIndex((other) => Object.is(other, value)) !== i) {
      throw new Error(
        `compiledOnce: placeholder arguments must be distinct values; ${show(value)} appears twice ` +
          "(their order could not be checked)",
      );
    }
  });
  const sqlFor = new WeakMap<object, string>();
  return (db) => {
    const dialect = db.getExecutor().adapter;
    let text = sqlFor.get(dialect);
    if (text === undefined) {
      const compiled = build(db, ...placeholders).compile();
      checkParameterOrder(compiled.parameters, placeholders);
      text = compiled.sql;
      sqlFor.set(dialect, text);
    }
    return text;
  };
}

/** The first row of the query `build` makes (undefined when none), compiled once per dialect. */
export function compiledOnce<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
  ...placeholders: A
): (db: Db, ...args: A) => Promise<R | undefined> {
  const sqlOf = sqlCache(build, placeholders);
  return async (db, ...args) => {
    const result = await db.executeQuery<R>(CompiledQuery.raw(sqlOf(db), args) as CompiledQuery<R>);
    return result.rows[0];
  };
}

/** Every row of the query `build` makes (or, for a write, its result), compiled once per dialect. */
export function compiledAll<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
  ...placeholders: A
): (db: Db, ...args: A) => Promise<{ rows: R[]; numAffectedRows?: bigint }> {
  const sqlOf = sqlCache(build, placeholders);
  return async (db, ...args) => db.executeQuery<R>(CompiledQuery.raw(sqlOf(db), args) as CompiledQuery<R>);
}
