import { describe, expect, test } from "bun:test";
import { compiledOnce } from "./compiled";
import { openDatabase } from "./database";
import { migrate } from "./migrate";

describe("compiledOnce", () => {
  test("runs the query with each call's arguments, built once per database", async () => {
    const { db, raw } = openDatabase(":memory:");
    migrate(raw);
    raw.run("INSERT INTO plans (name, monthly_pin_limit, bulk_allowed) VALUES ('test', 5, 1)");
    let builds = 0;
    const findPlan = compiledOnce((d, name: string) => {
      builds++;
      return d.selectFrom("plans").selectAll().where("name", "=", name);
    }, "");
    expect(await findPlan(db, "test")).toEqual({ name: "test", monthly_pin_limit: 5, bulk_allowed: 1 });
    expect(await findPlan(db, "pro")).toEqual({ name: "pro", monthly_pin_limit: null, bulk_allowed: 1 });
    expect(await findPlan(db, "nope")).toBeUndefined();
    expect(builds).toBe(1);
  });

  test("refuses a query whose parameters are not its arguments", async () => {
    const { db, raw } = openDatabase(":memory:");
    migrate(raw);
    const wrong = compiledOnce(
      (d, _name: string) => d.selectFrom("plans").selectAll().where("name", "in", ["a", "b"]),
      "",
    );
    await expect(wrong(db, "a")).rejects.toThrow(/takes 2 parameters, not 1/);
  });
});
