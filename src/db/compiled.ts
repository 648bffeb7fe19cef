/**
 * Hot single-row lookups run on every request (API key, user, session, pin). Building and compiling them
 * with Kysely costs more than SQLite takes to answer, so `compiledOnce` builds a query once per database
 * handle — with placeholder arguments — and reruns its SQL with each call's arguments. Only for queries
 * whose parameters are exactly the function's arguments, in order (checked on first use).
 */
import { type Compilable, CompiledQuery } from "kysely";
import type { Db } from "./database";

export function compiledOnce<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
  ...placeholders: A
): (db: Db, ...args: A) => Promise<R | undefined> {
  const sqlFor = new WeakMap<Db, string>();
  return async (db, ...args) => {
    let text = sqlFor.get(db);
    if (text === undefined) {
      const compiled = build(db, ...placeholders).compile();
      if (compiled.parameters.length !== args.length) {
        throw new Error(
          `compiledOnce: the query takes ${compiled.parameters.length} parameters, not ${args.length}`,
        );
      }
      text = compiled.sql;
      sqlFor.set(db, text);
    }
    const result = await db.executeQuery<R>(CompiledQuery.raw(text, args) as CompiledQuery<R>);
    return result.rows[0];
  };
}
