import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestClock } from "../../testing/clock";
import {
  basicAuth,
  PINFLOW_SCOPES,
  PNG_3X2,
  REDIRECT_URI,
  STUDIO,
  STUDIO_BOARD,
  setupEmulator,
} from "../../testing/emulator-kit";
import { mp4Video } from "../../testing/videos";
import { type Changes, openStore, type PinRecord, type Store } from "./emulator.state";
import { EMULATOR_CLIENT_ID } from "./index";

const dirs: string[] = [];
const opened: Array<ReturnType<typeof setupEmulator>> = [];
const stores: Store[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
  for (const store of stores.splice(0)) store.close();
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

describe("persistence, kind by kind", () => {
  test("sections, video uploads, deleted pins and expired access tokens survive a restart too", async () => {
    const path = statePath();
    const clock = createTestClock();
    const before = open({ statePath: path, clock });
    const tokens = await before.connect();
    const board = await before.call("POST", "/v5/boards", {
      token: tokens.access_token,
      json: { name: "Kept" },
    });
    const section = await before.call("POST", `/v5/boards/${board.body.id}/sections`, {
      token: tokens.access_token,
      json: { name: "Soups" },
    });
    const video = await before.uploadVideo(tokens.access_token, mp4Video({ durationMs: 4000 }));
    const kept = await before.createPin(tokens.access_token, {
      board_id: board.body.id,
      board_section_id: section.body.id,
    });
    const gone = await before.createPin(tokens.access_token);
    await before.call("DELETE", `/v5/pins/${gone.body.id}`, { token: tokens.access_token });
    await before.emulator.app.handle(
      new Request("http://localhost/_emulator/faults", {
        method: "POST",
        body: JSON.stringify({ expireAccessTokens: true }),
      }),
    );
    // no close(): as after a kill -9
    const after = open({ statePath: path, clock });
    expect((await after.call("GET", "/v5/user_account", { token: tokens.access_token })).status).toBe(401);
    const refreshed = await after.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token },
    });
    const token = refreshed.body.access_token;
    const sections = await after.call("GET", `/v5/boards/${board.body.id}/sections`, { token });
    expect(sections.body.items).toEqual([{ id: section.body.id, name: "Soups" }]);
    const media = await after.call("GET", `/v5/media/${video.media_id}`, { token });
    expect(media.body.status).toBe("succeeded");
    expect(after.emulator.mediaUploads()).toEqual(before.emulator.mediaUploads());
    const read = await after.call("GET", `/v5/pins/${kept.body.id}`, { token });
    expect(read.body.board_section_id).toBe(section.body.id);
    expect((await after.call("GET", `/v5/pins/${gone.body.id}`, { token })).status).toBe(404);
    expect(after.emulator.pins()).toEqual(before.emulator.pins());
  });

  test("a restarted emulator continues pin, board, section and upload ids right after the last ones", async () => {
    const path = statePath();
    const clock = createTestClock();
    const makeOneOfEach = async (t: ReturnType<typeof setupEmulator>, token: string, name: string) => {
      const board = await t.call("POST", "/v5/boards", { token, json: { name } });
      const section = await t.call("POST", `/v5/boards/${board.body.id}/sections`, { token, json: { name } });
      const upload = await t.call("POST", "/v5/media", { token, json: { media_type: "video" } });
      const pin = await t.createPin(token);
      return [pin.body.id, board.body.id, section.body.id, upload.body.media_id].map(BigInt);
    };
    const before = open({ statePath: path, clock });
    const { access_token } = await before.connect();
    const first = await makeOneOfEach(before, access_token, "First");
    const after = open({ statePath: path, clock });
    const second = await makeOneOfEach(after, access_token, "Second");
    expect(second).toEqual(first.map((id) => id + 1n));
  });

  test("a pin created next to 300 others writes as many pages as one created next to none", async () => {
    const path = statePath();
    const t = open({ statePath: path, clock: createTestClock() });
    const { access_token } = await t.connect();
    // The WAL, emptied before a create, holds afterwards one frame per page that create wrote.
    const reader = new Database(path);
    const pagesOfOneCreate = async () => {
      reader.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      expect((await t.createPin(access_token)).status).toBe(201);
      return reader.query<{ log: number }, []>("PRAGMA wal_checkpoint(PASSIVE)").get()?.log ?? -1;
    };
    // The median of five: now and then a create also splits a page of the pins' table.
    const typicalPages = async () => {
      const pages = [];
      for (let i = 0; i < 5; i++) pages.push(await pagesOfOneCreate());
      return pages.sort((a, b) => a - b)[2];
    };
    const alone = await typicalPages();
    for (let i = 0; i < 300; i++) await t.createPin(access_token);
    const amongMany = await typicalPages();
    reader.close();
    // Rewriting the 300 pins, as one snapshot or as rows, would be some 30 pages more.
    expect(amongMany).toBe(alone);
    expect(t.emulator.pins()).toHaveLength(310);
  });
});

describe("the store", () => {
  const openOn = (path?: string) => {
    const store = openStore(path);
    stores.push(store);
    return store;
  };
  const pin = (id: string, fields: Partial<PinRecord> = {}): PinRecord => ({
    id,
    accountId: STUDIO,
    boardId: STUDIO_BOARD,
    title: `Pin ${id}`,
    description: null,
    link: null,
    altText: null,
    dominantColor: "#A0B0C0",
    media: { type: "image_url", url: "https://images.example.com/a.jpg" },
    width: 1000,
    height: 1500,
    createdAt: 1_777_000_000_000,
    deletedAt: null,
    responseLost: false,
    ...fields,
  });
  const grant = { clientId: EMULATOR_CLIENT_ID, accountId: STUDIO, scopes: ["pins:read"], expiresAt: 2e12 };
  const oneOfEach = (tx: Changes) => {
    tx.put("pins", "2", pin("2"));
    tx.put("pins", "1", pin("1"));
    tx.put("codes", "c1", { ...grant, redirectUri: REDIRECT_URI, usedAt: null });
    tx.put("codes", "c2", { ...grant, redirectUri: REDIRECT_URI, usedAt: 5 });
    tx.put("accessTokens", "pina.1", grant);
    tx.put("refreshTokens", "pinr.1", { ...grant, mode: "continuous", replacedAt: null });
    tx.put("boards", "b1", {
      id: "b1",
      accountId: STUDIO,
      name: "B",
      description: "",
      privacy: "SECRET",
      createdAt: 1,
    });
    tx.put("sections", "s1", { id: "s1", boardId: "b1", name: "S", createdAt: 2 });
    tx.put("uploads", "u1", {
      id: "u1",
      accountId: STUDIO,
      parameters: { key: "uploads/u1" },
      registeredAt: 3,
      expiresAt: 4,
      uploadedAt: null,
      uploads: 0,
      byteLength: null,
      contentType: null,
      durationMs: null,
      width: null,
      height: null,
      processingMs: 0,
      outcome: null,
    });
  };
  const contents = (store: Store) => ({
    pins: [...store.pins],
    codes: [...store.codes],
    accessTokens: [...store.accessTokens],
    refreshTokens: [...store.refreshTokens],
    boards: [...store.boards],
    sections: [...store.sections],
    uploads: [...store.uploads],
  });

  test("every kind of record is in the file once its change returns, read back in the order it was made", () => {
    const path = statePath();
    const store = openOn(path);
    store.change(oneOfEach);
    store.change((tx) => {
      tx.put("pins", "2", pin("2", { deletedAt: 9 }));
      tx.remove("codes", "c2");
    });
    const reopened = openOn(path);
    expect(contents(reopened)).toEqual(contents(store));
    expect([...reopened.pins.keys()]).toEqual(["2", "1"]);
    expect(reopened.pins.get("2")?.deletedAt).toBe(9);
    expect(reopened.codes.has("c2")).toBe(false);
  });

  test("a reopened store continues every id sequence where the last one stopped", () => {
    const path = statePath();
    const store = openOn(path);
    const takeAll = (tx: Changes) => [
      tx.nextSeq("pin"),
      tx.nextSeq("board"),
      tx.nextSeq("section"),
      tx.nextSeq("upload"),
    ];
    expect(store.change(takeAll)).toEqual([1, 1, 1, 1]);
    store.change((tx) => tx.nextSeq("pin"));
    expect(openOn(path).change(takeAll)).toEqual([3, 2, 2, 2]);
  });

  test("a change that throws leaves memory and the file as they were", () => {
    const path = statePath();
    const store = openOn(path);
    store.change(oneOfEach);
    const before = structuredClone(contents(store));
    expect(() =>
      store.change((tx) => {
        tx.put("pins", "3", pin("3"));
        tx.put("pins", "1", pin("1", { deletedAt: 7 }));
        tx.remove("codes", "c1");
        tx.nextSeq("pin");
        throw new Error("halfway");
      }),
    ).toThrow("halfway");
    expect(contents(store)).toEqual(before);
    expect(contents(openOn(path))).toEqual(before);
    expect(store.change((tx) => tx.nextSeq("pin"))).toBe(1);
  });

  test("a change kept past its end refuses to write (what it wrote would never reach the file)", () => {
    const store = openOn(statePath());
    let kept: Changes | null = null;
    store.change((tx) => {
      kept = tx;
    });
    expect(() => kept?.put("pins", "1", pin("1"))).toThrow("after it ended");
    expect(store.pins.size).toBe(0);
  });

  test("without a path the same changes live in memory only, and reset empties them", () => {
    const store = openOn();
    store.change(oneOfEach);
    expect(store.pins.size).toBe(2);
    expect(openOn().pins.size).toBe(0);
    store.reset();
    expect(contents(store)).toEqual(contents(openOn()));
    expect(store.change((tx) => tx.nextSeq("pin"))).toBe(1);
  });
});

describe("a state file of the previous version (one JSON snapshot row)", () => {
  test("keeps its pins, images, tokens, codes, boards, sections, uploads and ids, moved into rows once", async () => {
    const path = statePath();
    const clock = createTestClock();
    const now = clock.now();
    const scopes = PINFLOW_SCOPES.split(",");
    const grant = { clientId: EMULATOR_CLIENT_ID, accountId: STUDIO, scopes };
    const board = "1072067955000000001";
    const image = "999650000000000001";
    const deleted = "999650000000000002";
    const oldPin = (id: string, deletedAt: number | null) => ({
      id,
      accountId: STUDIO,
      boardId: board,
      // no boardSectionId: pins saved before sections existed have none
      title: `Old ${id}`,
      description: null,
      link: null,
      altText: null,
      dominantColor: "#A0B0C0",
      media: { type: "image_base64", contentType: "image/png", byteLength: 70 },
      width: 3,
      height: 2,
      createdAt: now - 60_000,
      deletedAt,
      responseLost: false,
    });
    const snapshot = {
      version: 1,
      nextPinSeq: 3,
      codes: { c0de: { ...grant, redirectUri: REDIRECT_URI, expiresAt: now + 600_000, usedAt: null } },
      accessTokens: { "pina.old": { ...grant, expiresAt: now + 86_400_000 } },
      refreshTokens: {
        "pinr.old": { ...grant, expiresAt: now + 86_400_000, mode: "continuous", replacedAt: null },
      },
      pins: [oldPin(image, null), oldPin(deleted, now - 1000)],
      boards: [
        { id: board, accountId: STUDIO, name: "Old board", description: "", privacy: "PUBLIC", createdAt: 1 },
      ],
      sections: [{ id: "5497558860000000001", boardId: board, name: "Old section", createdAt: 2 }],
      media: [
        {
          id: "5212123920968241",
          accountId: STUDIO,
          parameters: { key: "uploads/old" },
          registeredAt: now - 5000,
          expiresAt: now + 3_600_000,
          uploadedAt: now - 4000,
          uploads: 1,
          byteLength: 1234,
          contentType: "video/mp4",
          durationMs: 4000,
          width: 1080,
          height: 1920,
          processingMs: 0,
          outcome: "succeeded",
        },
      ],
      nextBoardSeq: 2,
      nextSectionSeq: 2,
      nextMediaSeq: 2,
    };
    const file = new Database(path, { create: true });
    file.exec("CREATE TABLE emulator_state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)");
    file.exec(
      "CREATE TABLE emulator_media (pin_id TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL)",
    );
    file.query("INSERT INTO emulator_state (id, data) VALUES (1, ?)").run(JSON.stringify(snapshot));
    file
      .query("INSERT INTO emulator_media (pin_id, content_type, bytes) VALUES (?, 'image/png', ?)")
      .run(image, Buffer.from(PNG_3X2, "base64"));
    file.close();

    const t = open({ statePath: path, clock });
    const token = "pina.old";
    const read = await t.call("GET", `/v5/pins/${image}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ title: `Old ${image}`, board_id: board, board_section_id: null });
    const bytes = await t.emulator.app.handle(new Request(`http://localhost/media/${image}`));
    expect(Buffer.from(await bytes.arrayBuffer()).toString("base64")).toBe(PNG_3X2);
    expect(t.emulator.pins().map((p) => [p.id, p.deletedAt])).toEqual([
      [image, null],
      [deleted, now - 1000],
    ]);
    const sections = await t.call("GET", `/v5/boards/${board}/sections`, { token });
    expect(sections.body.items.map((s: { name: string }) => s.name)).toEqual(["Old section"]);
    expect((await t.call("GET", "/v5/media/5212123920968241", { token })).body.status).toBe("succeeded");
    expect((await t.exchange("c0de")).status).toBe(200);
    const refreshed = await t.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token: "pinr.old" },
    });
    expect(refreshed.status).toBe(200);
    const next = await t.createPin(token, { board_id: board });
    expect(next.body.id).toBe("999650000000000003");
    const made = await t.call("POST", "/v5/boards", { token, json: { name: "New board" } });
    expect(made.body.id).toBe("1072067955000000002");

    const tables = new Database(path, { readonly: true });
    const names = tables
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all();
    tables.close();
    expect(names.map((n) => n.name)).not.toContain("emulator_state");
    const again = open({ statePath: path, clock });
    expect(again.emulator.pins().map((p) => p.id)).toEqual([image, deleted, next.body.id]);
  });
});
