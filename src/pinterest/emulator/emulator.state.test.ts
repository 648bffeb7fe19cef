import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestClock } from "../../testing/clock";
import {
  basicAuth,
  PNG_3X2,
  REDIRECT_URI,
  STUDIO,
  STUDIO_BOARD,
  setupEmulator,
} from "../../testing/emulator-kit";

const dirs: string[] = [];
const opened: Array<ReturnType<typeof setupEmulator>> = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function statePath() {
  const dir = mkdtempSync(join(tmpdir(), "pinflow-emulator-"));
  dirs.push(dir);
  return join(dir, "emulator.db");
}

const open = (options: Parameters<typeof setupEmulator>[0]) => {
  const t = setupEmulator(options);
  opened.push(t);
  return t;
};

describe("persistence", () => {
  test("tokens, pins and image bytes survive a restart on the same state file", async () => {
    const path = statePath();
    const clock = createTestClock();
    const before = open({ statePath: path, clock });
    const tokens = await before.connect();
    const pin = await before.createPin(tokens.access_token, {
      media_source: { source_type: "image_base64", content_type: "image/png", data: PNG_3X2 },
    });
    // no close(): the first process may die at any moment (kill -9); every mutation is already on disk
    const after = open({ statePath: path, clock });
    const read = await after.call("GET", `/v5/pins/${pin.body.id}`, { token: tokens.access_token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(pin.body);
    const [stored] = after.emulator.pins();
    expect(Buffer.from(stored?.bytes ?? []).toString("base64")).toBe(PNG_3X2);
    const image = await after.emulator.app.handle(new Request(`http://localhost/media/${pin.body.id}`));
    expect(image.headers.get("content-type")).toBe("image/png");
    const refreshed = await after.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token },
    });
    expect(refreshed.status).toBe(200);
  });

  test("an issued code and a rotated refresh token keep their state across a restart", async () => {
    const path = statePath();
    const clock = createTestClock();
    const before = open({ statePath: path, clock });
    const code = before.emulator.authorize({
      accountId: STUDIO,
      redirectUri: REDIRECT_URI,
      scope: "pins:read",
    });
    const tokens = (await before.exchange(code)).body;
    await before.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token },
    });
    before.close();
    const after = open({ statePath: path, clock });
    expect((await after.exchange(code)).status).toBe(400); // still used
    const reused = await after.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token },
    });
    expect(reused.status).toBe(400); // still rotated away
  });

  test("pins keep growing ids after a restart (no id is reused)", async () => {
    const path = statePath();
    const clock = createTestClock();
    const before = open({ statePath: path, clock });
    const { access_token } = await before.connect();
    const first = await before.createPin(access_token);
    const after = open({ statePath: path, clock });
    const second = await after.createPin(access_token);
    expect(BigInt(second.body.id)).toBeGreaterThan(BigInt(first.body.id));
    expect(after.emulator.pins({ boardId: STUDIO_BOARD })).toHaveLength(2);
  });

  test("reset empties the state file too", async () => {
    const path = statePath();
    const clock = createTestClock();
    const before = open({ statePath: path, clock });
    const { access_token } = await before.connect();
    await before.createPin(access_token);
    await before.emulator.app.handle(new Request("http://localhost/_emulator/reset", { method: "POST" }));
    const after = open({ statePath: path, clock });
    expect(after.emulator.pins()).toEqual([]);
    expect((await after.call("GET", "/v5/user_account", { token: access_token })).status).toBe(401);
  });

  test("without a state path nothing outlives the instance", async () => {
    const clock = createTestClock();
    const one = open({ clock });
    const { access_token } = await one.connect();
    await one.createPin(access_token);
    const two = open({ clock });
    expect(two.emulator.pins()).toEqual([]);
    expect((await two.call("GET", "/v5/user_account", { token: access_token })).status).toBe(401);
  });

  test("the demo data is the same in every instance", () => {
    const one = open({});
    const two = open({ statePath: statePath() });
    expect(one.emulator.accounts()).toEqual(two.emulator.accounts());
    const accounts = one.emulator.accounts();
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    expect(accounts.some((account) => account.boards.length > 30)).toBe(true);
    for (const account of accounts) {
      expect(account.id).toMatch(/^\d+$/);
      for (const board of account.boards) {
        expect(board.id).toMatch(/^\d+$/);
        expect(board.name.length).toBeGreaterThan(0);
      }
    }
    const boardIds = accounts.flatMap((account) => account.boards.map((board) => board.id));
    expect(new Set(boardIds).size).toBe(boardIds.length);
  });
});
