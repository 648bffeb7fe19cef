import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import * as v from "valibot";
import { randomIds } from "../shared/ids";
import { createMemoryLogger } from "../shared/log";
import { requester } from "../testing/request";
import { errorHandler } from "./error-handler";
import { badRequest, tooManyRequests } from "./errors";
import { requestLog } from "./request-log";

function setup() {
  const { logger, lines, next } = createMemoryLogger();
  const PinBody = v.object({
    board_id: v.string(),
    media_url: v.string(),
    title: v.optional(v.pipe(v.string(), v.maxLength(256))),
    status: v.optional(v.picklist(["draft"])),
  });
  const app = new Elysia()
    .use(requestLog(logger, randomIds))
    .use(errorHandler(logger))
    .post("/pins", ({ body }) => body, { body: PinBody })
    .get("/calendar", ({ query }) => query, {
      query: v.object({ year: v.pipe(v.string(), v.regex(/^\d{4}$/, "year must be four digits")) }),
    })
    .get("/items/:id", ({ params }) => params, {
      params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/, "Input should be a valid integer")) }),
    })
    .get("/bad", () => {
      throw badRequest("scheduled_at must be in the future");
    })
    .get("/slow-down", () => {
      throw tooManyRequests("Too many requests", 12);
    })
    .get("/boom", () => {
      throw new Error("secret stack detail SELECT * FROM users");
    });
  return { request: requester(app), lines, next };
}

describe("error responses", () => {
  test("a missing field answers 422 exactly as the seed reference shows", async () => {
    const { request } = setup();
    const res = await request("/pins", { method: "POST", json: { media_url: "https://example.com/a.jpg" } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      detail: [{ loc: ["body", "board_id"], msg: "Field required", type: "missing" }],
    });
  });

  test("every problem of a body is reported, not only the first", async () => {
    const { request } = setup();
    const res = await request("/pins", {
      method: "POST",
      json: { title: "x".repeat(300), status: "queued" },
    });
    const { detail } = await res.json();
    expect(detail).toEqual([
      { loc: ["body", "board_id"], msg: "Field required", type: "missing" },
      { loc: ["body", "media_url"], msg: "Field required", type: "missing" },
      { loc: ["body", "title"], msg: "String should have at most 256 characters", type: "string_too_long" },
      { loc: ["body", "status"], msg: "Input should be 'draft'", type: "enum" },
    ]);
  });

  test("a wrong type is named as such", async () => {
    const { request } = setup();
    const res = await request("/pins", { method: "POST", json: { board_id: 5, media_url: "u" } });
    expect((await res.json()).detail).toEqual([
      { loc: ["body", "board_id"], msg: "Input should be a valid string", type: "string_type" },
    ]);
  });

  test("malformed JSON and a missing body answer 422", async () => {
    const { request } = setup();
    const bad = await request("/pins", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }],
    });
    const none = await request("/pins", { method: "POST" });
    expect(none.status).toBe(422);
    expect(await none.json()).toEqual({
      detail: [{ loc: ["body"], msg: "Field required", type: "missing" }],
    });
  });

  test("query and path problems carry query and path locations", async () => {
    const { request } = setup();
    const q = await request("/calendar?year=26");
    expect((await q.json()).detail).toEqual([
      { loc: ["query", "year"], msg: "year must be four digits", type: "value_error" },
    ]);
    const p = await request("/items/abc");
    expect((await p.json()).detail[0].loc).toEqual(["path", "id"]);
  });

  test("a service error becomes its status and a plain-string detail", async () => {
    const { request } = setup();
    const res = await request("/bad");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ detail: "scheduled_at must be in the future" });
    const limited = await request("/slow-down");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("12");
  });

  test("an unknown route answers a JSON 404", async () => {
    const { request } = setup();
    const res = await request("/nowhere");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Not Found" });
  });

  test("an unexpected exception answers a bare 500 and keeps the stack in the log only", async () => {
    const { request, lines } = setup();
    const res = await request("/boom");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toBe('{"detail":"Internal Server Error"}');
    const logged = lines.find((l) => l.msg === "unhandled error") as { err: { stack: string } };
    expect(logged.err.stack).toContain("secret stack detail");
  });

  test("every response carries an X-Request-Id and is logged as one line", async () => {
    const { request, lines, next } = setup();
    const ok = await request("/items/7");
    const missing = await request("/nowhere");
    // the lines are written after the responses are sent
    await next((l) => l.msg === "request" && l.path === "/items/7");
    await next((l) => l.msg === "request" && l.path === "/nowhere");
    const okId = ok.headers.get("x-request-id");
    expect(okId).toMatch(/^[0-9a-f]{16}$/);
    expect(missing.headers.get("x-request-id")).toMatch(/^[0-9a-f]{16}$/);
    expect(missing.headers.get("x-request-id")).not.toBe(okId);
    const entry = lines.find((l) => l.msg === "request" && l.request_id === okId);
    expect(entry).toMatchObject({ method: "GET", path: "/items/7", status: 200 });
    expect(typeof entry?.ms).toBe("number");
    expect(lines.find((l) => l.msg === "request" && l.path === "/nowhere")).toMatchObject({
      status: 404,
      error_code: "request.no_route",
    });
  });

  test("an error's stable code is in X-Error-Code and in the request's log line; the body stays the seed's", async () => {
    const { request, next } = setup();
    const res = await request("/bad");
    expect(res.status).toBe(400);
    expect(res.headers.get("x-error-code")).toBe("request.bad");
    expect(await res.json()).toEqual({ detail: "scheduled_at must be in the future" });
    expect(await next((l) => l.msg === "request" && l.path === "/bad")).toMatchObject({
      error_code: "request.bad",
    });
  });
});
