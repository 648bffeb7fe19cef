import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { signInOver, waitFor } from "./pinflow-client";
import { BUN, run, startPinflow, tempDir } from "./process";

const EMULATOR = "/emulator/pinterest";

describe("account administration from the CLI", () => {
  test("users list, approve, suspend and set, and keys create, on a headless server's data", async () => {
    const dataDir = tempDir();
    const server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir]);
    const accounts = ["2783136121146311751", "2783136121146311752"];
    // two people sign in through the built-in demo Pinterest: the first is admin, the second waits
    expect((await fetch(`${server.url}${EMULATOR}/_emulator/state`)).status).not.toBe(200); // no control API when mounted
    for (const id of accounts) await signInOver(server.url, `${server.url}${EMULATOR}`, id);
    server.proc.kill("SIGTERM");
    await server.exited;

    const cli = (...args: string[]) => run([BUN, "src/main.ts", ...args, "--data-dir", dataDir]);
    const list = await cli("users", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("pinflow_studio");
    const users = JSON.parse((await cli("users", "list", "--json")).stdout) as Array<{
      username: string;
      status: string;
    }>;
    expect(users.map((u) => u.status)).toEqual(["approved", "pending"]);
    const second = users[1]?.username as string;

    expect((await cli("users", "approve", second)).stdout).toContain("status approved");
    const set = await cli("users", "set", second, "--plan", "growth", "--daily-limit", "50");
    expect(set.stdout).toContain("plan growth, daily limit 50");
    expect((await cli("users", "suspend", second)).stdout).toContain("status suspended");
    const unknownPlan = await cli("users", "set", second, "--plan", "gold");
    expect(unknownPlan.code).toBe(2);
    expect(unknownPlan.stderr).toContain("Unknown plan 'gold'");
    const nobody = await cli("users", "approve", "nobody");
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain("User 'nobody' not found");

    const key = await cli("keys", "create", "--user", "pinflow_studio", "--name", "n8n");
    expect(key.code).toBe(0);
    const secret = key.stdout.match(/sk_pinflow_[0-9a-f]{64}/)?.[0] as string;
    expect(secret).toBeString();

    const again = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir]);
    try {
      const me = await waitFor("the key to work", async () => {
        const res = await fetch(`${again.url}/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
        return res.ok ? res.json() : null;
      });
      expect(me.username).toBe("pinflow_studio");
    } finally {
      again.proc.kill("SIGTERM");
      await again.exited;
    }
    // the API refuses to leave no approved admin; the server's operator may still do it
    const stepDown = await cli("users", "set", "pinflow_studio", "--admin", "false");
    expect(stepDown.code).toBe(0);
    expect(stepDown.stdout).not.toContain(", admin");
  }, 60_000);

  test("a wrong command or missing argument prints usage and exits 2", async () => {
    const dataDir = tempDir();
    for (const args of [
      ["users"],
      ["users", "approve"],
      ["keys", "create", "--user", "x"],
      ["frobnicate"],
      ["backup"],
    ]) {
      const result = await run([BUN, "src/main.ts", ...args, "--data-dir", dataDir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^pinflow: /);
    }
  }, 60_000);
});

describe("operating a server from the CLI", () => {
  test("healthcheck exits 0 while the server answers, 1 once it is gone, and 1 (never 2) on a bad address", async () => {
    const dataDir = tempDir();
    const server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir]);
    const port = new URL(server.url).port;
    const healthy = await run([BUN, "src/main.ts", "healthcheck", "--port", port]);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toStartWith(`healthy: ${server.url}/health answered 200`);
    // as in the container: bound to every interface, no Pinterest app; the probe asks loopback
    const wildcard = await run([BUN, "src/main.ts", "healthcheck"], {
      env: { PINFLOW_HOST: "0.0.0.0", PINFLOW_PORT: port },
    });
    expect(wildcard.code).toBe(0);
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);

    const gone = await run([BUN, "src/main.ts", "healthcheck", "--port", port]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toStartWith(`pinflow: unhealthy: ${server.url}/health did not answer`);
    const bad = await run([BUN, "src/main.ts", "healthcheck", "--port", "http"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'pinflow: unhealthy: Invalid --port="http": expected a whole number between 0 and 65535',
    );
  }, 60_000);

  test("backup into a folder with --keep rotates its own copies only; --keep needs a folder", async () => {
    const dataDir = tempDir();
    expect((await run([BUN, "src/main.ts", "migrate", "--data-dir", dataDir])).code).toBe(0);
    const folder = join(tempDir(), "backups");
    mkdirSync(folder);
    const old = ["pinflow-20250101T000000.000Z.db", "pinflow-20250102T000000.000Z.db"];
    const beforeMigration = "pinflow-20250101T000000.000Z-before-0002_x.db";
    for (const name of [...old, beforeMigration]) writeFileSync(join(folder, name), "");

    const result = await run([
      BUN,
      "src/main.ts",
      "backup",
      `${folder}/`,
      "--keep",
      "2",
      "--data-dir",
      dataDir,
    ]);
    expect(result.code).toBe(0);
    const written = /Backup written to (\S+)/.exec(result.stdout)?.[1] as string;
    expect(result.stdout).toContain(`Removed old backup ${join(folder, old[0] as string)}`);
    expect(readdirSync(folder).sort()).toEqual(
      [beforeMigration, old[1] as string, written.slice(folder.length + 1)].sort(),
    );

    for (const args of [
      ["backup", join(folder, "one.db"), "--keep", "2"],
      ["backup", `${folder}/`, "--keep", "0"],
    ]) {
      const refused = await run([BUN, "src/main.ts", ...args, "--data-dir", dataDir]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^pinflow: --keep/);
    }
    const nothing = await run([BUN, "src/main.ts", "backup", `${folder}/`, "--data-dir", tempDir()]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toStartWith("pinflow: there is no database at");
  }, 60_000);

  test("a database written by a newer PinFlow stops serve and migrate with one line and exit 2", async () => {
    const dataDir = tempDir();
    expect((await run([BUN, "src/main.ts", "migrate", "--data-dir", dataDir])).code).toBe(0);
    const db = new Database(join(dataDir, "pinflow.db"));
    db.run("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future', 0)");
    db.close();
    for (const command of ["serve", "migrate"]) {
      const result = await run([BUN, "src/main.ts", command, "--port", "0", "--data-dir", dataDir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toStartWith(`pinflow: ${join(dataDir, "pinflow.db")} was written by a newer PinFlow`);
      expect(lines[0]).toContain("9999_from_the_future");
    }
  }, 60_000);
});
