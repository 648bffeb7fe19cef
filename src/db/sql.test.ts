/**
 * The named engine-specific SQL of db/sql.ts, run on the engine of the test pass (SQLite in `npm test`,
 * PostgreSQL with PINFLOW_TEST_DB=postgres): both spellings must mean the same.
 */
import { describe, expect, test } from "bun:test";
import { createTestApp } from "../testing/test-app";
import { amongJsonTexts, notAmongJsonIds } from "./sql";

const names = ["starter", "growth", "pro"];

describe("lists as one JSON parameter", () => {
  test("amongJsonTexts keeps the rows whose column is one of the strings", async () => {
    const { deps } = createTestApp();
    const plans = async (json: string) =>
      (
        await deps.db
          .selectFrom("plans")
          .select("name")
          .where(amongJsonTexts(deps.db, "name", json))
          .orderBy("name")
          .execute()
      ).map((p) => p.name);
    const all = (await deps.db.selectFrom("plans").select("name").orderBy("name").execute()).map(
      (p) => p.name,
    );
    const some = all.filter((n) => names.includes(n)).slice(0, 2);
    expect(some.length).toBeGreaterThan(0);
    expect(await plans(JSON.stringify(some))).toEqual(some);
    expect(await plans(JSON.stringify(["no such plan"]))).toEqual([]);
    expect(await plans("[]")).toEqual([]);
  });

  test("notAmongJsonIds drops the rows whose id is in the list, and keeps all for an empty one", async () => {
    const { deps } = createTestApp();
    const ids = async (json: string) =>
      (
        await deps.db
          .selectFrom("plans")
          .select("name")
          .where(notAmongJsonIds(deps.db, "monthly_pin_limit", json))
          .orderBy("name")
          .execute()
      ).map((p) => p.name);
    const limited = await deps.db
      .selectFrom("plans")
      .select(["name", "monthly_pin_limit"])
      .where("monthly_pin_limit", "is not", null)
      .orderBy("name")
      .execute();
    expect(limited.length).toBeGreaterThan(1);
    const [first, ...rest] = limited;
    expect(await ids(JSON.stringify([first?.monthly_pin_limit]))).toEqual(
      rest.filter((p) => p.monthly_pin_limit !== first?.monthly_pin_limit).map((p) => p.name),
    );
    // a NULL is among nothing (kept for an empty list) and unknown against a non-empty one, on both engines
    const all = (await deps.db.selectFrom("plans").select("name").orderBy("name").execute()).map(
      (p) => p.name,
    );
    expect(await ids("[]")).toEqual(all);
  });
});
