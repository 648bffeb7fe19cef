import { afterEach, describe, expect, test } from "bun:test";
import { PNG_3X2, STUDIO, STUDIO_BOARD, setupEmulator } from "../../testing/emulator-kit";
import { pngImage } from "../../testing/images";
import { mp4Video } from "../../testing/videos";

let t: ReturnType<typeof setupEmulator>;
afterEach(() => t?.close());

const videoPin = (mediaId: string, cover: Record<string, unknown> = { cover_image_key_frame_time: 2 }) => ({
  board_id: STUDIO_BOARD,
  title: "A video",
  media_source: { source_type: "video_id", media_id: mediaId, ...cover },
});

describe("POST /v5/media: registering a video upload", () => {
  test("answers a media id, the emulator's upload URL and every S3 form field; status registered", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const res = await t.call("POST", "/v5/media", { token: access_token, json: { media_type: "video" } });
    expect(res.status).toBe(201);
    expect(res.body.media_id).toMatch(/^\d+$/);
    expect(res.body.media_type).toBe("video");
    expect(res.body.upload_url).toBe("http://localhost/media-upload/");
    expect(Object.keys(res.body.upload_parameters).sort()).toEqual(
      [
        "Content-Type",
        "key",
        "policy",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-signature",
      ].sort(),
    );
    const status = await t.call("GET", `/v5/media/${res.body.media_id}`, { token: access_token });
    expect(status.body).toEqual({ media_id: res.body.media_id, media_type: "video", status: "registered" });
  });

  test("only video is a media type; another account's media is not found", async () => {
    t = setupEmulator();
    const studio = await t.connect(STUDIO);
    const bad = await t.call("POST", "/v5/media", {
      token: studio.access_token,
      json: { media_type: "image" },
      requestValid: false,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(1);
    const made = await t.call("POST", "/v5/media", {
      token: studio.access_token,
      json: { media_type: "video" },
    });
    const cook = await t.connect("2783136121146311752");
    const other = await t.call("GET", `/v5/media/${made.body.media_id}`, { token: cook.access_token });
    expect(other.status).toBe(404);
  });
});

describe("the upload to upload_url", () => {
  test("with every parameter it is S3's 204; the video's size, type and duration are recorded, not its bytes", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const registered = await t.uploadVideo(
      access_token,
      mp4Video({ durationMs: 9000, payloadBytes: 50_000 }),
    );
    const [record] = t.emulator.mediaUploads();
    expect(record).toMatchObject({
      id: registered.media_id,
      uploads: 1,
      contentType: "video/mp4",
      durationMs: 9000,
      outcome: "succeeded",
    });
    expect(record?.byteLength).toBeGreaterThan(50_000);
    const status = await t.call("GET", `/v5/media/${registered.media_id}`, { token: access_token });
    expect(status.body.status).toBe("succeeded");
  });

  test.each([
    ["a parameter left out", { policy: undefined }, 403, "AccessDenied"],
    ["a parameter changed", { "x-amz-signature": "0".repeat(64) }, 403, "AccessDenied"],
    ["an unknown key", { key: "uploads/elsewhere" }, 403, "AccessDenied"],
  ])("%s is refused with S3's XML %i and nothing is recorded", async (_, fields, status, code) => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const registered = (
      await t.call("POST", "/v5/media", { token: access_token, json: { media_type: "video" } })
    ).body;
    const res = await t.upload(registered, mp4Video(), { fields });
    expect(res.status).toBe(status);
    expect(res.text).toContain(`<Code>${code}</Code>`);
    expect(t.emulator.mediaUploads()[0]?.uploads).toBe(0);
  });

  test("an upload without a Content-Length is S3's 411; after the policy expired it is 403", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const registered = (
      await t.call("POST", "/v5/media", { token: access_token, json: { media_type: "video" } })
    ).body;
    expect((await t.upload(registered, mp4Video(), { withoutLength: true })).status).toBe(411);
    t.clock.advance(60 * 60_000 + 1);
    const late = await t.upload(registered, mp4Video());
    expect(late.status).toBe(403);
    expect(late.text).toContain("Policy expired");
  });
});

describe("processing: GET /v5/media/{media_id}", () => {
  test("a slow processing (videoProcessingMs) is processing until that much time passed on the clock", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    t.emulator.faults.slowVideoProcessing(30_000);
    const { media_id } = await t.uploadVideo(access_token, mp4Video());
    const status = async () =>
      (await t.call("GET", `/v5/media/${media_id}`, { token: access_token })).body.status;
    expect(await status()).toBe("processing");
    const early = await t.call("POST", "/v5/pins", { token: access_token, json: videoPin(media_id) });
    expect(early.status).toBe(400);
    expect(early.body.message).toContain("'processing'");
    t.clock.advance(29_999);
    expect(await status()).toBe("processing");
    t.clock.advance(1);
    expect(await status()).toBe("succeeded");
  });

  test("failVideoProcessing fails the next upload; bytes that are not a video fail on their own", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    t.emulator.faults.failNextVideoProcessing(1);
    const first = await t.uploadVideo(access_token, mp4Video());
    const second = await t.uploadVideo(access_token, mp4Video());
    const image = await t.uploadVideo(access_token, pngImage());
    const status = async (id: string) =>
      (await t.call("GET", `/v5/media/${id}`, { token: access_token })).body.status;
    expect([
      await status(first.media_id),
      await status(second.media_id),
      await status(image.media_id),
    ]).toEqual(["failed", "succeeded", "failed"]);
    const pin = await t.call("POST", "/v5/pins", { token: access_token, json: videoPin(first.media_id) });
    expect(pin.status).toBe(400);
  });

  test("the knobs are part of POST /_emulator/faults", async () => {
    t = setupEmulator();
    const res = await t.call("POST", "/_emulator/faults", {
      json: { videoProcessingMs: 5000, failVideoProcessing: 2 },
    });
    expect(res.status).toBe(200);
    expect(res.body.faults).toMatchObject({ videoProcessingMs: 5000, failVideoProcessing: 2 });
  });
});

describe("a video pin: POST /v5/pins with media_source video_id", () => {
  test("with a key-frame cover: 201 with the spec's video media, and the board page shows it as a video", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const { media_id } = await t.uploadVideo(
      access_token,
      mp4Video({ durationMs: 12_000, width: 720, height: 1280 }),
    );
    const res = await t.call("POST", "/v5/pins", { token: access_token, json: videoPin(media_id) });
    expect(res.status).toBe(201);
    expect(res.body.media).toMatchObject({
      media_type: "video",
      duration: 12_000,
      width: 720,
      height: 1280,
      cover_image_url: `http://localhost/media/${res.body.id}`,
    });
    const cover = await t.emulator.app.handle(new Request(`http://localhost/media/${res.body.id}`));
    expect(cover.headers.get("content-type")).toBe("image/svg+xml");
    const page = await (
      await t.emulator.app.handle(new Request(`http://localhost/boards/${STUDIO_BOARD}`))
    ).text();
    expect(page).toContain(`Video ${media_id}`);
    expect(page).toContain("cover: the frame at 2 s");
  });

  test("with a base64 cover: the emulator keeps the cover's bytes and serves them as the pin's picture", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const { media_id } = await t.uploadVideo(access_token, mp4Video());
    const res = await t.call("POST", "/v5/pins", {
      token: access_token,
      json: videoPin(media_id, { cover_image_data: PNG_3X2, cover_image_content_type: "image/png" }),
    });
    expect(res.status).toBe(201);
    const [pin] = t.emulator.pins();
    expect(pin?.media).toMatchObject({ type: "video_id", mediaId: media_id, cover: { type: "base64" } });
    expect(Buffer.from(pin?.bytes as Uint8Array).toString("base64")).toBe(PNG_3X2);
    const cover = await t.emulator.app.handle(new Request(`http://localhost/media/${res.body.id}`));
    expect(cover.headers.get("content-type")).toBe("image/png");
  });

  test("a media id that is unknown, or registered but never uploaded, makes no pin", async () => {
    t = setupEmulator();
    const { access_token } = await t.connect(STUDIO);
    const unknown = await t.call("POST", "/v5/pins", { token: access_token, json: videoPin("999999") });
    expect(unknown.status).toBe(404);
    const registered = await t.call("POST", "/v5/media", {
      token: access_token,
      json: { media_type: "video" },
    });
    const early = await t.call("POST", "/v5/pins", {
      token: access_token,
      json: videoPin(registered.body.media_id),
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toContain("'registered'");
    expect(t.emulator.pins()).toHaveLength(0);
  });
});
