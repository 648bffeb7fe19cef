import { afterAll, describe, expect, test } from "bun:test";
import { createKey, pinflowEnvFor, signInOver, startEmulator, waitFor } from "./pinflow-client";
import { BUN, type Running, startPinflow, tempDir } from "./process";

const running: Running[] = [];
afterAll(() => {
  for (const r of running) r.proc.kill(9);
});

describe("graceful shutdown", () => {
  test("SIGTERM lets a request in flight finish (here: a publish waiting on a slow Pinterest), then exits 0", async () => {
    const emulator = await startEmulator(tempDir());
    running.push(emulator);
    const accountId = (await (await fetch(`${emulator.url}/_emulator/state`)).json()).accounts[0]
      .id as string;
    const pinflow = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", tempDir()], {
      env: pinflowEnvFor(emulator.url),
    });
    running.push(pinflow);
    const key = await createKey(pinflow.url, await signInOver(pinflow.url, emulator.url, accountId));
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const boards = await (await fetch(`${pinflow.url}/boards`, { headers })).json();
    const pin = await (
      await fetch(`${pinflow.url}/pins`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          board_id: boards.items[0].id,
          media_url: "https://example.com/a.jpg",
          status: "draft",
        }),
      })
    ).json();
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: "POST",
      headers,
      body: JSON.stringify({ latencyMs: 1500 }),
    });

    const publishing = fetch(`${pinflow.url}/pins/${pin.id}/publish`, { method: "POST", headers });
    await waitFor("the publish call to reach Pinterest", async () => {
      const p = await (await fetch(`${pinflow.url}/pins/${pin.id}`, { headers })).json();
      return p.status === "publishing";
    });
    pinflow.proc.kill("SIGTERM");
    const answer = await publishing;
    expect(answer.status).toBe(200);
    expect((await answer.json()).status).toBe("published");
    expect(await pinflow.exited).toBe(0);
    expect(pinflow.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    const onPinterest = (await (await fetch(`${emulator.url}/_emulator/state`)).json()).pins;
    expect(onPinterest).toHaveLength(1);
  }, 60_000);
});
