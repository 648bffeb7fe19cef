import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pinSetup } from "../pins/pins.test-setup";
import { gifImage, pngHeader, pngImage, uploadForm } from "../testing/images";

const upload = (t: Awaited<ReturnType<typeof pinSetup>>, form: FormData) =>
  t.t.request("/pins/upload-image", { method: "POST", body: form, headers: t.key });

describe("POST /pins/upload-image", () => {
  test("stores an image under a random name and returns its absolute public URL", async () => {
    const s = await pinSetup();
    const res = await upload(s, uploadForm(pngImage(), "../../etc/passwd.png"));
    expect(res.status).toBe(200);
    const { url } = await res.json();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/static\/uploads\/[0-9a-f]{32}\.png$/);
    const name = url.split("/").at(-1);
    expect(existsSync(join(s.t.dataDir, "uploads", name))).toBe(true);
    expect(readdirSync(join(s.t.dataDir, "uploads")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const row = s.t.deps.raw.query("SELECT content_type, original_name, user_id FROM uploads").get();
    expect(row).toEqual({
      content_type: "image/png",
      original_name: "../../etc/passwd.png",
      user_id: s.me.user.id,
    });
  });

  test("the type comes from the bytes, not the name or declared type", async () => {
    const s = await pinSetup();
    const res = await upload(s, uploadForm(gifImage(), "photo.jpg", "image/jpeg"));
    expect((await res.json()).url).toEndWith(".gif");
  });

  test.each([
    [
      "an SVG",
      new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "x.png",
    ],
    ["HTML named .jpg", new TextEncoder().encode("<html><body>hi</body></html>"), "x.jpg"],
    [
      "a PNG signature glued onto HTML",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 60, 104, 116, 109, 108, 62]),
      "x.png",
    ],
  ])("%s is refused with 422 and nothing is stored", async (_name, bytes, fileName) => {
    const s = await pinSetup();
    const res = await upload(s, uploadForm(bytes, fileName));
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0]).toMatchObject({ loc: ["body", "file"], type: "value_error" });
    expect(readdirSync(join(s.t.dataDir, "uploads"))).toEqual([]);
  });

  test("a missing file field is a 422 and an empty file is refused", async () => {
    const s = await pinSetup();
    const none = await s.t.request("/pins/upload-image", {
      method: "POST",
      body: new FormData(),
      headers: s.key,
    });
    expect(none.status).toBe(422);
    expect((await upload(s, uploadForm(new Uint8Array()))).status).toBe(422);
  });

  test("a file over 10 MB answers 413 with a JSON detail", async () => {
    const s = await pinSetup();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pngImage());
    const res = await upload(s, uploadForm(big));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ detail: "File too large: the limit is 10 MB." });
  });

  test("a huge image is refused before anything decodes it", async () => {
    const s = await pinSetup();
    const res = await upload(s, uploadForm(pngHeader(14000, 14000)));
    expect(res.status).toBe(422);
  });

  test("uploading needs an approved account", async () => {
    const s = await pinSetup();
    const res = await s.t.request("/pins/upload-image", { method: "POST", body: uploadForm(pngImage()) });
    expect(res.status).toBe(401);
  });
});

describe("GET /static/uploads/{name}", () => {
  test("serves the file with its type, nosniff, a sandbox CSP and long caching", async () => {
    const s = await pinSetup();
    const { url } = await (await upload(s, uploadForm(pngImage()))).json();
    const res = await s.t.request(new URL(url).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pngImage()))).toBe(true);
  });

  test.each([
    "../secret.key",
    "..%2f..%2fsecret.key",
    "%2e%2e/pinflow.db",
    "abc.png",
    `${"0".repeat(32)}.png`,
  ])("%s answers 404", async (name) => {
    const s = await pinSetup();
    expect((await s.t.request(`/static/uploads/${name}`)).status).toBe(404);
  });

  test("a pin made from an upload passes the pre-flight (PNG goes to Pinterest as base64)", async () => {
    const s = await pinSetup();
    const { url } = await (await upload(s, uploadForm(pngImage()))).json();
    expect((await s.createOk({ media_url: url })).status).toBe("queued");
  });

  test("a GIF upload on a private public URL is flagged for review", async () => {
    const s = await pinSetup();
    const { url } = await (await upload(s, uploadForm(gifImage(), "a.gif"))).json();
    const pin = await s.createOk({ media_url: url });
    expect(pin.status).toBe("review");
    expect(pin.error_message).toContain("PINFLOW_PUBLIC_URL");
  });
});
