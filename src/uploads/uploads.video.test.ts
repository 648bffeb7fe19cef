import { describe, expect, test } from "bun:test";
import { S3_PART_BYTES } from "../storage/storage.s3";
import { pngImage } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";
import { storageMatrix } from "../testing/storages";
import { mp4Video, videoForm } from "../testing/videos";

/** Every test runs on both storages: the upload folder and an S3 bucket (a local S3 server). */
const STORAGES = storageMatrix();

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const uploadVideo = (s: Setup, body: BodyInit, headers: Record<string, string> = {}) =>
  s.t.request("/pins/upload-video", { method: "POST", body, headers: { ...s.key, ...headers } });

describe.each(STORAGES)("videos kept in $name", (storage) => {
  const files = (s: Setup) => storage.files(s.t);

  describe("POST /pins/upload-video", () => {
    test("stores an MP4 under a random name with its type, size, duration and picture size", async () => {
      const s = await pinSetup({ env: storage.env() });
      const bytes = mp4Video({ durationMs: 12_500, width: 1080, height: 1920 });
      const res = await uploadVideo(s, videoForm(bytes, "../holiday.mp4"));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8080\/static\/uploads\/[0-9a-f]{32}\.mp4$/),
        content_type: "video/mp4",
        size_bytes: bytes.length,
        duration_ms: 12_500,
        width: 1080,
        height: 1920,
      });
      expect(await files(s)).toEqual([body.url.split("/").at(-1)]);
      const row = await s.t.one("SELECT content_type, original_name, size_bytes, duration_ms FROM uploads");
      expect(row).toEqual({
        content_type: "video/mp4",
        original_name: "../holiday.mp4",
        size_bytes: bytes.length,
        duration_ms: 12_500,
      });
      const served = await s.t.request(new URL(body.url).pathname);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe("video/mp4");
      expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    });

    test("a QuickTime file is a .mov whatever its name says, and a moov at the end is read too", async () => {
      const s = await pinSetup({ env: storage.env() });
      const res = await uploadVideo(
        s,
        videoForm(mp4Video({ kind: "mov", moovLast: true, durationMs: 5000 }), "a.mp4"),
      );
      const body = await res.json();
      expect(body.url).toEndWith(".mov");
      expect(body).toMatchObject({ content_type: "video/quicktime", duration_ms: 5000 });
    });

    test("a body larger than every other route's 11 MB limit goes through: it is streamed, not read whole", async () => {
      const s = await pinSetup({ env: storage.env() });
      const bytes = mp4Video({ payloadBytes: 12 * 1024 * 1024 });
      const form = videoForm(bytes);
      const res = await uploadVideo(s, form);
      expect(res.status).toBe(200);
      const { url } = await res.json();
      expect(await s.t.deps.storage.size(url.split("/").at(-1))).toBe(bytes.length);
    });

    test("a video reaches the storage while it is still arriving: never more than a part behind, never whole in memory", async () => {
      const s = await pinSetup({ env: storage.env() });
      const bytes = mp4Video({ payloadBytes: 24 * 1024 * 1024, moovLast: true, durationMs: 9000 });
      const encoded = new Response(videoForm(bytes));
      const type = encoded.headers.get("content-type") as string;
      const form = new Uint8Array(await encoded.arrayBuffer());
      const before = await storage.received(s.t);
      const CHUNK = 256 * 1024;
      let sent = 0;
      let widestGap = 0;
      // The body is handed over one chunk at a time, only when PinFlow asks for more; before each chunk,
      // what has reached the storage is compared with what PinFlow has been given.
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const arrived = (await storage.received(s.t)) - before;
            widestGap = Math.max(widestGap, sent - arrived);
            if (sent >= form.length) return controller.close();
            controller.enqueue(form.slice(sent, sent + CHUNK));
            sent += CHUNK;
          },
        },
        { highWaterMark: 0 },
      );
      const res = await uploadVideo(s, body, { "content-type": type });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ size_bytes: bytes.length, duration_ms: 9000 });
      expect(sent).toBeGreaterThan(24 * 1024 * 1024);
      // a part (S3) plus what is in flight between the request and the writer: far below the 24 MB
      expect(widestGap).toBeLessThan(S3_PART_BYTES + 4 * CHUNK);
    });

    test.each([
      ["a PNG", pngImage(), "The file is not an MP4 or MOV video"],
      ["text named .mp4", new TextEncoder().encode("x".repeat(500)), "The file is not an MP4 or MOV video"],
      ["a video cut short before its header", mp4Video({ withoutMoov: true }), "no readable header"],
    ])("%s is refused with 422 and nothing is kept", async (_, bytes, message) => {
      const s = await pinSetup({ env: storage.env() });
      const res = await uploadVideo(s, videoForm(bytes));
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.detail[0]).toMatchObject({ loc: ["body", "file"] });
      expect(body.detail[0].msg).toContain(message);
      expect(await files(s)).toEqual([]);
      expect(await s.t.one("SELECT count(*) AS n FROM uploads")).toEqual({ n: 0 });
    });

    test("past PINFLOW_MAX_VIDEO_MB: a declared size is refused before reading, an undeclared one while reading", async () => {
      const s = await pinSetup({ env: { ...storage.env(), PINFLOW_MAX_VIDEO_MB: "1" } });
      const big = () => videoForm(mp4Video({ payloadBytes: 1536 * 1024 }));
      const declared = await uploadVideo(s, big());
      expect(declared.status).toBe(413);
      expect((await declared.json()).detail).toBe(
        "Video too large: the limit is 1 MB (PINFLOW_MAX_VIDEO_MB).",
      );
      const encoded = new Response(big());
      const type = encoded.headers.get("content-type") as string; // read before the body is taken
      const chunked = await uploadVideo(s, encoded.body as ReadableStream, { "content-type": type });
      expect(chunked.status).toBe(413);
      expect(await files(s)).toEqual([]);
    });

    test("a video counts against the upload quota", async () => {
      const s = await pinSetup({ env: { ...storage.env(), PINFLOW_UPLOAD_QUOTA_MB: "1" } });
      const res = await uploadVideo(s, videoForm(mp4Video({ payloadBytes: 1100 * 1024 })));
      expect(res.status).toBe(413);
      expect((await res.json()).detail).toContain("Upload quota exceeded");
      expect(await files(s)).toEqual([]);
    });

    test("JSON is a 415, a form without a file a 422, and a pending user is refused before anything is read", async () => {
      const s = await pinSetup({ env: storage.env() });
      const json = await s.t.request("/pins/upload-video", {
        method: "POST",
        json: { file: "x" },
        headers: s.key,
      });
      expect(json.status).toBe(415);
      const form = new FormData();
      form.append("note", "no file here");
      expect((await uploadVideo(s, form)).status).toBe(422);
      const anonymous = await s.t.request("/pins/upload-video", {
        method: "POST",
        body: videoForm(mp4Video()),
      });
      expect(anonymous.status).toBe(401);
      expect(await files(s)).toEqual([]);
    });
  });

  describe("uploads a video pin uses", () => {
    test("its cover counts as used: it cannot be deleted while the pin waits, and GET /uploads names the pin", async () => {
      const s = await pinSetup({ env: storage.env() });
      const video = (await (await uploadVideo(s, videoForm(mp4Video()))).json()).url;
      const coverRes = await s.t.request("/pins/upload-image", {
        method: "POST",
        body: (() => {
          const form = new FormData();
          form.append(
            "file",
            new File([pngImage() as Uint8Array<ArrayBuffer>], "cover.png", { type: "image/png" }),
          );
          return form;
        })(),
        headers: s.key,
      });
      const cover = (await coverRes.json()).url;
      const pin = await s.createOk({ media_url: video, cover_image_url: cover });
      const uploads = await (await s.as("/uploads")).json();
      expect(uploads.map((u: { url: string; pin_ids: number[] }) => [u.url, u.pin_ids])).toEqual([
        [cover, [pin.id]],
        [video, [pin.id]],
      ]);
      const coverId = uploads[0].id;
      expect((await s.as(`/uploads/${coverId}`, { method: "DELETE" })).status).toBe(409);
    });
  });
});
