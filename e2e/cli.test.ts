import { describe, expect, test } from "bun:test";
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
