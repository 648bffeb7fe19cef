/**
 * Every request example shown on /docs, run against a test app with real ids in place of the seed's
 * placeholders, answers the status the page documents; every response example matches /openapi.json.
 */
import { describe, expect, test } from "bun:test";
import { PINTEREST_SCOPES } from "../pinterest/pinterest.client";
import type { Resolve } from "../shared/net";
import { demoAccounts, signIn } from "../testing/fixtures";
import { pngImage, uploadForm } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";
import { documentedResponses } from "../testing/response-validation";
import { createTestApp } from "../testing/test-app";
import { mp4Video, videoForm } from "../testing/videos";
import { ALL_EXAMPLES, type ApiExample, fill, fillJson, type Placeholder } from "./docs.examples";
import { operationFor } from "./docs.walk";

/** The example webhook's host resolves to a public address; nothing is ever looked up for real. */
const resolve: Resolve = async (name) => {
  if (name === "your-server.com" || name === "myblog.com") return ["93.184.216.34"];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

type Setup = Awaited<ReturnType<typeof pinSetup>>;

/** How a test makes the thing a placeholder stands for. */
const MAKE: Record<
  Placeholder,
  (s: Setup, made: Record<string, string | number>) => Promise<string | number>
> = {
  board_id: async (s) => s.board,
  board_name: async (s) => s.boards.find((b) => b.id === s.board)?.name as string,
  feed_id: async (s) => {
    const res = await s.as("/feeds", {
      method: "POST",
      json: { url: "https://myblog.com/feed.xml", board_id: s.board, mode: "queue" },
    });
    expect(res.status).toBe(201);
    return (await res.json()).id;
  },
  pin_id: async (s) =>
    (await s.createOk({ title: "Summer Recipe Ideas", scheduled_at: "2026-06-01T10:00:00Z" })).id,
  collection_id: async (s) => {
    const res = await s.as("/collections", { method: "POST", json: { name: "Summer" } });
    return (await res.json()).id;
  },
  webhook_id: async (s) => {
    const res = await s.as("/webhooks", {
      method: "POST",
      json: {
        url: "https://your-server.com/hooks/pinflow",
        event: "pin.published",
        secret: "a-random-string-you-pick",
      },
    });
    expect(res.status).toBe(201);
    return (await res.json()).id;
  },
  delivery_id: async (s, made) => {
    const res = await s.as(`/webhooks/${made.webhook_id}/test`, { method: "POST" });
    expect(res.status).toBe(200);
    return (await res.json()).id;
  },
  key_id: async (s) => {
    const res = await s.as("/api-keys", { method: "POST", json: { name: "n8n integration" } });
    return (await res.json()).id;
  },
  profile_id: async (s) => s.me.user.selected_profile_id as number,
  user_id: async (s) => (await signIn(s.t, 1)).user.id,
  job: async () => "housekeeping",
  upload_id: async (s) => {
    const res = await s.t.request("/pins/upload-image", {
      method: "POST",
      body: uploadForm(pngImage()),
      headers: s.key,
    });
    expect(res.status).toBe(200);
    const uploads = await (await s.as("/uploads")).json();
    return uploads[0].id;
  },
  state: async (s) => {
    const login = await s.t.request("/auth/login");
    return new URL(login.headers.get("location") as string).searchParams.get("state") as string;
  },
  video_url: async (s) => {
    const res = await s.t.request("/pins/upload-video", {
      method: "POST",
      body: videoForm(mp4Video()),
      headers: s.key,
    });
    expect(res.status).toBe(200);
    return (await res.json()).url;
  },
  cover_url: async (s) => {
    const res = await s.t.request("/pins/upload-image", {
      method: "POST",
      body: uploadForm(pngImage()),
      headers: s.key,
    });
    expect(res.status).toBe(200);
    return (await res.json()).url;
  },
  section_id: async (s, made) => {
    const res = await s.as(`/boards/${made.board_id}/sections`);
    expect(res.status).toBe(200);
    return (await res.json()).items[0].id;
  },
  code: async (s, made) => {
    const emulator = s.t.deps.emulator;
    if (!emulator) throw new Error("emulator mode expected");
    return emulator.authorize({
      accountId: demoAccounts(s.t)[0]?.id as string,
      redirectUri: `${s.t.deps.config.publicUrl}/auth/callback`,
      scope: PINTEREST_SCOPES.join(","),
      state: made.state as string,
    });
  },
};
/** Dependencies first: a delivery needs its webhook, a code its state. */
const ORDER: Placeholder[] = [
  "board_id",
  "board_name",
  "feed_id",
  "pin_id",
  "collection_id",
  "webhook_id",
  "delivery_id",
  "key_id",
  "profile_id",
  "user_id",
  "job",
  "upload_id",
  "video_url",
  "cover_url",
  "section_id",
  "state",
  "code",
];

async function run(ex: ApiExample) {
  const s = await pinSetup({ resolve, env: { PINFLOW_RATE_LIMITS: "off" } });
  const text = JSON.stringify([ex.path, ex.body ?? null, ex.cookie ?? "", ex.csv ?? ""]);
  const made: Record<string, string | number> = {};
  for (const name of ORDER)
    if (
      text.includes(`{${name}}`) ||
      (name === "webhook_id" && text.includes("{delivery_id}")) ||
      (name === "board_id" && text.includes("{section_id}")) ||
      (name === "state" && text.includes("{code}"))
    )
      made[name] = await MAKE[name](s, made);
  const headers: Record<string, string> = ex.auth === "none" ? {} : { ...s.key };
  if (ex.cookie) headers.cookie = fill(ex.cookie, made);
  const path = fill(ex.path, made);
  if (ex.upload === "video")
    return s.t.request(path, { method: ex.method, body: videoForm(mp4Video()), headers });
  if (ex.upload) return s.t.request(path, { method: ex.method, body: uploadForm(pngImage()), headers });
  if (ex.csv) {
    const form = new FormData();
    form.append("file", new File([fill(ex.csv, made)], "pins.csv", { type: "text/csv" }));
    return s.t.request(path, { method: ex.method, body: form, headers });
  }
  const json = ex.body === undefined ? undefined : (fillJson(ex.body, made) as Record<string, unknown>);
  return s.t.request(path, { method: ex.method, json, headers });
}

const name = (ex: ApiExample) => `${ex.method} ${ex.path} → ${ex.status}`;

describe("the request examples of /docs", () => {
  test.each(ALL_EXAMPLES.map((ex) => [name(ex), ex] as const))("%s", async (_, ex) => {
    const res = await run(ex);
    expect({ example: name(ex), status: res.status }).toEqual({ example: name(ex), status: ex.status });
  });
});

describe("the response examples of /docs", () => {
  test("each matches the response /openapi.json documents for its status", async () => {
    const t = createTestApp();
    const doc = await (await t.request("/openapi.json")).json();
    const lookup = documentedResponses(doc);
    for (const ex of ALL_EXAMPLES) {
      const found = lookup(
        ex.method,
        fill(ex.path, {
          pin_id: 42,
          collection_id: 1,
          webhook_id: 1,
          delivery_id: 7,
          key_id: 1,
          profile_id: 12,
          user_id: 2,
          job: "housekeeping",
          upload_id: 5,
          feed_id: 3,
        }),
        ex.status,
      );
      expect({ example: name(ex), documented: Boolean(found?.response) }).toEqual({
        example: name(ex),
        documented: true,
      });
      const content = (found?.response as { content?: Record<string, unknown> } | undefined)?.content;
      if (ex.responseText) {
        expect({ example: name(ex), type: Boolean(content?.[ex.responseText.type]) }).toEqual({
          example: name(ex),
          type: true,
        });
        continue;
      }
      if (ex.stream !== undefined) {
        expect({ example: name(ex), stream: Boolean(content?.["text/event-stream"]) }).toEqual({
          example: name(ex),
          stream: true,
        });
        continue;
      }
      if (ex.response === undefined) {
        expect({ example: name(ex), body: content }).toEqual({ example: name(ex), body: undefined });
        continue;
      }
      const body = fillJson(ex.response, { public_url: "https://pinflow.example.com" });
      expect({ example: name(ex), problems: found?.check(body) }).toEqual({
        example: name(ex),
        problems: [],
      });
    }
  });

  test("every documented operation has an example on the page", async () => {
    const t = createTestApp();
    const doc = await (await t.request("/openapi.json")).json();
    const shown = new Set(ALL_EXAMPLES.map((ex) => operationFor(doc, ex.method, ex.path)));
    const missing = Object.entries(doc.paths as Record<string, Record<string, object>>).flatMap(
      ([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => !shown.has(op as never))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(missing).toEqual([]);
  });
});
