/**
 * The media paths of publishing on both storages (the upload folder and an S3 bucket on a local S3 server):
 * an uploaded JPEG/PNG goes to Pinterest as base64 read from the storage, a video is streamed from the
 * storage to Pinterest's upload URL with its cover's bytes, and a file gone from the storage fails the pin
 * saying where it was missing.
 */
import { describe, expect, test } from "bun:test";
import { parseConfig } from "../config";
import { createStorage } from "../storage/storage.wiring";
import { pngImage, uploadForm } from "../testing/images";
import { pinSetup } from "../testing/pin-setup";
import { storageMatrix } from "../testing/storages";
import { mp4Video, videoForm } from "../testing/videos";

const STORAGES = storageMatrix();

type Setup = Awaited<ReturnType<typeof pinSetup>>;

const emulator = (s: Setup) => s.t.deps.emulator as NonNullable<Setup["t"]["deps"]["emulator"]>;
const pinOf = async (s: Setup, id: number) => (await s.as(`/pins/${id}`)).json();
const nameOf = (url: string) => url.split("/").at(-1) as string;

async function publishDue(s: Setup) {
  await s.t.publisher.tick();
  await s.t.publisher.settled();
}

async function uploaded(s: Setup, path: string, body: FormData): Promise<string> {
  const res = await s.t.request(path, { method: "POST", body, headers: s.key });
  expect(res.status).toBe(200);
  return (await res.json()).url;
}

describe.each(STORAGES)("publishing media kept in $name", (storage) => {
  const where = storage.kind === "s3" ? "the S3 bucket" : "the uploads folder";

  test("an uploaded PNG goes to Pinterest as image_base64 of its stored bytes", async () => {
    const s = await pinSetup({ env: storage.env() });
    const image = pngImage(30, 20);
    const url = await uploaded(s, "/pins/upload-image", uploadForm(image));
    const pin = await s.createOk({ title: "uploaded", media_url: url });
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
    const [onPinterest] = emulator(s).pins();
    expect(onPinterest?.media).toMatchObject({ type: "image_base64", contentType: "image/png" });
    expect(Buffer.from(onPinterest?.bytes as Uint8Array).equals(Buffer.from(image))).toBe(true);
  });

  test("an image gone from the storage fails the pin, saying where it was missing", async () => {
    const s = await pinSetup({ env: storage.env() });
    const url = await uploaded(s, "/pins/upload-image", uploadForm(pngImage()));
    const pin = await s.createOk({ media_url: url });
    await s.t.deps.storage.delete(nameOf(url));
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({
      status: "failed",
      error_message: `The uploaded image file is missing from ${where}.`,
    });
    expect(emulator(s).pins()).toEqual([]);
  });

  test("a video is streamed from the storage to Pinterest, with its uploaded cover's bytes", async () => {
    const s = await pinSetup({ env: storage.env() });
    const video = mp4Video({ durationMs: 20_000, payloadBytes: 6 * 1024 * 1024 });
    const media_url = await uploaded(s, "/pins/upload-video", videoForm(video));
    const cover = pngImage(40, 60);
    const cover_image_url = await uploaded(s, "/pins/upload-image", uploadForm(cover));
    const pin = await s.createOk({ title: "A video", media_url, cover_image_url });
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({ status: "published", video_status: "succeeded" });
    const [media] = emulator(s).mediaUploads();
    expect(media).toMatchObject({ uploads: 1, byteLength: video.length, durationMs: 20_000 });
    const [onPinterest] = emulator(s).pins();
    expect(onPinterest?.media).toMatchObject({ type: "video_id", cover: { type: "base64" } });
    expect(Buffer.from(onPinterest?.bytes as Uint8Array).equals(Buffer.from(cover))).toBe(true);
  });

  test("a video gone from the storage fails the pin, saying where it was missing", async () => {
    const s = await pinSetup({ env: storage.env() });
    const media_url = await uploaded(s, "/pins/upload-video", videoForm(mp4Video({ durationMs: 20_000 })));
    const pin = await s.createOk({ media_url, cover_key_frame_time: 1 });
    await s.t.deps.storage.delete(nameOf(media_url));
    await publishDue(s);
    expect(await pinOf(s, pin.id)).toMatchObject({
      status: "failed",
      error_message: `The uploaded video file is missing from ${where}.`,
    });
  });
});

describe("a bucket out of reach while publishing (S3 storage)", () => {
  const s3 = STORAGES[1] as (typeof STORAGES)[number];

  test("the attempt is retried like a transient failure, saying the bucket could not be read", async () => {
    const env = s3.env();
    const s = await pinSetup({ env });
    const url = await uploaded(s, "/pins/upload-image", uploadForm(pngImage()));
    const pin = await s.createOk({ media_url: url });
    const working = s.t.deps.storage;
    s.t.deps.storage = createStorage(
      parseConfig({ ...env, PINFLOW_S3_SECRET_ACCESS_KEY: "revoked", PINFLOW_DATA_DIR: s.t.dataDir }),
    );
    await publishDue(s);
    const after = await pinOf(s, pin.id);
    expect(after).toMatchObject({ status: "queued", retry_count: 1 });
    expect(after.error_message).toStartWith("The upload could not be read from the S3 bucket:");
    expect(emulator(s).pins()).toEqual([]);

    s.t.deps.storage = working;
    s.t.clock.advance(10 * 60_000);
    await publishDue(s);
    expect((await pinOf(s, pin.id)).status).toBe("published");
  });
});
