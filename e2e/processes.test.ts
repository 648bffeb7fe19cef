/**
 * Real `pinflow serve` processes on one PostgreSQL, as the README's "Running on more than one machine" sets
 * them up: the same PINFLOW_DATABASE_URL and PINFLOW_SECRET, a data folder each, one Pinterest (here the
 * standalone emulator). PostgreSQL only: it runs in the PostgreSQL pass, on the tests' own server.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { emptyTestPostgres } from "../src/testing/postgres";
import { TEST_ENGINE } from "../src/testing/test-app";
import { createKey, pinflowEnvFor, signInOver, startEmulator, waitFor } from "./pinflow-client";
import { BUN, type Running, run, startPinflow, tempDir } from "./process";

const running: Running[] = [];
afterAll(() => {
  for (const r of running) r.proc.kill(9);
});

const SECRET = "e2e-shared-master-secret-0123456789abcdef";

describe.skipIf(TEST_ENGINE !== "postgres")(
  "two PinFlow processes on one PostgreSQL (PostgreSQL only)",
  () => {
    test("both serve the same data, /health names each instance, and every pin goes to Pinterest once", async () => {
      const emulator = await startEmulator(tempDir());
      running.push(emulator);
      const accountId = (await (await fetch(`${emulator.url}/_emulator/state`)).json()).accounts[0]
        .id as string;
      const { url } = await emptyTestPostgres();
      const start = async (name: string) => {
        const p = await startPinflow([BUN, "src/main.ts", "serve", "--port", "0", "--data-dir", tempDir()], {
          env: pinflowEnvFor(emulator.url, {
            PINFLOW_DATABASE_URL: url,
            PINFLOW_SECRET: SECRET,
            PINFLOW_INSTANCE_ID: name,
            PINFLOW_PUBLISH_CONCURRENCY: "2",
          }),
        });
        running.push(p);
        return p;
      };
      // started together: one migrates, the other waits on the migration lock and finds nothing to do
      const [a, b] = await Promise.all([start("web-a"), start("web-b")]);
      const healthA = await (await fetch(`${a.url}/health`)).json();
      const healthB = await (await fetch(`${b.url}/health`)).json();
      expect([healthA.instance, healthB.instance]).toEqual(["web-a", "web-b"]);
      expect([healthA.database, healthB.database]).toEqual(["postgres", "postgres"]);

      // signed in through A; the key works on B (one database, one master secret)
      const key = await createKey(a.url, await signInOver(a.url, emulator.url, accountId));
      const api = (base: string, path: string, init: RequestInit = {}) =>
        fetch(`${base}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
        });
      const boards = (await (await api(b.url, "/boards")).json()).items as Array<{ id: string }>;
      expect(boards.length).toBeGreaterThan(0);
      const titles: string[] = [];
      for (let i = 0; i < 20; i++) {
        const title = `two processes ${i}`;
        titles.push(title);
        const res = await api(i % 2 ? b.url : a.url, "/pins", {
          method: "POST",
          body: JSON.stringify({
            board_id: boards[0]?.id,
            media_url: "https://example.com/a.jpg",
            title,
          }),
        });
        expect(res.status).toBe(201);
      }
      const published = await waitFor("every pin published", async () => {
        const list = (await (await api(a.url, "/pins?status=published&limit=100")).json()) as unknown[];
        return list.length === 20 ? list : null;
      });
      expect(published).toHaveLength(20);
      const onPinterest = (await (await fetch(`${emulator.url}/_emulator/state`)).json()).pins as Array<{
        title: string;
      }>;
      const ours = onPinterest.filter((p) => titles.includes(p.title));
      expect(ours).toHaveLength(20);
      expect(new Set(ours.map((p) => p.title)).size).toBe(20);
    });

    test("pinflow export-db copies a data folder's SQLite database into an empty PostgreSQL one and says what to set next", async () => {
      const dataDir = tempDir();
      const migrated = await run([BUN, "src/main.ts", "migrate", "--data-dir", dataDir]);
      expect(migrated.code).toBe(0);
      const { url } = await emptyTestPostgres();
      const exported = await run([BUN, "src/main.ts", "export-db", "--to", url, "--data-dir", dataDir]);
      expect(exported.stderr).toBe("");
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain("plans: 3 of 3 rows");
      expect(exported.stdout).toContain("every table's count matches");
      expect(exported.stdout).toContain("PINFLOW_SECRET");
      const again = await run([BUN, "src/main.ts", "export-db", "--to", url, "--data-dir", dataDir]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("is not empty");
    });
  },
);
