import type { Db } from "../db/database";

export const listPlans = (db: Db) => db.selectFrom("plans").selectAll().orderBy("name").execute();

export const findPlan = (db: Db, name: string) =>
  db.selectFrom("plans").selectAll().where("name", "=", name).executeTakeFirst();

export const updatePlan = (
  db: Db,
  name: string,
  values: { monthly_pin_limit?: number | null; bulk_allowed?: number },
) => db.updateTable("plans").set(values).where("name", "=", name).returningAll().executeTakeFirst();
