import { afterAll, describe, expect, test } from "bun:test";
import { probeHealth } from "./healthcheck";

let answer = { status: 200, body: '{"status":"ok"}' };
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req) =>
    new URL(req.url).pathname === "/health"
      ? new Response(answer.body, { status: answer.status })
      : new Response("nope", { status: 404 }),
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

describe("the health probe", () => {
  test("a 200 from /health is healthy and the message carries the body", async () => {
    answer = { status: 200, body: '{"status":"ok"}' };
    expect(await probeHealth(base)).toEqual({
      healthy: true,
      message: `${base}/health answered 200: {"status":"ok"}`,
    });
  });

  test("a 503 (scheduler stalled, database down) is unhealthy", async () => {
    answer = { status: 503, body: '{"status":"degraded"}' };
    const result = await probeHealth(base);
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("answered 503");
  });

  test("nothing listening is unhealthy, with a message saying so", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const url = `http://127.0.0.1:${closed.port}`;
    await closed.stop(true);
    const result = await probeHealth(url);
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith(`${url}/health did not answer`);
  });
});
