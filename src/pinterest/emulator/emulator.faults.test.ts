import { afterEach, describe, expect, test } from "bun:test";
import { basicAuth, STUDIO_BOARD, setupEmulator } from "../../testing/emulator-kit";

let t: ReturnType<typeof setupEmulator>;
afterEach(() => t?.close());

/** Starts a call that is expected to hang and says whether the emulator held it (true) or answered it. */
async function hangsUntilAborted(start: (signal: AbortSignal) => Promise<unknown>) {
  const controller = new AbortController();
  const pending = start(controller.signal).then(
    () => "answered" as const,
    () => "answered" as const,
  );
  const first = await Promise.race([pending, t.emulator.untilHeld().then(() => "held" as const)]);
  controller.abort();
  await pending;
  return first === "held";
}

const pinBody = {
  board_id: STUDIO_BOARD,
  title: "faulty",
  media_source: { source_type: "image_url", url: "https://images.example.com/f.jpg" },
};

describe("failing creates", () => {
  test.each([
    [{ status: 500 }, { code: 500, message: expect.stringContaining("Something went wrong") }],
    [{ status: 401 }, { code: 2, message: "Authentication failed.", status: "failure" }],
    [{ status: 400 }, { code: 1, message: "Invalid parameters." }],
    [{ status: 403 }, { code: 29, message: "You are not permitted to access that resource." }],
    [{ status: 429 }, { code: 8, message: expect.stringContaining("exceeded a rate limit") }],
    [
      { status: 403, message: "Apps with Trial access may not create Pins in production" },
      { code: 29, message: "Apps with Trial access may not create Pins in production" },
    ],
  ])("failNextCreates(%j) answers a Pinterest-shaped error and creates nothing", async (failure, body) => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.failNextCreates(1, failure);
    const res = await t.createPin(access_token);
    expect(res.status).toBe(failure.status);
    expect(res.body).toEqual(body);
    expect(t.emulator.pins()).toHaveLength(0);
  });

  test("a 429 can carry Retry-After, and the fault counts down to normal", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.failNextCreates(2, { status: 429, retryAfterSeconds: 30 });
    for (let i = 0; i < 2; i++) {
      const res = await t.createPin(access_token);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("30");
    }
    expect((await t.createPin(access_token)).status).toBe(201);
    expect(t.emulator.faults.get().failCreates).toBeNull();
  });

  test("other calls are not affected by create faults", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.failNextCreates(1, { status: 500 });
    expect((await t.call("GET", "/v5/boards", { token: access_token })).status).toBe(200);
    expect((await t.createPin(access_token)).status).toBe(500);
  });
});

describe("hanging creates", () => {
  test("hangNextCreates never answers until the caller aborts, and creates nothing", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.hangNextCreates(1);
    const hung = await hangsUntilAborted((signal) =>
      t.emulator.fetch("http://localhost/v5/pins", {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify(pinBody),
        signal,
      }),
    );
    expect(hung).toBe(true);
    expect(t.emulator.pins()).toHaveLength(0);
    expect((await t.createPin(access_token)).status).toBe(201);
  });

  test("loseNextCreateResponses stores the pin, then never answers", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.loseNextCreateResponses(1);
    const hung = await hangsUntilAborted((signal) =>
      t.call("POST", "/v5/pins", { token: access_token, json: pinBody, signal }),
    );
    expect(hung).toBe(true);
    const [pin] = t.emulator.pins();
    expect(pin).toMatchObject({
      title: "faulty",
      boardId: STUDIO_BOARD,
      responseLost: true,
      deletedAt: null,
    });
    // the pin really exists on "Pinterest": listing the board finds it (this is how PinFlow reconciles)
    const list = await t.call("GET", `/v5/boards/${STUDIO_BOARD}/pins`, { token: access_token });
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([pin?.id]);
  });

  test("an invalid create under loseNextCreateResponses answers its error and keeps the fault for the next one", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.loseNextCreateResponses(1);
    const res = await t.call("POST", "/v5/pins", {
      token: access_token,
      json: { ...pinBody, title: "x".repeat(101) },
      requestValid: false,
    });
    expect(res.status).toBe(400);
    expect(t.emulator.faults.get().loseCreateResponses).toBe(1);
  });

  test("emulator.fetch rejects with the abort reason, like a real fetch", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.hangNextCreates(1);
    const controller = new AbortController();
    const call = t.emulator.fetch("https://api.pinterest.com/v5/pins", {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify(pinBody),
      signal: controller.signal,
    });
    controller.abort(new DOMException("gave up", "TimeoutError"));
    await expect(call).rejects.toThrow("gave up");
  });

  test("close() releases hanging requests", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.hangNextCreates(1);
    const pending = t.emulator.app.handle(
      new Request("http://localhost/v5/pins", {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify(pinBody),
      }),
    );
    await t.emulator.untilHeld();
    t.emulator.close();
    expect((await pending).status).toBe(503);
  });
});

describe("latency and random errors", () => {
  test("latency delays every /v5 call and ends when the caller aborts", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.latency(60_000);
    const hung = await hangsUntilAborted((signal) =>
      t.call("GET", "/v5/user_account", { token: access_token, signal }),
    );
    expect(hung).toBe(true);
    t.emulator.faults.latency(1);
    expect((await t.call("GET", "/v5/user_account", { token: access_token })).status).toBe(200);
  });

  test("latency does not touch the human pages", async () => {
    t = setupEmulator();
    t.emulator.faults.latency(60_000);
    expect((await t.emulator.app.handle(new Request("http://localhost/"))).status).toBe(200);
  });

  test.each([
    ["500", 500, 500],
    ["429", 429, 8],
  ] as const)("errorRate 1 with kind %s makes every /v5 call fail with it", async (kind, status, code) => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.errorRate(1, [kind]);
    const me = await t.call("GET", "/v5/user_account", { token: access_token });
    expect(me.status).toBe(status);
    expect(me.body.code).toBe(code);
    const token = await t.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token: "pinr.x" },
    });
    expect(token.status).toBe(status);
  });

  test("errorRate with kind hang never answers", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    t.emulator.faults.errorRate(1, ["hang"]);
    expect(
      await hangsUntilAborted((signal) => t.call("GET", "/v5/boards", { token: access_token, signal })),
    ).toBe(true);
  });

  test("errorRate 0.3 fails the calls whose dice fall under 0.3, with the kind the second die picks", async () => {
    const dice = [0.9, 0.1, 0.0, 0.5, 0.29, 0.7];
    t = setupEmulator({ random: () => dice.shift() ?? 0.99 });
    const { access_token } = await t.connect();
    t.emulator.faults.errorRate(0.3);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await t.call("GET", "/v5/boards", { token: access_token })).status);
    // 0.9 → ok; 0.1 → fails, 0.0 picks "500"; 0.5 → ok
    expect(statuses).toEqual([200, 500, 200]);
    // 0.29 → fails, 0.7 picks "hang"
    expect(
      await hangsUntilAborted((signal) => t.call("GET", "/v5/boards", { token: access_token, signal })),
    ).toBe(true);
  });
});

describe("token faults", () => {
  test("expireAccessTokens makes every issued access token answer 401 at once", async () => {
    t = setupEmulator();
    const a = await t.connect();
    const b = await t.connect();
    t.emulator.faults.expireAccessTokens();
    for (const token of [a.access_token, b.access_token]) {
      expect((await t.call("GET", "/v5/user_account", { token })).status).toBe(401);
    }
    const fresh = await t.connect();
    expect((await t.call("GET", "/v5/user_account", { token: fresh.access_token })).status).toBe(200);
  });

  test("failNextRefreshes fails N refreshes, leaving the refresh token usable afterwards", async () => {
    t = setupEmulator();
    const { refresh_token } = await t.connect();
    t.emulator.faults.failNextRefreshes(2);
    const refresh = () =>
      t.call("POST", "/v5/oauth/token", {
        headers: { authorization: basicAuth() },
        form: { grant_type: "refresh_token", refresh_token },
      });
    expect((await refresh()).status).toBe(400);
    expect((await refresh()).body).toEqual({ code: 1, message: "Invalid parameters." });
    expect((await refresh()).status).toBe(200);
  });

  test("failNextRefreshes can fail with another status", async () => {
    t = setupEmulator();
    const { refresh_token } = await t.connect();
    t.emulator.faults.failNextRefreshes(1, { status: 503 });
    const res = await t.call("POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth() },
      form: { grant_type: "refresh_token", refresh_token },
    });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe(503);
  });
});

describe("control API", () => {
  const control = (path: string, json?: unknown) =>
    t.emulator.app.handle(
      new Request(`http://localhost/_emulator/${path}`, {
        method: json === undefined && path === "state" ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: json === undefined ? undefined : JSON.stringify(json),
      }),
    );

  test("POST /_emulator/faults sets the same knobs as emulator.faults", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    const res = await control("faults", {
      failCreates: { count: 1, status: 429, retryAfterSeconds: 5 },
      latencyMs: 0,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).faults.failCreates).toEqual({ count: 1, status: 429, retryAfterSeconds: 5 });
    expect(t.emulator.faults.get().failCreates?.status).toBe(429);
    const create = await t.createPin(access_token);
    expect(create.status).toBe(429);
    expect(create.headers.get("retry-after")).toBe("5");
  });

  test("POST /_emulator/faults can expire every access token", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    await control("faults", { expireAccessTokens: true });
    expect((await t.call("GET", "/v5/user_account", { token: access_token })).status).toBe(401);
  });

  test("POST /_emulator/faults refuses unknown knobs and bad values with a 400", async () => {
    t = setupEmulator();
    for (const body of [{ latency: 5 }, { errorRate: 2 }, { failCreates: { count: 1, status: 200 } }]) {
      const res = await control("faults", body);
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe(1);
    }
  });

  test("GET /_emulator/state shows accounts, pins (without bytes) and faults; reset empties it", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect();
    await t.createPin(access_token);
    t.emulator.faults.latency(5);
    const state = await (await control("state")).json();
    expect(state.accounts).toHaveLength(3);
    expect(state.pins).toHaveLength(1);
    expect(state.pins[0].bytes).toBeUndefined();
    expect(state.faults.latencyMs).toBe(5);
    const reset = await (await control("reset", {})).json();
    expect(reset.pins).toEqual([]);
    expect(reset.faults.latencyMs).toBe(0);
    expect((await t.call("GET", "/v5/user_account", { token: access_token })).status).toBe(401);
  });

  test("without controlApi the control endpoints do not exist", async () => {
    t = setupEmulator({ controlApi: false });
    expect((await control("state")).status).toBe(404);
    expect((await control("faults", { latencyMs: 1 })).status).toBe(404);
  });
});
