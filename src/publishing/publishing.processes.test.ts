/**
 * Several PinFlow processes on one PostgreSQL database (PostgreSQL only: SQLite is one process). Each
 * "process" is a test app of its own — its own pool, publisher, scheduler, caches and clock — on the same
 * database and the same Pinterest (the first app's emulator).
 */
import { describe, expect, test } from "bun:test";
import { pinSetup } from "../testing/pin-setup";
import { createTestApp, TEST_ENGINE } from "../testing/test-app";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const secondProcess = (s: Setup, opts: Parameters<typeof createTestApp>[0] = {}) =>
  createTestApp({ sameDatabaseAs: s.t, ...opts });

const emulatorOf = (s: Setup) => s.t.deps.emulator as NonNullable<Setup["t"]["deps"]["emulator"]>;

describe.skipIf(TEST_ENGINE !== "postgres")("several processes on one PostgreSQL (PostgreSQL only)", () => {
  test("three publishers ticking at once publish every due pin exactly once, and each takes a share", async () => {
    const concurrency = { config: { publishConcurrency: 4 } as never };
    const s = await pinSetup(concurrency);
    const publishers = [
      s.t.publisher,
      secondProcess(s, concurrency).publisher,
      secondProcess(s, concurrency).publisher,
    ];
    for (let i = 0; i < 30; i++) await s.createOk({ title: `pin ${i}` });
    // Pinterest holds every create until the door opens, so each process's claims stay in flight
    const pinterest = s.t.deps.pinterest;
    const createPin = pinterest.createPin;
    let open!: () => void;
    const door = new Promise<void>((resolve) => {
      open = resolve;
    });
    pinterest.createPin = async (...args) => {
      await door;
      return createPin.apply(pinterest, args);
    };
    await Promise.all(publishers.map((p) => p.tick()));
    // SKIP LOCKED: the three claimed at the same moment and each got its own 4 pins
    expect(publishers.map((p) => p.inFlight())).toEqual([4, 4, 4]);
    expect(
      (await s.t.one<{ n: number }>("SELECT count(*) AS n FROM pins WHERE status = 'publishing'"))?.n,
    ).toBe(12);
    open();
    await Promise.all(publishers.map((p) => p.settled()));
    for (let round = 0; round < 10; round++) {
      const left = await s.t.one<{ n: number }>("SELECT count(*) AS n FROM pins WHERE status <> 'published'");
      if (left?.n === 0) break;
      await Promise.all(publishers.map((p) => p.tick()));
      await Promise.all(publishers.map((p) => p.settled()));
    }
    const titles = emulatorOf(s)
      .pins()
      .map((p) => p.title);
    expect(titles).toHaveLength(30);
    expect(new Set(titles).size).toBe(30);
    const rows = await s.t.query<{ status: string; pinterest_pin_id: string }>(
      "SELECT status, pinterest_pin_id FROM pins ORDER BY id",
    );
    expect(rows.every((r) => r.status === "published")).toBe(true);
    expect(new Set(rows.map((r) => r.pinterest_pin_id)).size).toBe(30);
  });

  test("with one pin of daily quota left, creates spread over two processes at once yield exactly one 201", async () => {
    const s = await pinSetup({ dailyLimit: 1000 });
    await s.t.request(`/admin/users/${s.me.user.id}`, {
      method: "PUT",
      json: { daily_pin_limit: 1 },
      headers: s.me.browser,
    });
    const other = secondProcess(s);
    const body = { board_id: s.board, media_url: "https://example.com/a.jpg" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? other : s.t).request("/pins", { method: "POST", json: body, headers: s.key }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x === 429)).toHaveLength(9);
    expect((await s.t.one<{ n: number }>("SELECT count(*) AS n FROM pins"))?.n).toBe(1);
  });

  test("the same Idempotency-Key sent to two processes at once creates one pin", async () => {
    const s = await pinSetup();
    const other = secondProcess(s);
    const send = (app: typeof other) =>
      app.request("/pins", {
        method: "POST",
        json: { board_id: s.board, media_url: "https://example.com/a.jpg", title: "once" },
        headers: { ...s.key, "idempotency-key": "shared-key" },
      });
    const answers = await Promise.all([send(s.t), send(other), send(s.t), send(other)]);
    // the one that took the key made the pin; the others replayed it or were told to retry (409)
    expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect((await s.t.one<{ n: number }>("SELECT count(*) AS n FROM pins"))?.n).toBe(1);
    const retry = await send(other);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
  });

  test("a once-per-interval job fired in two processes at the same moment runs in one of them", async () => {
    const s = await pinSetup();
    const other = secondProcess(s);
    s.t.scheduler.start();
    other.scheduler.start();
    await Promise.all([s.t.triggers.fire("housekeeping"), other.triggers.fire("housekeeping")]);
    const runs = [s.t, other].map((t) => t.scheduler.status().find((j) => j.name === "housekeeping"));
    expect(runs.map((r) => r?.run_count).sort()).toEqual([0, 1]);
    expect(runs.map((r) => r?.skipped_count).sort()).toEqual([0, 1]);
    // an interval later (an hour), it runs again — in whichever process fires first
    s.t.clock.advance(3_600_000);
    other.clock.advance(3_600_000);
    await Promise.all([other.triggers.fire("housekeeping"), s.t.triggers.fire("housekeeping")]);
    const total = [s.t, other]
      .map((t) => t.scheduler.status().find((j) => j.name === "housekeeping")?.run_count ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(2);
    await s.t.scheduler.stop(0);
    await other.scheduler.stop(0);
  });

  test("two processes refreshing one profile's token at once rotate it once; both calls then succeed", async () => {
    const s = await pinSetup();
    const other = secondProcess(s);
    const pinterest = s.t.deps.pinterest;
    const refresh = pinterest.refreshTokens;
    let refreshes = 0;
    pinterest.refreshTokens = async (...args) => {
      refreshes++;
      return refresh.apply(pinterest, args);
    };
    emulatorOf(s).faults.expireAccessTokens();
    const a = await s.createOk({ title: "from A" });
    const b = await s.createOk({ title: "from B" });
    await Promise.all([
      s.t.request(`/pins/${a.id}/publish`, { method: "POST", headers: s.key }),
      other.request(`/pins/${b.id}/publish`, { method: "POST", headers: s.key }),
    ]);
    // A publisher that finishes a call looks for due pins at once: when A is done first, A may take `b`
    // before B's own publish claims it (B then answers 409 publishing); either way each goes out once
    await Promise.all([s.t.publisher.settled(), other.publisher.settled()]);
    expect(refreshes).toBe(1);
    expect(
      emulatorOf(s)
        .pins()
        .map((p) => p.title)
        .sort(),
    ).toEqual(["from A", "from B"]);
  });

  test("per-IP rate limits count a client's requests across processes", async () => {
    const s = await pinSetup();
    const other = secondProcess(s);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await (i % 2 ? other : s.t).request("/pins", {
        method: "POST",
        json: { board_id: s.board, media_url: "https://example.com/a.jpg", status: "draft" },
        headers: s.key,
      });
      statuses.push(res.status);
    }
    // POST /pins allows 30 a minute per client: the 31st and 32nd are refused whichever process gets them
    expect(statuses.slice(0, 30).every((x) => x === 201)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});
