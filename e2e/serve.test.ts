import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MIGRATIONS } from "../migrations/index";
import { BUN, run, startPinflow, tempDir } from "./process";

describe("pinflow serve as a real process", () => {
  test("starts with one line saying where it listens and in which mode, with migrations applied", async () => {
    const dataDir = join(tempDir(), "nested", "data");
    const server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir]);
    try {
      const listening = server.lines.find((l) => l.includes("listening"));
      expect(listening).toContain("(emulator mode)");
      expect(listening).toContain(server.url);
      const db = new Database(join(dataDir, "pinflow.db"), { readonly: true });
      expect(db.query("SELECT name FROM schema_migrations ORDER BY name").all()).toEqual(
        MIGRATIONS.map((m) => ({ name: m.name })),
      );
      db.close();
    } finally {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
  }, 30_000);

  test("SIGTERM stops accepting requests, stops the jobs, closes the database and exits 0", async () => {
    const dataDir = tempDir();
    const server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir]);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    // a cleanly closed WAL database checkpoints and removes its -wal file
    expect(existsSync(join(dataDir, "pinflow.db-wal"))).toBe(false);
  }, 30_000);

  test("SIGINT does the same", async () => {
    const server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", tempDir()]);
    server.proc.kill("SIGINT");
    expect(await server.exited).toBe(0);
  }, 30_000);

  test("an invalid setting stops start-up with one clear line", async () => {
    const result = await run([BUN, "src/main.ts", "serve", "--data-dir", tempDir()], {
      env: { PINFLOW_PORT: "abc" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'pinflow: Invalid PINFLOW_PORT="abc": expected a whole number between 0 and 65535',
    );
  }, 30_000);
});
