import { describe, expect, test } from "bun:test";
import { pngImage } from "../testing/images";
import { mp4Video } from "../testing/videos";
import { readVideoInfoFromBytes, sniffVideo } from "./video";

const ascii = (s: string) => new TextEncoder().encode(s);

function ftyp(major: string, ...compatible: string[]) {
  const size = 16 + compatible.length * 4;
  const out = new Uint8Array(size + 8);
  new DataView(out.buffer).setUint32(0, size);
  out.set(ascii("ftyp"), 4);
  out.set(ascii(major), 8);
  for (const [i, b] of compatible.entries()) out.set(ascii(b), 16 + i * 4);
  return out;
}

describe("recognising video by its bytes", () => {
  test("MP4 and QuickTime are told apart by the ftyp brand", () => {
    expect(sniffVideo(mp4Video())).toEqual({ type: "video/mp4", ext: "mp4" });
    expect(sniffVideo(mp4Video({ kind: "mov" }))).toEqual({ type: "video/quicktime", ext: "mov" });
    expect(sniffVideo(ftyp("mp42", "isom"))).toEqual({ type: "video/mp4", ext: "mp4" });
    expect(sniffVideo(ftyp("abcd", "qt  "))).toEqual({ type: "video/quicktime", ext: "mov" });
  });

  test("AVIF and HEIF images share the container but are not video; nor is a PNG, or a bare header", () => {
    expect(sniffVideo(ftyp("avif", "mif1", "miaf"))).toBeNull();
    expect(sniffVideo(ftyp("heic", "mif1"))).toBeNull();
    expect(sniffVideo(ftyp("abcd", "mif1", "iso8"))).toBeNull();
    expect(sniffVideo(pngImage())).toBeNull();
    expect(sniffVideo(new Uint8Array(0))).toBeNull();
    expect(sniffVideo(mp4Video().slice(0, 12))).toBeNull();
  });
});

describe("reading duration and size from the boxes", () => {
  test("mvhd gives the duration and the video track's tkhd the picture size", async () => {
    expect(await readVideoInfoFromBytes(mp4Video({ durationMs: 8500, width: 1080, height: 1920 }))).toEqual({
      durationMs: 8500,
      width: 1080,
      height: 1920,
    });
  });

  test("a moov written after the media data is found too", async () => {
    const info = await readVideoInfoFromBytes(mp4Video({ moovLast: true, durationMs: 61_000 }));
    expect(info?.durationMs).toBe(61_000);
  });

  test("a phone's quarter-turn matrix swaps the stored sides", async () => {
    const info = await readVideoInfoFromBytes(mp4Video({ width: 1920, height: 1080, rotated: true }));
    expect(info).toMatchObject({ width: 1080, height: 1920 });
  });

  test("no moov, or a cut-off one, gives null", async () => {
    expect(await readVideoInfoFromBytes(mp4Video({ withoutMoov: true }))).toBeNull();
    const whole = mp4Video({ moovLast: true });
    expect(await readVideoInfoFromBytes(whole.slice(0, whole.length - 10))).toBeNull();
    expect(await readVideoInfoFromBytes(new Uint8Array(3))).toBeNull();
  });
});
