/** `pinflow emulator` as a user runs it: a real process on a real (loopback) port. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { basicAuth, PINFLOW_SCOPES, STUDIO, STUDIO_BOARD } from "../../testing/emulator-kit";
import { validateRequestBody, validateResponse } from "../spec/spec";

const ROOT = join(import.meta.dir, "../../..");
const started: Subprocess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const proc of started.splice(0)) {
    proc.kill("SIGKILL");
    await proc.exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `pinflow emulator --port 0 …` and reads the URL it prints. */
async function startEmulator(...extra: string[]) {
  const proc = Bun.spawn([process.execPath, "src/main.ts", "emulator", "--port", "0", ...extra], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  started.push(proc);
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  // a safety net against a process that never prints, not a timing assertion
  const deadline = Date.now() + 20_000;
  while (!/PINFLOW_PINTEREST_CLIENT_SECRET=\S+\n/.test(output)) {
    if (Date.now() > deadline) throw new Error(`the emulator printed no URL: ${output}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`the emulator exited: ${output}${await new Response(proc.stderr).text()}`);
    output += decoder.decode(value);
  }
  reader.releaseLock();
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  if (!url) throw new Error(`no URL in: ${output}`);
  return { proc, url, output };
}

async function api(
  url: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string; sent?: unknown } = {},
) {
  if (init.sent !== undefined) expect(validateRequestBody(method, path, init.sent)).toEqual([]);
  const res = await fetch(`${url}${path}`, {
    method,
    headers: init.headers,
    body: init.body,
    redirect: "manual",
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  expect(res.headers.get("x-pinterest-rid")).toMatch(/^[0-9a-f]{16}$/);
  expect(validateResponse(method, path, res.status, body)).toEqual([]);
  return { status: res.status, body };
}

describe("pinflow emulator", () => {
  test("starts on a free loopback port, prints how to point PinFlow at it, and wants a token", async () => {
    const { url, output, proc } = await startEmulator();
    expect(output).toContain(`PINFLOW_PINTEREST_API_URL=${url}/v5`);
    expect(output).toContain(`PINFLOW_PINTEREST_OAUTH_URL=${url}/oauth/`);
    expect(output).toContain("PINFLOW_PINTEREST_CLIENT_ID=1500000");
    expect(output).toContain("PINFLOW_PINTEREST_CLIENT_SECRET=emulator-secret");
    const res = await api(url, "GET", "/v5/user_account");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 2, message: "Authentication failed.", status: "failure" });
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });

  test("with --data-dir a pin created right before kill -9 is there after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinflow-emulator-cli-"));
    dirs.push(dir);
    const first = await startEmulator("--data-dir", dir);
    const redirectUri = "http://127.0.0.1:8080/auth/callback";
    // what the consent page's "Allow" button posts
    const consent = await fetch(`${first.url}/oauth/`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        client_id: "1500000",
        redirect_uri: redirectUri,
        response_type: "code",
        scope: PINFLOW_SCOPES,
        state: "s1",
        account_id: STUDIO,
      }),
    });
    expect(consent.status).toBe(302);
    const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const form = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri });
    const tokens = await api(first.url, "POST", "/v5/oauth/token", {
      headers: { authorization: basicAuth(), "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      sent: form,
    });
    expect(tokens.status).toBe(200);
    const pinBody = {
      board_id: STUDIO_BOARD,
      title: "survives kill -9",
      media_source: { source_type: "image_url", url: "https://images.example.com/k.jpg" },
    };
    const created = await api(first.url, "POST", "/v5/pins", {
      headers: { authorization: `Bearer ${tokens.body.access_token}`, "content-type": "application/json" },
      body: JSON.stringify(pinBody),
      sent: pinBody,
    });
    expect(created.status).toBe(201);
    first.proc.kill("SIGKILL");
    await first.proc.exited;

    const second = await startEmulator("--data-dir", dir);
    const read = await api(second.url, "GET", `/v5/pins/${created.body.id}`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(read.status).toBe(200);
    expect(read.body.title).toBe("survives kill -9");
  });

  test("refuses a port that is not a port", async () => {
    const proc = Bun.spawn([process.execPath, "src/main.ts", "emulator", "--port", "http"], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
    });
    started.push(proc);
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toContain("invalid --port");
  });
});
