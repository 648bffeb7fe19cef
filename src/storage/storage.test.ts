/**
 * The storage seam's contract, held by both places: the upload folder and an S3 bucket (a local
 * S3-compatible server started by this file).
 */
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../config";
import { storageMatrix } from "../testing/storages";
import type { Storage } from "./storage";
import { S3_PART_BYTES } from "./storage.s3";
import { createStorage } from "./storage.wiring";

const STORAGES = storageMatrix();

const text = (s: string) => new TextEncoder().encode(s);
const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Bytes that differ from position to position, so a chunk out of place shows. */
function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe.each(STORAGES)("the storage seam on $name", (storage) => {
  const make = () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pinflow-storage-"));
    const config = parseConfig({ PINFLOW_DATA_DIR: dataDir, ...storage.env() });
    const store: Storage = createStorage(config);
    return { store, t: { dataDir, deps: { storage: store } } };
  };

  test("puts bytes and reads them back whole, as a stream, by range and by size", async () => {
    const { store } = make();
    expect(store.kind).toBe(storage.kind);
    const bytes = pattern(70_000);
    expect(await store.put("a.png", bytes, "image/png")).toBe(70_000);
    expect(await store.exists("a.png")).toBe(true);
    expect(await store.size("a.png")).toBe(70_000);
    expect(digest((await store.bytes("a.png")) as Uint8Array)).toBe(digest(bytes));
    const object = await store.get("a.png");
    expect(object?.size).toBe(70_000);
    expect(digest(await readAll(object?.stream() as ReadableStream<Uint8Array>))).toBe(digest(bytes));
    expect(await store.read("a.png", 10, 5)).toEqual(bytes.subarray(10, 15));
    expect(await store.read("a.png", 69_998, 100)).toEqual(bytes.subarray(69_998));
    expect((await store.read("a.png", 70_000, 8)).length).toBe(0);
  });

  test("a missing name is null or false everywhere, and deleting it is fine", async () => {
    const { store } = make();
    expect(await store.exists("none.png")).toBe(false);
    expect(await store.size("none.png")).toBeNull();
    expect(await store.bytes("none.png")).toBeNull();
    expect(await store.get("none.png")).toBeNull();
    await store.delete("none.png");
    await store.put("gone.png", text("x"), "image/png");
    await store.delete("gone.png");
    await store.delete("gone.png");
    expect(await store.exists("gone.png")).toBe(false);
  });

  test("a streamed write of many parts arrives whole and in order; its name appears only when it is closed", async () => {
    const { store } = make();
    const bytes = pattern(S3_PART_BYTES * 2 + 123_457, 7);
    const w = await store.writer("v.mp4", "video/mp4");
    for (let at = 0; at < bytes.length; at += 300_001) await w.write(bytes.slice(at, at + 300_001));
    expect(await store.exists("v.mp4")).toBe(false);
    expect(await w.close()).toBe(bytes.length);
    expect(await store.size("v.mp4")).toBe(bytes.length);
    expect(digest((await store.bytes("v.mp4")) as Uint8Array)).toBe(digest(bytes));
  });

  test("a write given up leaves nothing, before or after a part was sent", async () => {
    const { store, t } = make();
    for (const length of [1000, S3_PART_BYTES + 10]) {
      const w = await store.writer(`x${length}.mp4`, "video/mp4");
      await w.write(pattern(length));
      await w.abort();
      expect(await store.exists(`x${length}.mp4`)).toBe(false);
    }
    expect(await storage.files(t)).toEqual([]);
  });

  test("a streamed write holds at most one part: every part is sent before more is taken", async () => {
    const { store, t } = make();
    const before = await storage.received(t);
    const w = await store.writer("big.mp4", "video/mp4");
    const chunk = pattern(256 * 1024);
    let written = 0;
    let widestGap = 0;
    for (let i = 0; i < 80; i++) {
      await w.write(chunk);
      written += chunk.length;
      widestGap = Math.max(widestGap, written - ((await storage.received(t)) - before));
    }
    await w.close();
    expect(written).toBe(20 * 1024 * 1024);
    // The folder writes each chunk as it comes; S3 sends a part each time 5 MB are held.
    expect(widestGap).toBeLessThan(S3_PART_BYTES);
    expect(await store.size("big.mp4")).toBe(written);
  });

  test("puts a stream, and lists finished names with their sizes (a write in progress is not listed)", async () => {
    const { store } = make();
    const chunks = [pattern(1000, 2), pattern(2000, 3)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    expect(await store.put("s.mov", stream, "video/quicktime")).toBe(3000);
    await store.put("b.gif", text("gif"), "image/gif");
    const open = await store.writer("c.mp4", "video/mp4");
    await open.write(text("partial"));
    expect(await store.list()).toEqual([
      { name: "b.gif", size: 3 },
      { name: "s.mov", size: 3000 },
    ]);
    await open.abort();
  });
});

describe("the S3 storage", () => {
  const s3 = STORAGES[1] as (typeof STORAGES)[number];

  test("signs with the configured keys: a wrong secret is refused by the server", async () => {
    const env = { ...s3.env(), PINFLOW_S3_SECRET_ACCESS_KEY: "not-the-secret" };
    const store = createStorage(parseConfig(env));
    await expect(store.put("a.png", text("x"), "image/png")).rejects.toMatchObject({
      code: "SignatureDoesNotMatch",
    });
  });

  test("keeps each PinFlow's files under its prefix, with the content type it was given", async () => {
    const env = s3.env("pinflow/uploads");
    const store = createStorage(parseConfig(env));
    await store.put("a.webp", text("webp"), "image/webp");
    const bare = new Bun.S3Client({
      endpoint: env.PINFLOW_S3_ENDPOINT,
      bucket: env.PINFLOW_S3_BUCKET,
      region: "us-east-1",
      accessKeyId: env.PINFLOW_S3_ACCESS_KEY_ID,
      secretAccessKey: env.PINFLOW_S3_SECRET_ACCESS_KEY,
    });
    expect(await bare.stat("pinflow/uploads/a.webp")).toMatchObject({ size: 4, type: "image/webp" });
    expect(await createStorage(parseConfig(s3.env("pinflow"))).list()).toEqual([]);
  });

  test("a presigned URL reads the object straight from the bucket", async () => {
    const store = createStorage(parseConfig(s3.env()));
    await store.put("p.png", text("png bytes"), "image/png");
    const url = store.presign?.("p.png", 60) as string;
    expect(url).toContain("X-Amz-Signature=");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("png bytes");
  });
});
