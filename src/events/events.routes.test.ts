/**
 * GET /events through app.handle: the stream is read chunk by chunk; changes reach it when the
 * `live-updates` job runs (fired from the fake clock) or when the poll is called directly. Nothing waits on
 * the wall clock.
 */
import { describe, expect, test } from "bun:test";
import { apiKeyFor, signIn } from "../testing/fixtures";
import { forceStatus, pinSetup, secondUser } from "../testing/pin-setup";
import { createTestApp, TEST_ENGINE } from "../testing/test-app";
import { closeStreams, KEEP_ALIVE_MS, pollChanges, pruneChanges, REPLAY_LIMIT } from "./events.service";

interface Event {
  id: number | null;
  event: string | null;
  data: unknown;
  comment: string | null;
}

/** Reads whole SSE frames (blank-line separated) from a stream, one at a time, across chunk boundaries. */
function frames(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const pending: Event[] = [];
  const parse = (block: string): Event => {
    const e: Event = { id: null, event: null, data: null, comment: null };
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) e.comment = line.slice(1).trim();
      else if (line.startsWith("id: ")) e.id = Number(line.slice(4));
      else if (line.startsWith("event: ")) e.event = line.slice(7);
      else if (line.startsWith("data: ")) e.data = JSON.parse(line.slice(6));
    }
    return e;
  };
  return {
    /** The next frame that is not the opening `retry:`; the stream must already hold it (no waiting). */
    async next(): Promise<Event> {
      for (;;) {
        const ready = pending.shift();
        if (ready) return ready;
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        buffered += decoder.decode(value, { stream: true });
        let cut = buffered.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffered.slice(0, cut);
          buffered = buffered.slice(cut + 2);
          if (!block.startsWith("retry:")) pending.push(parse(block));
          cut = buffered.indexOf("\n\n");
        }
      }
    },
    /** Whether the server ended the stream (read after it said everything it had). */
    async ended(): Promise<boolean> {
      return (await reader.read()).done;
    },
    cancel: () => reader.cancel(),
  };
}

async function setup() {
  const s = await pinSetup();
  const open = async (headers: Record<string, string> = s.key) => {
    const res = await s.t.request("/events", { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    return frames(res);
  };
  return { ...s, open };
}

describe("GET /events", () => {
  test("opens with ready and the newest change id, then sends the caller's pin changes when the job runs", async () => {
    const s = await setup();
    const stream = await s.open();
    const ready = await stream.next();
    expect(ready.event).toBe("ready");
    expect(ready.data).toEqual({ latest: ready.id });

    const pin = await s.createOk({ title: "Sourdough" });
    s.t.scheduler.start();
    s.t.clock.advance(1_000);
    await s.t.triggers.fireDue().done;
    const created = await stream.next();
    expect(created).toMatchObject({ event: "pin", data: { kind: "pin", id: pin.id, status: "queued" } });
    expect(created.id).toBeGreaterThan(ready.id as number);
    await s.t.scheduler.stop();
  });

  test("a pin the publisher takes turns publishing, then published, on the stream", async () => {
    const s = await setup();
    const stream = await s.open();
    await stream.next();
    const pin = await s.createOk();
    await s.t.publisher.tick();
    await s.t.publisher.settled();
    await pollChanges(s.t.deps);
    const statuses = [await stream.next(), await stream.next(), await stream.next()].map(
      (e) => (e.data as { status: string }).status,
    );
    expect(statuses).toEqual(["queued", "publishing", "published"]);
    expect((await (await s.as(`/pins/${pin.id}`)).json()).status).toBe("published");
  });

  test("a change written by another process straight into the database is seen: the triggers write the feed", async () => {
    const s = await setup();
    const pin = await s.createOk();
    const stream = await s.open();
    await stream.next();
    await s.t.query("UPDATE pins SET title = 'Renamed elsewhere' WHERE id = ?", pin.id);
    await forceStatus(s.t, pin.id, "failed");
    await s.t.query("DELETE FROM pins WHERE id = ?", pin.id);
    await pollChanges(s.t.deps);
    const seen = [await stream.next(), await stream.next(), await stream.next()];
    expect(seen.map((e) => e.data)).toEqual([
      { kind: "pin", id: pin.id, status: "queued" },
      { kind: "pin", id: pin.id, status: "failed" },
      { kind: "pin", id: pin.id, status: "deleted" },
    ]);
  });

  test("one user's changes never reach another user's stream", async () => {
    const s = await setup();
    const { otherKey } = await secondUser(s.t, s.me);
    const mine = await s.open();
    const theirs = await s.open(otherKey);
    await mine.next();
    await theirs.next();
    const minePin = await s.createOk({ title: "mine" });
    await pollChanges(s.t.deps);
    const board = s.board;
    const res = await s.t.request("/pins", {
      method: "POST",
      json: { board_id: board, media_url: "https://example.com/b.jpg", status: "draft" },
      headers: otherKey,
    });
    expect(res.status).toBe(201);
    const theirPin = await res.json();
    await pollChanges(s.t.deps);
    // The other user's first event is their own pin: mine, made earlier, never reached them.
    expect((await theirs.next()).data).toMatchObject({ id: theirPin.id });
    expect((await mine.next()).data).toMatchObject({ id: minePin.id });
  });

  test("a schedule change is a profile event and a time zone change an account event", async () => {
    const s = await setup();
    const profile = s.me.user.selected_profile_id as number;
    const stream = await s.open();
    await stream.next();
    await s.as(`/profiles/${profile}/schedule`, {
      method: "PUT",
      json: { slots: [{ day: "mon", time: "09:00" }] },
    });
    await s.as("/auth/me", { method: "PUT", json: { timezone: "Europe/Berlin" } });
    await pollChanges(s.t.deps);
    expect((await stream.next()).data).toEqual({ kind: "profile", id: profile, status: null });
    expect((await stream.next()).data).toEqual({ kind: "account", id: s.me.user.id, status: "approved" });
  });

  test("reconnecting with Last-Event-ID replays only what was missed, then says ready", async () => {
    const s = await setup();
    const first = await s.open();
    const ready = await first.next();
    await first.cancel();
    const a = await s.createOk({ title: "a" });
    const b = await s.createOk({ title: "b" });
    const again = await s.open({ ...s.key, "last-event-id": String(ready.id) });
    expect((await again.next()).data).toMatchObject({ id: a.id });
    expect((await again.next()).data).toMatchObject({ id: b.id });
    const caughtUp = await again.next();
    expect(caughtUp.event).toBe("ready");
    await s.createOk({ title: "c" });
    await pollChanges(s.t.deps);
    expect((await again.next()).data).toMatchObject({ kind: "pin", status: "queued" });
  });

  test("a page that read /auth/me streams from its X-Change-Id: a change made before the stream opened is not lost", async () => {
    const s = await setup();
    const me = await s.t.request("/auth/me", { headers: s.key });
    const seen = me.headers.get("x-change-id") as string;
    expect(seen).toMatch(/^\d+$/);
    const pin = await s.createOk({ title: "made while the page loaded" });
    const stream = frames(await s.t.request(`/events?since=${seen}`, { headers: s.key }));
    expect((await stream.next()).data).toMatchObject({ kind: "pin", id: pin.id });
    expect((await stream.next()).event).toBe("ready");
  });

  test("a Last-Event-ID older than what is kept, unknown, or too far behind gets reset: reload", async () => {
    const s = await setup();
    const first = await s.open();
    const ready = await first.next();
    for (let i = 0; i < 3; i++) await s.createOk();
    await pruneChanges(s.t.deps, 1);
    const pruned = await s.open({ ...s.key, "last-event-id": String(ready.id) });
    expect((await pruned.next()).event).toBe("reset");
    const unknown = await s.open({ ...s.key, "last-event-id": "99999999" });
    expect((await unknown.next()).event).toBe("reset");
    const garbage = await s.open({ ...s.key, "last-event-id": "yesterday" });
    expect((await garbage.next()).event).toBe("reset");

    const latest = (await (await s.open()).next()).id as number;
    const drafts = Array.from({ length: REPLAY_LIMIT / 2 + 1 }, () => ({
      board_id: s.board,
      media_url: "https://example.com/a.jpg",
      status: "draft",
    }));
    for (let i = 0; i < 2; i++)
      expect((await s.as("/pins/bulk", { method: "POST", json: drafts })).status).toBe(201);
    const behind = await s.open({ ...s.key, "last-event-id": String(latest) });
    expect((await behind.next()).event).toBe("reset");
  });

  test("an open stream that falls behind what is kept is told to reset", async () => {
    const s = await setup();
    const stream = await s.open();
    await stream.next();
    await s.createOk();
    await s.createOk();
    await pruneChanges(s.t.deps, 1);
    await pollChanges(s.t.deps);
    expect((await stream.next()).event).toBe("reset");
    expect((await stream.next()).event).toBe("pin");
  });

  test("a quiet stream gets a keep-alive, and is closed once its key is revoked", async () => {
    const s = await setup();
    const key = await apiKeyFor(s.t, s.me, "listener");
    const stream = await s.open(key);
    await stream.next();
    s.t.clock.advance(KEEP_ALIVE_MS);
    await pollChanges(s.t.deps);
    expect((await stream.next()).comment).toBe("keep-alive");

    const keys = await (await s.t.request("/api-keys", { headers: s.me.browser })).json();
    const listener = keys.find((k: { name: string }) => k.name === "listener");
    await s.t.request(`/api-keys/${listener.id}`, { method: "DELETE", headers: s.me.browser });
    s.t.clock.advance(KEEP_ALIVE_MS);
    await pollChanges(s.t.deps);
    expect(await stream.ended()).toBe(true);
    expect(s.t.deps.inProcess.streams.size).toBe(0);
  });

  test("the browser session works too, and a pending user may listen (to learn of the approval)", async () => {
    const s = await setup();
    const pending = await signIn(s.t, 1);
    expect(pending.user.status).toBe("pending");
    const stream = await s.open({ cookie: pending.cookie });
    await stream.next();
    await s.t.request(`/admin/users/${pending.user.id}`, {
      method: "PUT",
      json: { status: "approved" },
      headers: s.me.browser,
    });
    await pollChanges(s.t.deps);
    expect((await stream.next()).data).toEqual({ kind: "account", id: pending.user.id, status: "approved" });
  });

  test("without credentials it is 401, like every authenticated route", async () => {
    const s = await setup();
    const res = await s.t.request("/events");
    expect(res.status).toBe(401);
  });

  test("a stream the client closes is dropped; shutdown ends the rest; with none open the poll reads nothing", async () => {
    const s = await setup();
    const a = await s.open();
    const b = await s.open();
    await a.next();
    await b.next();
    expect(s.t.deps.inProcess.streams.size).toBe(2);
    await a.cancel();
    expect(s.t.deps.inProcess.streams.size).toBe(1);
    expect(closeStreams(s.t.deps)).toBe(1);
    expect(await b.ended()).toBe(true);
    await s.createOk();
    expect(await pollChanges(s.t.deps)).toEqual({ streams: 0, delivered: 0 });
  });
});

describe.skipIf(TEST_ENGINE !== "postgres")("GET /events with several processes (PostgreSQL only)", () => {
  /** A second PinFlow process on the same database, and a stream open on it with the first user's key. */
  async function twoProcesses() {
    const s = await setup();
    const b = createTestApp({ sameDatabaseAs: s.t });
    const res = await b.request("/events", { headers: s.key });
    expect(res.status).toBe(200);
    const onB = frames(res);
    expect((await onB.next()).event).toBe("ready");
    /** A transaction of its own on the first process's pool, held open until the test ends it. */
    const holdTransaction = async () => {
      if (s.t.database.engine !== "postgres") throw new Error("PostgreSQL only");
      const client = await s.t.database.pool.connect();
      await client.query("BEGIN");
      return {
        query: (text: string, params: unknown[]) => client.query(text, params),
        end: async (how: "COMMIT" | "ROLLBACK") => {
          await client.query(how);
          client.release();
        },
      };
    };
    return { ...s, b, onB, holdTransaction };
  }

  test("a change made through one process reaches a stream open on another", async () => {
    const s = await twoProcesses();
    const pin = await s.createOk({ title: "made on A" });
    await pollChanges(s.b.deps);
    expect((await s.onB.next()).data).toEqual({ kind: "pin", id: pin.id, status: "queued" });
    expect(await pollChanges(s.t.deps)).toEqual({ streams: 0, delivered: 0 });
  });

  test("a transaction that commits after a later one still reaches the stream: ids follow the commits", async () => {
    const s = await twoProcesses();
    const slow = await s.createOk({ title: "slow" });
    const quick = await s.createOk({ title: "quick" });
    await pollChanges(s.b.deps);
    await s.onB.next();
    await s.onB.next();
    // A's transaction changes `slow` first and stays open; B changes `quick` and commits
    const held = await s.holdTransaction();
    await held.query("UPDATE pins SET title = 'slow, renamed' WHERE id = $1", [slow.id]);
    const renamed = await s.b.request(`/pins/${quick.id}`, {
      method: "PUT",
      json: { title: "quick, renamed" },
      headers: s.key,
    });
    expect(renamed.status).toBe(200);
    await pollChanges(s.b.deps);
    const first = await s.onB.next();
    expect(first.data).toMatchObject({ id: quick.id });
    // the held change commits now: it comes after, not before what the stream has already passed
    await held.end("COMMIT");
    expect((await pollChanges(s.b.deps)).delivered).toBe(1);
    const second = await s.onB.next();
    expect(second.data).toMatchObject({ id: slow.id });
    expect(second.id as number).toBeGreaterThan(first.id as number);
  });

  test("a transaction that rolls back leaves no change and no hole: the stream is not told to reset", async () => {
    const s = await twoProcesses();
    const pin = await s.createOk({ title: "kept" });
    await pollChanges(s.b.deps);
    const created = await s.onB.next();
    const held = await s.holdTransaction();
    await held.query("UPDATE pins SET title = 'undone' WHERE id = $1", [pin.id]);
    await held.end("ROLLBACK");
    const next = await s.createOk({ title: "next" });
    expect((await pollChanges(s.b.deps)).delivered).toBe(1);
    const after = await s.onB.next();
    expect(after).toMatchObject({ event: "pin", id: (created.id as number) + 1, data: { id: next.id } });
  });
});
