/**
 * Over-size requests against a real PinFlow process on 127.0.0.1: each gets PinFlow's `{"detail": …}` JSON
 * with the right status, not Bun's bare 413 / 431 with an empty body. Bun still answers past its own header
 * limit — before any JavaScript runs — and the last test pins down where that is.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { mp4Video } from "../src/testing/videos";
import { createKey, signInOver } from "./pinflow-client";
import { BUN, type Running, startPinflow, tempDir } from "./process";

const MB = 1024 * 1024;
let server: Running;
let key: string;

beforeAll(async () => {
  server = await startPinflow([BUN, "src/main.ts", "--port", "0", "--data-dir", tempDir()]);
  const session = await signInOver(server.url, `${server.url}/emulator/pinterest`, "2783136121146311751");
  key = await createKey(server.url, session);
}, 30_000);

afterAll(async () => {
  server?.proc.kill("SIGTERM");
  await server?.exited;
});

const json = async (res: Response) => ({
  status: res.status,
  type: res.headers.get("content-type")?.split(";")[0],
  body: await res.json(),
});

const tooLarge = {
  status: 413,
  type: "application/json",
  body: { detail: "Request body too large: the limit is 11 MB." },
};

/** The raw answer to a request written byte for byte (fetch cannot send some of these). */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("a real server answers over-size requests with JSON", () => {
  test("a 20 MB image upload answers 413 with a detail", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(20 * MB)], { type: "image/png" }), "big.png");
    const res = await fetch(`${server.url}/pins/upload-image`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await json(res)).toEqual(tooLarge);
  }, 30_000);

  test("a 20 MB JSON body answers 413 with a detail, with or without a declared length", async () => {
    const body = `[${'"x",'.repeat(5 * MB)}"x"]`;
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const declared = await fetch(`${server.url}/pins/bulk`, { method: "POST", body, headers });
    expect(await json(declared)).toEqual(tooLarge);
    const bytes = new TextEncoder().encode(body);
    const chunked = await fetch(`${server.url}/pins/bulk`, {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += MB) controller.enqueue(bytes.subarray(at, at + MB));
          controller.close();
        },
      }),
      headers,
      duplex: "half",
    } as RequestInit);
    expect(await json(chunked)).toEqual(tooLarge);
    // the server is still there for the next request
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 30_000);

  test("the video upload is the one route past 11 MB: a 40 MB video streams to disk; past PINFLOW_MAX_VIDEO_MB, 413", async () => {
    const video = mp4Video({ payloadBytes: 40 * MB });
    const form = new FormData();
    form.append("file", new Blob([video as Uint8Array<ArrayBuffer>], { type: "video/mp4" }), "big.mp4");
    const res = await fetch(`${server.url}/pins/upload-video`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).size_bytes).toBe(video.length);
    // a declared 201 MB is refused from its headers, before a byte of it is sent
    const head = [
      "POST /pins/upload-video HTTP/1.1",
      `Host: ${new URL(server.url).host}`,
      `Authorization: Bearer ${key}`,
      "Content-Type: multipart/form-data; boundary=x",
      `Content-Length: ${201 * MB}`,
      "Connection: close",
      "",
      "",
    ].join("\r\n");
    const answer = await rawExchange(server.url, head);
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 413 Payload Too Large");
    expect(answer).toContain('{"detail":"Video too large: the limit is 200 MB (PINFLOW_MAX_VIDEO_MB)."}');
  }, 60_000);

  test("a 20 KB URL answers 414 and 20 KB of headers 431, each with a detail", async () => {
    const url = await fetch(`${server.url}/pins?title=${"a".repeat(20_000)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await json(url)).toEqual({
      status: 414,
      type: "application/json",
      body: { detail: "URL too long: the limit is 8 KB." },
    });
    const headers = await fetch(`${server.url}/pins`, {
      headers: { authorization: `Bearer ${key}`, cookie: `theme=${"a".repeat(20_000)}` },
    });
    expect(await json(headers)).toEqual({
      status: 431,
      type: "application/json",
      body: {
        detail: "Request headers too large: the limit is 16 KB for the request line and headers together.",
      },
    });
  }, 30_000);

  test("past 64 KB of headers Bun itself refuses the request, before PinFlow can: a bare 431", async () => {
    const head = `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${"a".repeat(70_000)}\r\nConnection: close\r\n\r\n`;
    const answer = await rawExchange(server.url, head);
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(answer).not.toContain("detail");
  }, 30_000);
});
