/**
 * Crash safety on a real process: kill -9 PinFlow while Pinterest has created a pin but its answer is
 * lost, restart it, and check the pin ends `published` exactly once on Pinterest — never lost, never twice.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createKey, pinflowEnvFor, signInOver, startEmulator, waitFor } from "./pinflow-client";
import { BUN, type Running, startPinflow, tempDir } from "./process";

const running: Running[] = [];
afterAll(() => {
  for (const r of running) r.proc.kill(9);
});

describe("kill -9 in the middle of publishing", () => {
  test("a pin whose create reached Pinterest is reconciled after the restart: published once, not lost", async () => {
    const emulator = await startEmulator(tempDir());
    running.push(emulator);
    const state = async () => (await fetch(`${emulator.url}/_emulator/state`)).json();
    const accountId = (await state()).accounts[0].id as string;

    const dataDir = tempDir();
    const env = pinflowEnvFor(emulator.url);
    const start = async () => {
      const p = await startPinflow([BUN, "src/main.ts", "serve", "--port", "0", "--data-dir", dataDir], {
        env,
      });
      running.push(p);
      return p;
    };
    let pinflow = await start();
    const session = await signInOver(pinflow.url, emulator.url, accountId);
    const key = await createKey(pinflow.url, session);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${pinflow.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
      });
    const boards = await (await api("/boards")).json();

    await fetch(`${emulator.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ loseCreateResponses: 1 }),
    });
    const created = await api("/pins", {
      method: "POST",
      body: JSON.stringify({
        board_id: boards.items[0].id,
        media_url: "https://example.com/a.jpg",
        title: "Crash test",
      }),
    });
    expect(created.status).toBe(201);
    const pin = await created.json();

    // Pinterest has the pin, PinFlow is still waiting for the answer that will never come.
    const onPinterest = await waitFor("the emulator to create the pin", async () => {
      const pins = (await state()).pins;
      return pins.length === 1 && pins[0].responseLost ? pins[0] : null;
    });
    expect((await (await api(`/pins/${pin.id}`)).json()).status).toBe("publishing");

    pinflow.proc.kill(9);
    await pinflow.exited;
    pinflow = await start();

    const published = await waitFor("the pin to be reconciled", async () => {
      const p = await (await api(`/pins/${pin.id}`)).json();
      return p.status === "published" ? p : null;
    });
    expect(published.pinterest_pin_id).toBe(onPinterest.id);
    expect((await state()).pins).toHaveLength(1);
    expect(pinflow.lines.some((l) => l.includes("reconciled pins left publishing"))).toBe(true);
  }, 60_000);

  test("an acknowledged pin survives a kill -9 right after its 201", async () => {
    const emulator = await startEmulator(tempDir());
    running.push(emulator);
    const accountId = (await (await fetch(`${emulator.url}/_emulator/state`)).json()).accounts[0]
      .id as string;
    const dataDir = tempDir();
    const env = pinflowEnvFor(emulator.url);
    const pinflow = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir], { env });
    running.push(pinflow);
    const key = await createKey(pinflow.url, await signInOver(pinflow.url, emulator.url, accountId));
    const res = await fetch(`${pinflow.url}/pins`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        board_id: "1",
        media_url: "https://example.com/a.jpg",
        status: "draft",
        title: "Kept",
      }),
    });
    expect(res.status).toBe(201);
    const pin = await res.json();
    pinflow.proc.kill(9);
    await pinflow.exited;
    const again = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", dataDir], { env });
    running.push(again);
    const read = await fetch(`${again.url}/pins/${pin.id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(await read.json()).toMatchObject({ id: pin.id, title: "Kept", status: "draft" });
  }, 60_000);
});
