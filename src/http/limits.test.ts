import { describe, expect, test } from "bun:test";
import http from "node:http";
import { apiKeyFor, signIn } from "../testing/fixtures";
import { createTestApp } from "../testing/test-app";
import { BUN_HEADER_LIMIT, headerLimitFlag, MAX_BODY_BYTES, raiseBunHeaderLimit } from "./limits";

const MB = 1024 * 1024;

/** A body streamed in 1 MB chunks with no declared length, as `Transfer-Encoding: chunked` arrives. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(MB, bytes - sent);
      controller.enqueue(new Uint8Array(n).fill(0x20));
      sent += n;
    },
  });
}

describe("request size limits, through app.handle (e2e/limits.test.ts: a real server)", () => {
  test("a declared body over 11 MB is a JSON 413 before anything else, on any route", async () => {
    const t = createTestApp();
    for (const [method, path] of [
      ["POST", "/pins"],
      ["POST", "/pins/bulk"],
      ["PUT", "/auth/me"],
      ["GET", "/health"],
    ] as const) {
      const res = await t.request(path, {
        method,
        body: method === "GET" ? undefined : "{}",
        headers: { "content-type": "application/json", "content-length": String(20 * MB) },
      });
      expect({ path, status: res.status, body: await res.json() }).toEqual({
        path,
        status: 413,
        body: { detail: "Request body too large: the limit is 11 MB." },
      });
    }
  });

  test("a body sent without a length is counted as it is read and refused past 11 MB", async () => {
    const t = createTestApp();
    const key = await apiKeyFor(t, await signIn(t, 0));
    const res = await t.request("/pins/bulk", {
      method: "POST",
      body: streamed(MAX_BODY_BYTES + 1),
      headers: { ...key, "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ detail: "Request body too large: the limit is 11 MB." });
    // just under the limit it is read (and found not to be JSON)
    const under = await t.request("/pins/bulk", {
      method: "POST",
      body: streamed(MAX_BODY_BYTES),
      headers: { ...key, "content-type": "application/json" },
    });
    expect(under.status).toBe(422);
  });

  test("a URL over 8 KB is a JSON 414; request headers over 16 KB a JSON 431", async () => {
    const t = createTestApp();
    const long = await t.request(`/pins?title=${"a".repeat(9000)}`);
    expect(long.status).toBe(414);
    expect(await long.json()).toEqual({ detail: "URL too long: the limit is 8 KB." });
    const fat = await t.request("/health", { headers: { "x-padding": "a".repeat(17 * 1024) } });
    expect(fat.status).toBe(431);
    expect(await fat.json()).toEqual({
      detail: "Request headers too large: the limit is 16 KB for the request line and headers together.",
    });
    expect((await t.request("/health", { headers: { "x-padding": "a".repeat(8 * 1024) } })).status).toBe(200);
  });

  test("serving raises Bun's own header limit above PinFlow's, and never lowers it", async () => {
    const node = http as { maxHeaderSize: number };
    const before = node.maxHeaderSize;
    try {
      node.maxHeaderSize = 16 * 1024;
      await raiseBunHeaderLimit([]);
      expect(node.maxHeaderSize).toBe(BUN_HEADER_LIMIT);
      node.maxHeaderSize = 4 * BUN_HEADER_LIMIT;
      await raiseBunHeaderLimit([]);
      expect(node.maxHeaderSize).toBe(4 * BUN_HEADER_LIMIT);
    } finally {
      node.maxHeaderSize = before;
    }
  });

  test("a runtime started with a large enough --max-http-header-size is left as it is", async () => {
    const node = http as { maxHeaderSize: number };
    const before = node.maxHeaderSize;
    try {
      node.maxHeaderSize = 16 * 1024;
      await raiseBunHeaderLimit([`--max-http-header-size=${BUN_HEADER_LIMIT}`]);
      expect(node.maxHeaderSize).toBe(16 * 1024);
      await raiseBunHeaderLimit(["--max-http-header-size=1024"]);
      expect(node.maxHeaderSize).toBe(BUN_HEADER_LIMIT);
    } finally {
      node.maxHeaderSize = before;
    }
  });

  test("the flag's value is read from the runtime's arguments", () => {
    expect(headerLimitFlag(["--smol", "--max-http-header-size=65536"])).toBe(65536);
    expect(headerLimitFlag(["--max-http-header-size=x"])).toBe(0);
    expect(headerLimitFlag([])).toBe(0);
  });
});
