import { describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import { signIn } from "../testing/fixtures";
import { pinSetup } from "../testing/pin-setup";
import { createTestApp } from "../testing/test-app";
import { VERSION } from "../version";

describe("GET /health", () => {
  test("reports status, version, mode, the instance that answered, uptime, database, scheduler, overdue pins, webhook backlog and whether the owner has yet to sign in", async () => {
    const { request, clock, scheduler, database } = createTestApp({ env: { PINFLOW_INSTANCE_ID: "web-1" } });
    clock.advance(2_500);
    await scheduler.runNow("publish");
    const res = await request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      version: VERSION,
      mode: "emulator",
      instance: "web-1",
      database: database.engine,
      uptime_s: 2,
      db: "ok",
      scheduler: { last_tick_at: "2026-05-01T12:00:02Z", stalled: false, tick_ms: 1000 },
      overdue_pins: 0,
      webhook_backlog: 0,
      awaiting_owner: true,
    });
  });

  test("without PINFLOW_INSTANCE_ID the instance is this machine's name and this process's id", async () => {
    const { request } = createTestApp();
    expect((await (await request("/health")).json()).instance).toBe(`${hostname()}:${process.pid}`);
  });

  test("stops saying the first sign-in makes an admin once someone has signed in", async () => {
    const t = createTestApp();
    expect((await (await t.request("/health")).json()).awaiting_owner).toBe(true);
    await signIn(t, 0);
    expect((await (await t.request("/health")).json()).awaiting_owner).toBe(false);
  });

  test("answers 503 once the scheduler has not ticked for 3 ticks", async () => {
    const { request, clock, scheduler } = createTestApp();
    clock.advance(3_000);
    expect((await request("/health")).status).toBe(200);
    clock.advance(1);
    const stalled = await request("/health");
    expect(stalled.status).toBe(503);
    expect((await stalled.json()).scheduler.stalled).toBe(true);
    await scheduler.runNow("publish");
    expect((await request("/health")).status).toBe(200);
  });

  test("counts scheduled pins left more than two ticks past their time", async () => {
    const { t, createOk } = await pinSetup();
    await createOk({ scheduled_at: "2026-05-01T12:00:05Z" });
    t.clock.advance(6_000);
    await t.scheduler.runNow("deliver-webhooks"); // a tick that does not publish
    expect((await (await t.request("/health")).json()).overdue_pins).toBe(0);
    t.clock.advance(2_001);
    await t.scheduler.runNow("deliver-webhooks");
    expect((await (await t.request("/health")).json()).overdue_pins).toBe(1);
  });

  test("reads the database at most once a second, however often it is polled", async () => {
    const { t, createOk } = await pinSetup();
    await createOk({ scheduled_at: "2026-05-01T12:00:05Z" });
    t.clock.advance(8_000);
    await t.scheduler.runNow("deliver-webhooks");
    expect((await (await t.request("/health")).json()).overdue_pins).toBe(1);
    await t.query("UPDATE pins SET status = 'draft'");
    t.clock.advance(999);
    const cached = await (await t.request("/health")).json();
    expect(cached.overdue_pins).toBe(1);
    expect(cached.uptime_s).toBe(8); // what is not read from the database stays live
    t.clock.advance(1);
    expect((await (await t.request("/health")).json()).overdue_pins).toBe(0);
  });

  test("answers 503 when the database is gone", async () => {
    const { request, database } = createTestApp();
    await database.close();
    const res = await request("/health");
    expect(res.status).toBe(503);
    expect((await res.json()).db).toBe("error");
  });
});
