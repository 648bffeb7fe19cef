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

/**
 * A write whose values object varies in its columns (an insert or an update of some of a row's columns):
 * compiled once per set of columns given (and number of further arguments), each value a parameter. `build`
 * gets the values (placeholders when compiling) and the further arguments, and must bind the values first,
 * in their order, then the further arguments in theirs — checked as compiledOnce checks.
 */
export function compiledPerColumns<V extends Record<string, unknown>, R>(
  build: (db: Db, values: V, ...more: number[]) => Compilable<R>,
): (db: Db, values: V, ...more: number[]) => Promise<R | undefined> {
  const perShape = new Map<string, (db: Db, ...args: unknown[]) => Promise<R | undefined>>();
  return (db, values, ...more) => {
    const columns = Object.keys(values).filter((c) => values[c] !== undefined);
    const key = `${more.length}:${columns.join(",")}`;
    let run = perShape.get(key);
    if (!run) {
      const n = columns.length;
      const placeholders = Array.from({ length: n + more.length }, (_, i) => -(i + 1));
      const placeholderArgs: unknown[] = placeholders;
      run = compiledOnce(
        (d, ...args: unknown[]) =>
          build(
            d,
            Object.fromEntries(columns.map((c, i) => [c, args[i]])) as V,
            ...(args.slice(n) as number[]),
          ),
        ...placeholderArgs,
      );
      perShape.set(key, run);
    }
    return run(db, ...columns.map((c) => values[c]), ...more);
  };
}
