import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { BUN, ROOT, run, startPinflow, tempDir } from "./process";

describe("the compiled binary", () => {
  test("built alone into an empty folder, it prints its version and help, migrates, serves and backs up", async () => {
    const buildDir = tempDir("pinflow-build-");
    const built = await run([BUN, "run", "build.ts", join(buildDir, "pinflow")], { cwd: ROOT });
    expect(built.code).toBe(0);

    const dir = tempDir("pinflow-bin-"); // under /tmp: no node_modules anywhere above it
    const bin = join(dir, "pinflow");
    copyFileSync(join(buildDir, "pinflow"), bin);
    Bun.spawnSync(["chmod", "+x", bin]);

    const version = await run([bin, "--version"], { cwd: dir });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await run([bin, "--help"], { cwd: dir });
    expect(help.stdout).toContain("backup FILE");
    expect(help.stdout).toContain("--data-dir");

    const migrated = await run([bin, "migrate", "--data-dir", "data"], { cwd: dir });
    expect(migrated.stdout).toContain("0001_init");
    expect(existsSync(join(dir, "data", "pinflow.db"))).toBe(true);
    expect(statSync(join(dir, "data", "secret.key")).mode & 0o777).toBe(0o600);

    const server = await startPinflow([bin, "serve", "--port", "0", "--data-dir", "data"], { cwd: dir });
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).status).toBe("ok");
      // the binary raises Bun's header limit too: long headers get PinFlow's JSON 431, not Bun's bare one
      const fat = await fetch(`${server.url}/health`, { headers: { "x-padding": "a".repeat(20_000) } });
      expect(fat.status).toBe(431);
      expect((await fat.json()).detail).toStartWith("Request headers too large");
      const backup = await run([bin, "backup", "copy.db", "--data-dir", "data"], { cwd: dir });
      expect(backup.code).toBe(0);
      expect(existsSync(join(dir, "copy.db"))).toBe(true);
      const again = await run([bin, "backup", "copy.db", "--data-dir", "data"], { cwd: dir });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("already exists");
    } finally {
      server.proc.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
  }, 120_000);
});
