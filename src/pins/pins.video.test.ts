/** Video pins as the API takes them: media_type, covers, and the pre-flight's video limits. */
import { describe, expect, test } from "bun:test";
import { gifImage, pngImage, uploadForm } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";
import { mp4Video, type VideoOptions, videoForm } from "../testing/videos";

type Setup = Awaited<ReturnType<typeof pinSetup>>;

async function video(s: Setup, opts: VideoOptions = {}): Promise<string> {
  const res = await s.t.request("/pins/upload-video", {
    method: "POST",
    body: videoForm(mp4Video(opts)),
    headers: s.key,
  });
  expect(res.status).toBe(200);
  return (await res.json()).url;
}

async function image(s: Setup, bytes = pngImage(), name = "cover.png"): Promise<string> {
  const res = await s.t.request("/pins/upload-image", {
    method: "POST",
    body: uploadForm(bytes, name),
    headers: s.key,
  });
  expect(res.status).toBe(200);
  return (await res.json()).url;
}

describe("video pins", () => {
  test("a video with an uploaded cover is queued, and says it is a video", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ media_url: await video(s), cover_image_url: await image(s) });
    expect(pin).toMatchObject({
      status: "queued",
      media_type: "video",
      cover_key_frame_time: null,
      video_status: null,
      error_message: null,
    });
    expect(pin.cover_image_url).toContain("/static/uploads/");
  });

  test("a key frame is a cover too; an image pin says image", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ media_url: await video(s), cover_key_frame_time: 3 });
    expect(pin).toMatchObject({ status: "queued", media_type: "video", cover_key_frame_time: 3 });
    expect((await s.createOk()).media_type).toBe("image");
  });

  test.each([
    [{}, {}, "A video pin needs a cover"],
    [
      { durationMs: 3000 },
      { cover_key_frame_time: 1 },
      "The video is 3 s long; Pinterest takes videos of 4 seconds to 15 minutes.",
    ],
    [{ durationMs: 15 * 60_000 + 500 }, { cover_key_frame_time: 1 }, "The video is 900.5 s long"],
  ])("%j with %j goes to review: %s", async (videoOpts, cover, message) => {
    const s = await pinSetup();
    const pin = await s.createOk({ media_url: await video(s, videoOpts), ...cover });
    expect(pin.status).toBe("review");
    expect(pin.error_message).toContain(message);
  });

  test("a GIF cover, or a video as the cover, goes to review: Pinterest takes JPEG or PNG covers", async () => {
    const s = await pinSetup();
    const gif = await s.createOk({
      media_url: await video(s),
      cover_image_url: await image(s, gifImage(), "c.gif"),
    });
    expect(gif.error_message).toBe("The cover must be a JPEG or PNG image (this upload is image/gif).");
    const clip = await s.createOk({ media_url: await video(s), cover_image_url: await video(s) });
    expect(clip.error_message).toBe("The cover must be a JPEG or PNG image (this upload is video/mp4).");
  });

  test("a cover by URL must be one Pinterest can fetch", async () => {
    const s = await pinSetup();
    const local = await s.createOk({ media_url: await video(s), cover_image_url: "http://127.0.0.1/c.jpg" });
    expect(local.error_message).toContain("Cover: Pinterest cannot fetch media from 127.0.0.1");
    const remote = await s.createOk({
      media_url: await video(s),
      cover_image_url: "https://example.com/c.jpg",
    });
    expect(remote.status).toBe("queued");
  });

  test("a video needs no public address: it is uploaded to Pinterest, not fetched", async () => {
    const s = await pinSetup();
    // the test instance's public URL is http://127.0.0.1:8080, which Pinterest could never fetch
    expect(s.t.deps.config.publicUrl).toBe("http://127.0.0.1:8080");
    const pin = await s.createOk({ media_url: await video(s), cover_key_frame_time: 0 });
    expect(pin.status).toBe("queued");
  });

  test("an edit can change the cover; a negative key frame is a 422", async () => {
    const s = await pinSetup();
    const pin = await s.createOk({ media_url: await video(s), status: "draft" });
    const edited = await (
      await s.as(`/pins/${pin.id}`, { method: "PUT", json: { cover_key_frame_time: 5, status: "queued" } })
    ).json();
    expect(edited).toMatchObject({ status: "queued", cover_key_frame_time: 5 });
    const cleared = await (
      await s.as(`/pins/${pin.id}`, { method: "PUT", json: { cover_key_frame_time: null, status: "queued" } })
    ).json();
    expect(cleared.status).toBe("review");
    expect((await s.create({ media_url: await video(s), cover_key_frame_time: -1 })).status).toBe(422);
  });
});
