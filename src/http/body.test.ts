import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { apiKeyFor, demoAccounts, signIn } from "../testing/fixtures";
import { pngImage, uploadForm } from "../testing/images";
import { createTestApp } from "../testing/test-app";
import { bodyKindOf } from "./body";

async function setup() {
  const t = createTestApp();
  const key = await apiKeyFor(t, await signIn(t, 0));
  const board = demoAccounts(t)[0]?.boards[0]?.id as string;
  return { t, key, pin: { board_id: board, media_url: "https://example.com/a.jpg" } };
}

describe("the media type of a body", () => {
  test("a JSON route refuses a form, multipart and text with 415 and says what it takes", async () => {
    const { t, key, pin } = await setup();
    const form = new FormData();
    for (const [k, v] of Object.entries(pin)) form.append(k, v);
    const attempts: Array<[string, { body: BodyInit; headers?: Record<string, string> }]> = [
      ["POST /pins", { body: new URLSearchParams(pin) }],
      ["POST /pins", { body: form }],
      ["POST /pins", { body: JSON.stringify(pin), headers: { "content-type": "text/plain" } }],
      ["PUT /auth/me", { body: new URLSearchParams({ timezone: "Europe/Paris" }) }],
      ["POST /api-keys", { body: new URLSearchParams({ name: "form" }) }],
    ];
    for (const [route, init] of attempts) {
      const [method, path] = route.split(" ") as [string, string];
      const res = await t.request(path, { method, body: init.body, headers: { ...key, ...init.headers } });
      expect({ route, status: res.status, body: await res.json() }).toEqual({
        route,
        status: 415,
        body: { detail: "Content-Type must be application/json" },
      });
    }
    // nothing was created by the form that would have been a valid pin
    expect(await (await t.request("/pins", { headers: key })).json()).toEqual([]);
  });

  test("the upload route takes multipart only", async () => {
    const { t, key } = await setup();
    const res = await t.request("/pins/upload-image", {
      method: "POST",
      json: { file: "aGVsbG8=" },
      headers: key,
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ detail: "Content-Type must be multipart/form-data" });
    const ok = await t.request("/pins/upload-image", {
      method: "POST",
      body: uploadForm(pngImage()),
      headers: key,
    });
    expect(ok.status).toBe(200);
  });

  test("a charset parameter or capitals in the media type are fine", async () => {
    const { t, key, pin } = await setup();
    for (const type of ["application/json; charset=utf-8", "Application/JSON"]) {
      const res = await t.request("/pins", {
        method: "POST",
        body: JSON.stringify(pin),
        headers: { ...key, "content-type": type },
      });
      expect({ type, status: res.status }).toEqual({ type, status: 201 });
    }
  });

  test("no body at all is still the 422 that names what is missing", async () => {
    const { t, key } = await setup();
    const res = await t.request("/pins", { method: "POST", headers: key });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: [{ loc: ["body"], msg: "Field required", type: "missing" }] });
    const malformed = await t.request("/pins", {
      method: "POST",
      body: '{"board_id": ',
      headers: { ...key, "content-type": "application/json" },
    });
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).detail).toEqual([
      { loc: ["body"], msg: "JSON decode error", type: "json_invalid" },
    ]);
  });

  test("a route's schema decides: a file field means multipart, any other body JSON", () => {
    expect(bodyKindOf(v.object({ file: v.file() }))).toBe("multipart");
    expect(bodyKindOf(v.object({ caption: v.string(), file: v.optional(v.file()) }))).toBe("multipart");
    expect(bodyKindOf(v.object({ title: v.string() }))).toBe("json");
    expect(bodyKindOf(v.pipe(v.array(v.object({ title: v.string() })), v.minLength(1)))).toBe("json");
    expect(bodyKindOf(undefined)).toBe("none");
  });
});
