import { describe, expect, test } from "bun:test";
import { compiledAll, compiledOnce } from "./compiled";
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

  test("is built once for a database and every transaction opened on it", async () => {
    const { db, raw } = openDatabase(":memory:");
    migrate(raw);
    let builds = 0;
    const findPlan = compiledOnce((d, name: string) => {
      builds++;
      return d.selectFrom("plans").select("name").where("name", "=", name);
    }, "");
    await findPlan(db, "pro");
    for (let i = 0; i < 3; i++) {
      await db
        .transaction()
        .execute(async (trx) => expect(await findPlan(trx, "pro")).toEqual({ name: "pro" }));
    }
    expect(builds).toBe(1);
  });

  test("compiledAll gives every row of a read, and the affected rows of a write", async () => {
    const { db, raw } = openDatabase(":memory:");
    migrate(raw);
    const plansOver = compiledAll(
      (d, min: number) =>
        d.selectFrom("plans").select("name").where("monthly_pin_limit", ">", min).orderBy("name"),
      -1,
    );
    const limits = raw.query("SELECT name FROM plans WHERE monthly_pin_limit > 0 ORDER BY name").all();
    expect((await plansOver(db, 0)).rows).toEqual(limits as Array<{ name: string }>);
    const rename = compiledAll(
      (d, from: string, to: string) => d.updateTable("plans").set({ name: to }).where("name", "=", from),
      "-to",
      "-from",
    );
    await expect(rename(db, "pro", "pro2")).rejects.toThrow(/compiledOnce: the query binds/);
    const renameInOrder = compiledAll(
      (d, to: string, from: string) => d.updateTable("plans").set({ name: to }).where("name", "=", from),
      "-to",
      "-from",
    );
    expect((await renameInOrder(db, "pro2", "pro")).numAffectedRows).toBe(1n);
    expect(raw.query("SELECT count(*) AS n FROM plans WHERE name = 'pro2'").get()).toEqual({ n: 1 });
  });

  test("refuses a query whose parameters are not its arguments", async () => {
    const { db, raw } = openDatabase(":memory:");
    migrate(raw);
    const wrong = compiledOnce(
      (d, _name: string) => d.selectFrom("plans").selectAll().where("name", "in", ["a", "b"]),
      "",
    );
    await expect(wrong(db, "a")).rejects.toThrow(/binds \("a", "b"\) when called with \(""\)/);
  });

  describe("parameter order", () => {
    const setup = () => {
      const { db, raw } = openDatabase(":memory:");
      migrate(raw);
      raw.run("INSERT INTO plans (name, monthly_pin_limit, bulk_allowed) VALUES ('small', 5, 0)");
      return db;
    };

    test("runs a query whose where clauses bind the arguments in the function's order", async () => {
      const db = setup();
      const findPlan = compiledOnce(
        (d, name: string, limit: number) =>
          d.selectFrom("plans").selectAll().where("name", "=", name).where("monthly_pin_limit", "=", limit),
        "",
        -1,
      );
      expect(await findPlan(db, "small", 5)).toEqual({
        name: "small",
        monthly_pin_limit: 5,
        bulk_allowed: 0,
      });
      expect(await findPlan(db, "small", 6)).toBeUndefined();
    });

    test("refuses one whose where clauses bind them in another order, before running anything", async () => {
      const db = setup();
      // Same count, same types as a correct query: only the order is wrong. Unchecked, it would run
      // `name = 5 AND monthly_pin_limit = 'small'` and quietly find nothing.
      const swapped = compiledOnce(
        (d, name: string, limit: number) =>
          d.selectFrom("plans").selectAll().where("monthly_pin_limit", "=", limit).where("name", "=", name),
        "",
        -1,
      );
      await expect(swapped(db, "small", 5)).rejects.toThrow(
        /binds \(-1, ""\) when called with \("", -1\); .* in the same order/,
      );
    });

    test("refuses an argument used twice in place of another", async () => {
      const db = setup();
      const twice = compiledOnce(
        (d, name: string, _other: string) =>
          d.selectFrom("plans").selectAll().where("name", "=", name).where("name", "!=", name),
        "a",
        "b",
      );
      await expect(twice(db, "small", "x")).rejects.toThrow(
        /binds \("a", "a"\) when called with \("a", "b"\)/,
      );
    });

    test("refuses placeholders that are not distinct, since their order could not be checked", () => {
      expect(() =>
        compiledOnce(
          (d, id: number, userId: number) =>
            d.selectFrom("pins").selectAll().where("user_id", "=", userId).where("id", "=", id),
          0,
          0,
        ),
      ).toThrow(/placeholder arguments must be distinct values; 0 appears twice/);
    });
  });
});
