import { describe, expect, test } from "bun:test";
import { parseConfig } from "../config";
import { createStorage } from "../storage/storage.wiring";
import { gifImage, pngHeader, pngImage, uploadForm } from "../testing/images";
import { forceStatus, pinSetup, secondUser } from "../testing/pin-setup";
import { storageMatrix } from "../testing/storages";
import { mp4Video, videoForm } from "../testing/videos";

/** Every test runs on both storages: the upload folder and an S3 bucket (a local S3 server). */
const STORAGES = storageMatrix();

const upload = (t: Awaited<ReturnType<typeof pinSetup>>, form: FormData) =>
  t.t.request("/pins/upload-image", { method: "POST", body: form, headers: t.key });

describe.each(STORAGES)("uploads kept in $name", (storage) => {
  describe("POST /pins/upload-image", () => {
    test("stores an image under a random name and returns its absolute public URL", async () => {
      const s = await pinSetup({ env: storage.env() });
      const res = await upload(s, uploadForm(pngImage(), "../../etc/passwd.png"));
      expect(res.status).toBe(200);
      const { url } = await res.json();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/static\/uploads\/[0-9a-f]{32}\.png$/);
      const name = url.split("/").at(-1);
      expect(await storage.files(s.t)).toEqual([name]);
      const row = await s.t.one("SELECT content_type, original_name, user_id FROM uploads");
      expect(row).toEqual({
        content_type: "image/png",
        original_name: "../../etc/passwd.png",
        user_id: s.me.user.id,
      });
    });

    test("the type comes from the bytes, not the name or declared type", async () => {
      const s = await pinSetup({ env: storage.env() });
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
      const s = await pinSetup({ env: storage.env() });
      const res = await upload(s, uploadForm(bytes, fileName));
      expect(res.status).toBe(422);
      expect((await res.json()).detail[0]).toMatchObject({ loc: ["body", "file"], type: "value_error" });
      expect(await storage.files(s.t)).toEqual([]);
    });

    test("a missing file field is a 422 and an empty file is refused", async () => {
      const s = await pinSetup({ env: storage.env() });
      const none = await s.t.request("/pins/upload-image", {
        method: "POST",
        body: new FormData(),
        headers: s.key,
      });
      expect(none.status).toBe(422);
      expect((await upload(s, uploadForm(new Uint8Array()))).status).toBe(422);
    });

    test("a file over 10 MB answers 413 with a JSON detail", async () => {
      const s = await pinSetup({ env: storage.env() });
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(pngImage());
      const res = await upload(s, uploadForm(big));
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ detail: "File too large: the limit is 10 MB." });
    });

    test("a huge image is refused before anything decodes it", async () => {
      const s = await pinSetup({ env: storage.env() });
      const res = await upload(s, uploadForm(pngHeader(14000, 14000)));
      expect(res.status).toBe(422);
    });

    test("uploading needs an approved account", async () => {
      const s = await pinSetup({ env: storage.env() });
      const res = await s.t.request("/pins/upload-image", { method: "POST", body: uploadForm(pngImage()) });
      expect(res.status).toBe(401);
    });
  });

  describe("GET /static/uploads/{name}", () => {
    test("serves the file with its type, nosniff, a sandbox CSP and long caching", async () => {
      const s = await pinSetup({ env: storage.env() });
      const { url } = await (await upload(s, uploadForm(pngImage()))).json();
      const res = await s.t.request(new URL(url).pathname);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(pngImage()))).toBe(true);
    });

    test("an upload whose file is gone from the storage answers 404", async () => {
      const s = await pinSetup({ env: storage.env() });
      const { url } = await (await upload(s, uploadForm(pngImage()))).json();
      await s.t.deps.storage.delete(url.split("/").at(-1));
      expect((await s.t.request(new URL(url).pathname)).status).toBe(404);
    });

    test.each([
      "../secret.key",
      "..%2f..%2fsecret.key",
      "%2e%2e/pinflow.db",
      "abc.png",
      `${"0".repeat(32)}.png`,
    ])("%s answers 404", async (name) => {
      const s = await pinSetup({ env: storage.env() });
      expect((await s.t.request(`/static/uploads/${name}`)).status).toBe(404);
    });

    test("a pin made from an upload passes the pre-flight (PNG goes to Pinterest as base64)", async () => {
      const s = await pinSetup({ env: storage.env() });
      const { url } = await (await upload(s, uploadForm(pngImage()))).json();
      expect((await s.createOk({ media_url: url })).status).toBe("queued");
    });

    test("a GIF upload on a private public URL is flagged for review", async () => {
      const s = await pinSetup({ env: storage.env() });
      const { url } = await (await upload(s, uploadForm(gifImage(), "a.gif"))).json();
      const pin = await s.createOk({ media_url: url });
      expect(pin.status).toBe("review");
      expect(pin.error_message).toContain("PINFLOW_PUBLIC_URL");
    });
  });

  type Setup = Awaited<ReturnType<typeof pinSetup>>;
  const DAY = 86_400_000;

  /** Uploads a PNG (padded to `bytes` when given) and returns its URL, file name and library id. */
  async function stored(s: Setup, opts: { bytes?: number; key?: Record<string, string> } = {}) {
    const image = new Uint8Array(Math.max(opts.bytes ?? 0, pngImage().length));
    image.set(pngImage());
    const res = await s.t.request("/pins/upload-image", {
      method: "POST",
      body: uploadForm(image),
      headers: opts.key ?? s.key,
    });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    const name = url.split("/").at(-1) as string;
    const row = (await s.t.one("SELECT id FROM uploads WHERE file_name = ?", name)) as { id: number };
    return { url, name, id: row.id, path: new URL(url).pathname };
  }

  const onDisk = async (s: Setup, name: string) => (await storage.files(s.t)).includes(name);
  const library = async (s: Setup, key = s.key) =>
    (await s.t.request("/uploads", { headers: key })).json() as Promise<Array<Record<string, unknown>>>;
  const runCleanup = (s: Setup) => s.t.scheduler.runNow("uploads-cleanup");

  describe("GET /uploads", () => {
    test("lists your uploads newest first, with url, type, size, times and the pins using each", async () => {
      const s = await pinSetup({ env: storage.env() });
      const first = await stored(s);
      const second = await stored(s, { bytes: 2048 });
      const pin = await s.createOk({ media_url: first.url });
      // the same file written with another host is still that upload
      const draft = await s.createOk({
        media_url: `https://pins.example.org${first.path}`,
        status: "draft",
      });
      const list = await library(s);
      expect(list).toEqual([
        {
          id: second.id,
          url: second.url,
          content_type: "image/png",
          size_bytes: 2048,
          original_name: "photo.png",
          created_at: "2026-05-01T12:00:00Z",
          last_used_at: "2026-05-01T12:00:00Z",
          pin_ids: [],
        },
        {
          id: first.id,
          url: first.url,
          content_type: "image/png",
          size_bytes: pngImage().length,
          original_name: "photo.png",
          created_at: "2026-05-01T12:00:00Z",
          last_used_at: "2026-05-01T12:00:00Z",
          pin_ids: [pin.id, draft.id],
        },
      ]);
    });

    test("shows only your own uploads, and needs an approved account", async () => {
      const s = await pinSetup({ env: storage.env() });
      await stored(s);
      const { otherKey } = await secondUser(s.t, s.me);
      expect(await library(s, otherKey)).toEqual([]);
      expect((await s.t.request("/uploads")).status).toBe(401);
    });
  });

  describe("DELETE /uploads/{id}", () => {
    test("removes an unused upload: 204, the file leaves the disk and its URL is no longer served", async () => {
      const s = await pinSetup({ env: storage.env() });
      const up = await stored(s);
      const res = await s.as(`/uploads/${up.id}`, { method: "DELETE" });
      expect(res.status).toBe(204);
      expect(await onDisk(s, up.name)).toBe(false);
      expect((await s.t.request(up.path)).status).toBe(404);
      expect(await library(s)).toEqual([]);
    });

    test("is refused with 409 while a pin that is not yet published uses it; published pins do not hold it", async () => {
      const s = await pinSetup({ env: storage.env() });
      const up = await stored(s);
      const queued = await s.createOk({ media_url: up.url });
      const draft = await s.createOk({ media_url: up.url, status: "draft" });
      const refused = await s.as(`/uploads/${up.id}`, { method: "DELETE" });
      expect(refused.status).toBe(409);
      const { detail } = await refused.json();
      expect(detail).toContain(`pins ${queued.id}, ${draft.id}, not yet published`);
      expect(await onDisk(s, up.name)).toBe(true);
      expect((await s.t.request(up.path)).status).toBe(200);

      await forceStatus(s.t, queued.id, "publishing");
      expect((await s.as(`/pins/${draft.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await s.as(`/uploads/${up.id}`, { method: "DELETE" })).status).toBe(409); // publishing is not published
      await forceStatus(s.t, queued.id, "published");
      expect((await s.as(`/uploads/${up.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await s.t.request(up.path)).status).toBe(404);
    });

    test("another user's upload, or one that does not exist, is 404 and stays", async () => {
      const s = await pinSetup({ env: storage.env() });
      const up = await stored(s);
      const { otherKey } = await secondUser(s.t, s.me);
      const res = await s.t.request(`/uploads/${up.id}`, { method: "DELETE", headers: otherKey });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ detail: "Upload not found" });
      expect((await s.as("/uploads/999999", { method: "DELETE" })).status).toBe(404);
      expect(await onDisk(s, up.name)).toBe(true);
    });
  });

  describe("the upload quota", () => {
    test("an upload beyond PINFLOW_UPLOAD_QUOTA_MB answers 413 saying what is used and the cap; nothing is stored", async () => {
      const s = await pinSetup({ env: { ...storage.env(), PINFLOW_UPLOAD_QUOTA_MB: "1" } });
      await stored(s, { bytes: 600 * 1024 });
      const image = new Uint8Array(500 * 1024);
      image.set(pngImage());
      const res = await upload(s, uploadForm(image));
      expect(res.status).toBe(413);
      const { detail } = await res.json();
      expect(detail).toContain("Upload quota exceeded");
      expect(detail).toContain("use 600 KB of your 1 MB");
      expect(detail).toContain("this file needs 500 KB");
      expect(await storage.files(s.t)).toHaveLength(1);
      expect(await library(s)).toHaveLength(1);
    });

    test("is per user, and deleting an upload frees its space", async () => {
      const s = await pinSetup({ env: { ...storage.env(), PINFLOW_UPLOAD_QUOTA_MB: "1" } });
      const big = await stored(s, { bytes: 700 * 1024 });
      const { otherKey } = await secondUser(s.t, s.me);
      await stored(s, { bytes: 700 * 1024, key: otherKey }); // someone else's uploads do not count
      const image = new Uint8Array(700 * 1024);
      image.set(pngImage());
      expect((await upload(s, uploadForm(image))).status).toBe(413);
      expect((await s.as(`/uploads/${big.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await upload(s, uploadForm(image))).status).toBe(200);
    });

    test("defaults to 1024 MB", () => {
      expect(parseConfig({}).uploadQuotaMb).toBe(1024);
      expect(() => parseConfig({ PINFLOW_UPLOAD_QUOTA_MB: "lots" })).toThrow(/PINFLOW_UPLOAD_QUOTA_MB/);
    });
  });

  describe("the daily uploads-cleanup job", () => {
    test("removes an upload no pin has referenced for 30 days: row, file and URL", async () => {
      const s = await pinSetup({ env: storage.env() });
      const up = await stored(s);
      s.t.clock.advance(29 * DAY);
      expect((await runCleanup(s)).last_error).toBeNull();
      expect(await onDisk(s, up.name)).toBe(true);
      s.t.clock.advance(2 * DAY);
      await runCleanup(s);
      expect(await onDisk(s, up.name)).toBe(false);
      expect((await s.t.request(up.path)).status).toBe(404);
      expect(await library(s)).toEqual([]);
    });

    test("keeps an upload a pin uses however old; a deleted pin's image goes 30 days after it let go", async () => {
      const s = await pinSetup({ env: storage.env() });
      const up = await stored(s);
      const pin = await s.createOk({ media_url: up.url });
      s.t.clock.advance(40 * DAY);
      await runCleanup(s);
      expect(await onDisk(s, up.name)).toBe(true);
      expect((await library(s))[0]?.last_used_at).toBe("2026-06-10T12:00:00Z");

      expect((await s.as(`/pins/${pin.id}`, { method: "DELETE" })).status).toBe(204);
      s.t.clock.advance(29 * DAY);
      await runCleanup(s);
      expect((await s.t.request(up.path)).status).toBe(200);
      s.t.clock.advance(2 * DAY);
      await runCleanup(s);
      expect((await s.t.request(up.path)).status).toBe(404);
      expect(await onDisk(s, up.name)).toBe(false);
    });

    test("a published pin still references its upload, and another user's pin does not", async () => {
      const s = await pinSetup({ env: storage.env() });
      const mine = await stored(s);
      const theirs = await stored(s);
      const pin = await s.createOk({ media_url: mine.url });
      await forceStatus(s.t, pin.id, "published");
      const { otherKey } = await secondUser(s.t, s.me);
      const foreign = await s.t.request("/pins", {
        method: "POST",
        json: { board_id: s.board, media_url: theirs.url, status: "draft" },
        headers: otherKey,
      });
      expect(foreign.status).toBe(201);
      s.t.clock.advance(31 * DAY);
      await runCleanup(s);
      expect(await onDisk(s, mine.name)).toBe(true);
      expect(await onDisk(s, theirs.name)).toBe(false);
    });

    test("is one of the scheduler's daily jobs", async () => {
      const s = await pinSetup({ env: storage.env() });
      const job = s.t.scheduler.status().find((j) => j.name === "uploads-cleanup");
      expect(job?.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    });
  });
});

describe("GET /static/uploads/{name} with PINFLOW_S3_SERVE=redirect", () => {
  const s3 = STORAGES[1] as (typeof STORAGES)[number];

  test("answers 302 to a presigned bucket URL that serves the file, cached for less than the URL lives", async () => {
    const s = await pinSetup({ env: { ...s3.env(), PINFLOW_S3_SERVE: "redirect" } });
    const { url } = await (await upload(s, uploadForm(pngImage()))).json();
    const res = await s.t.request(new URL(url).pathname);
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe("private, max-age=3240");
    const location = res.headers.get("location") as string;
    expect(location).toStartWith(`${s3.server().endpoint}/`);
    expect(location).toContain("X-Amz-Expires=3600");
    const direct = await fetch(location);
    expect(direct.status).toBe(200);
    expect(Buffer.from(await direct.arrayBuffer()).equals(Buffer.from(pngImage()))).toBe(true);
    expect((await s.t.request(`/static/uploads/${"0".repeat(32)}.png`)).status).toBe(404);
  });
});

describe("a bucket that refuses PinFlow (S3 storage)", () => {
  const s3 = STORAGES[1] as (typeof STORAGES)[number];

  test("uploads answer 503 uploads.storage_unavailable and keep nothing; serving answers 503; the cause is logged", async () => {
    const env = s3.env();
    const s = await pinSetup({ env });
    const { url } = await (await upload(s, uploadForm(pngImage()))).json();
    // from now on the bucket refuses every request: the keys no longer match
    s.t.deps.storage = createStorage(
      parseConfig({ ...env, PINFLOW_S3_SECRET_ACCESS_KEY: "revoked", PINFLOW_DATA_DIR: s.t.dataDir }),
    );
    const image = await upload(s, uploadForm(pngImage()));
    expect(image.status).toBe(503);
    expect(image.headers.get("x-error-code")).toBe("uploads.storage_unavailable");
    expect((await image.json()).detail).toContain("nothing was stored");
    const video = await s.t.request("/pins/upload-video", {
      method: "POST",
      body: videoForm(mp4Video()),
      headers: s.key,
    });
    expect(video.status).toBe(503);
    expect(await s.t.one("SELECT count(*) AS n FROM uploads")).toEqual({ n: 1 });
    const served = await s.t.request(new URL(url).pathname);
    expect(served.status).toBe(503);
    expect(s.t.logs.some((l) => l.msg === "the upload storage failed to write an image")).toBe(true);
  });
});
