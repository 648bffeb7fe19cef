import { compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";

export const listPlans = (db: Db) => db.selectFrom("plans").selectAll().orderBy("name").execute();

/** Compiled once: every create reads the user's plan for its monthly quota. */
export const findPlan = compiledOnce(
  (db, name: string) => db.selectFrom("plans").selectAll().where("name", "=", name),
  "-1",
);

export const updatePlan = (
  db: Db,
  name: string,
  values: { monthly_pin_limit?: number | null; bulk_allowed?: number },
) => db.updateTable("plans").set(values).where("name", "=", name).returningAll().executeTakeFirst();
