import { describe, expect, test } from "bun:test";
import { createTestApp } from "../testing/test-app";
import { VERSION } from "../version";

describe("GET /health", () => {
  test("reports status, version, mode, uptime, database and scheduler", async () => {
    const { request, clock } = createTestApp();
    clock.advance(42_000);
    const res = await request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      version: VERSION,
      mode: "emulator",
      uptime_s: 42,
      db: "ok",
      scheduler: { last_tick_at: null },
    });
  });

  test("answers 503 when the database is gone", async () => {
    const { request, deps } = createTestApp();
    deps.raw.close();
    const res = await request("/health");
    expect(res.status).toBe(503);
    expect((await res.json()).db).toBe("error");
  });
});
