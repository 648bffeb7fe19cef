import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import {
  AVIF_ALPHA_4X7,
  AVIF_STILL_9X5,
  JPEG_BASELINE_5X3,
  JPEG_PROGRESSIVE_7X4,
  WEBP_EXTENDED_4X7,
  WEBP_LOSSLESS_5X3,
  WEBP_LOSSY_6X4,
} from "./fixtures/images";
import {
  checkImageSize,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  type SniffedImage,
  sniffImage,
} from "./uploads.sniff";

// ---------------------------------------------------------------------------------------------------
// Building blocks

const bytes = (...parts: (Uint8Array | string | number[])[]): Uint8Array => {
  const chunks = parts.map((p) =>
    typeof p === "string" ? new TextEncoder().encode(p) : p instanceof Uint8Array ? p : Uint8Array.from(p),
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let i = 0;
  for (const c of chunks) {
    out.set(c, i);
    i += c.length;
  }
  return out;
};
const u16be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = bytes(type, data);
  return bytes(u32be(data.length), typeAndData, u32be(Bun.hash.crc32(typeAndData)));
}

/** A complete 8-bit RGB PNG; with `headerOnly`, just the signature and IHDR (all a sniffer reads). */
function png(width: number, height: number, headerOnly = false): Uint8Array {
  const ihdr = pngChunk("IHDR", bytes(u32be(width), u32be(height), [8, 2, 0, 0, 0]));
  if (headerOnly) return bytes(PNG_SIGNATURE, ihdr);
  const raw = new Uint8Array(height * (1 + 3 * width));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set([x * 40, y * 60, 200], y * (1 + 3 * width) + 1 + 3 * x);
  return bytes(PNG_SIGNATURE, ihdr, pngChunk("IDAT", deflateSync(raw)), pngChunk("IEND", new Uint8Array()));
}

/**
 * A complete GIF: two-colour global table, one image, LZW data written as "clear, pixel" pairs so the
 * code size stays at 3 bits (the classic uncompressed GIF).
 */
function gif(width: number, height: number, version: "87a" | "89a" = "89a"): Uint8Array {
  const codes: number[] = [];
  for (let p = 0; p < width * height; p++) codes.push(4, p % 2); // clear code 4, pixel colour index
  codes.push(5); // end of information
  const data: number[] = [];
  let acc = 0;
  let nbits = 0;
  for (const code of codes) {
    acc |= code << nbits;
    nbits += 3;
    while (nbits >= 8) {
      data.push(acc & 0xff);
      acc >>>= 8;
      nbits -= 8;
    }
  }
  if (nbits > 0) data.push(acc & 0xff);
  const blocks: number[] = [];
  for (let i = 0; i < data.length; i += 255) {
    const block = data.slice(i, i + 255);
    blocks.push(block.length, ...block);
  }
  return bytes(
    `GIF${version}`,
    u16le(width),
    u16le(height),
    [0x80, 0, 0], // global colour table of 2 entries
    [0, 0, 0, 255, 255, 255],
    [0x2c, ...u16le(0), ...u16le(0), ...u16le(width), ...u16le(height), 0],
    [2, ...blocks, 0],
    [0x3b],
  );
}

/** An ISO-BMFF box; `full` prefixes the version and flags of a FullBox. */
function box(type: string, ...body: (Uint8Array | number[])[]): Uint8Array {
  const payload = bytes(...body);
  return bytes(u32be(8 + payload.length), type, payload);
}
const full = (version: number, flags: number) => [
  version,
  (flags >>> 16) & 0xff,
  (flags >>> 8) & 0xff,
  flags & 0xff,
];
const ftyp = (major: string, ...compatible: string[]) =>
  box("ftyp", bytes(major, u32be(0), ...compatible.map((b) => bytes(b))));
const ispe = (width: number, height: number) => box("ispe", full(0, 0), u32be(width), u32be(height));

/** A JPEG header made of the given segments (marker, payload) after SOI. */
function jpegSegments(...segments: [number, number[]][]): Uint8Array {
  return bytes(
    [0xff, 0xd8],
    ...segments.map(([marker, payload]) => [0xff, marker, ...u16be(payload.length + 2), ...payload]),
  );
}
const sofPayload = (width: number, height: number) => [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0];

/** Deterministic pseudo-random numbers (mulberry32), so a failing fuzz case can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES: { name: string; data: Uint8Array; expected: SniffedImage }[] = [
  {
    name: "baseline JPEG",
    data: fromBase64(JPEG_BASELINE_5X3),
    expected: { type: "image/jpeg", ext: "jpg", width: 5, height: 3 },
  },
  {
    name: "progressive JPEG",
    data: fromBase64(JPEG_PROGRESSIVE_7X4),
    expected: { type: "image/jpeg", ext: "jpg", width: 7, height: 4 },
  },
  { name: "PNG", data: png(11, 6), expected: { type: "image/png", ext: "png", width: 11, height: 6 } },
  { name: "GIF89a", data: gif(8, 3), expected: { type: "image/gif", ext: "gif", width: 8, height: 3 } },
  {
    name: "GIF87a",
    data: gif(3, 8, "87a"),
    expected: { type: "image/gif", ext: "gif", width: 3, height: 8 },
  },
  {
    name: "lossy WebP (VP8)",
    data: fromBase64(WEBP_LOSSY_6X4),
    expected: { type: "image/webp", ext: "webp", width: 6, height: 4 },
  },
  {
    name: "lossless WebP (VP8L)",
    data: fromBase64(WEBP_LOSSLESS_5X3),
    expected: { type: "image/webp", ext: "webp", width: 5, height: 3 },
  },
  {
    name: "extended WebP (VP8X)",
    data: fromBase64(WEBP_EXTENDED_4X7),
    expected: { type: "image/webp", ext: "webp", width: 4, height: 7 },
  },
  {
    name: "AVIF",
    data: fromBase64(AVIF_STILL_9X5),
    expected: { type: "image/avif", ext: "avif", width: 9, height: 5 },
  },
  {
    name: "AVIF with alpha",
    data: fromBase64(AVIF_ALPHA_4X7),
    expected: { type: "image/avif", ext: "avif", width: 4, height: 7 },
  },
];

const sample = (name: string) => SAMPLES.find((s) => s.name === name)!.data;

// ---------------------------------------------------------------------------------------------------

describe("sniffImage recognises the five image types by their bytes", () => {
  for (const { name, data, expected } of SAMPLES)
    test(`a real tiny ${name} gives its type, extension and the size it was made with`, () => {
      expect(sniffImage(data)).toEqual(expected);
    });

  test("the result does not change when only the first 64 KiB of a larger file is given", () => {
    for (const { data, expected } of SAMPLES) {
      const larger = bytes(data, new Uint8Array(200_000).fill(0x5a));
      expect(sniffImage(larger.subarray(0, 64 * 1024))).toEqual(expected);
    }
  });

  test("a Buffer works as well as a plain Uint8Array", () => {
    expect(sniffImage(Buffer.from(png(2, 9)))).toEqual({
      type: "image/png",
      ext: "png",
      width: 2,
      height: 9,
    });
  });

  test("PNG dimensions are read from IHDR for small, wide, tall and large images", () => {
    for (const [w, h] of [
      [1, 1],
      [300, 2],
      [2, 300],
      [4096, 2160],
      [70_000, 70_000],
    ] as const)
      expect(sniffImage(png(w, h, true))).toMatchObject({ type: "image/png", width: w, height: h });
  });

  test("GIF dimensions are the logical screen size, up to 65535 a side", () => {
    const header = gif(1, 1);
    header.set([...u16le(65535), ...u16le(300)], 6);
    expect(sniffImage(header)).toMatchObject({ type: "image/gif", width: 65535, height: 300 });
  });

  test("WebP dimensions are read from VP8 (14 bits), VP8L (14 bits, minus one) and VP8X (24 bits, minus one)", () => {
    const lossy = sample("lossy WebP (VP8)").slice();
    lossy.set([...u16le(0x4000 | 16383), ...u16le(1000)], 26); // the top two bits are a scale, not size
    expect(sniffImage(lossy)).toMatchObject({ width: 16383, height: 1000 });

    const lossless = sample("lossless WebP (VP8L)").slice();
    const bits = 9999 | (16383 << 14); // width-1, height-1; alpha and version 0
    lossless.set([bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, bits >>> 24], 21);
    expect(sniffImage(lossless)).toMatchObject({ width: 10000, height: 16384 });

    const extended = sample("extended WebP (VP8X)").slice();
    extended.set([0xff, 0xff, 0xff, 0x0f, 0x27, 0x00], 24); // canvas 2^24 × 10000
    expect(sniffImage(extended)).toMatchObject({ width: 16_777_216, height: 10_000 });
  });

  test("AVIF is recognised when avif or avis is the major brand or any compatible brand", () => {
    const rest = sample("AVIF").subarray(32); // the fixture's ftyp box is 32 bytes
    for (const head of [
      ftyp("avif", "mif1"),
      ftyp("avis", "msf1"),
      ftyp("mif1", "miaf", "avif"),
      ftyp("msf1", "avis"),
    ])
      expect(sniffImage(bytes(head, rest))).toEqual({ type: "image/avif", ext: "avif", width: 9, height: 5 });
  });
});

describe("JPEG dimensions come from the first frame header, found by walking the segments", () => {
  test("bytes that look like a frame header inside an APP1 segment are skipped over", () => {
    const real = sample("baseline JPEG");
    const app1 = [0xff, 0xe1, ...u16be(2 + 13), ...bytes("Exif\0\0"), 0xff, 0xc0, 0, 17, 8, 0x27, 0x10];
    expect(sniffImage(bytes(real.subarray(0, 2), app1, real.subarray(2)))).toMatchObject({
      width: 5,
      height: 3,
    });
  });

  test("DHT, JPG and DAC markers (C4, C8, CC) are not frame headers", () => {
    const head = jpegSegments(
      [0xe0, [...bytes("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]],
      [0xc4, sofPayload(9999, 9999)],
      [0xc8, sofPayload(8888, 8888)],
      [0xcc, sofPayload(7777, 7777)],
      [0xc0, sofPayload(640, 480)],
    );
    expect(sniffImage(head)).toEqual({ type: "image/jpeg", ext: "jpg", width: 640, height: 480 });
  });

  test("every other SOF marker from C0 to CF gives the dimensions", () => {
    for (let marker = 0xc0; marker <= 0xcf; marker++) {
      if (marker === 0xc4 || marker === 0xc8 || marker === 0xcc) continue;
      expect(sniffImage(jpegSegments([0xdb, [0]], [marker, sofPayload(1234, 567)]))).toMatchObject({
        width: 1234,
        height: 567,
      });
    }
  });

  test("fill bytes before a marker and standalone markers are tolerated", () => {
    const head = bytes(
      [0xff, 0xd8, 0xff, 0xff, 0xff, 0xd0],
      [0xff, 0xc2, ...u16be(11), ...sofPayload(33, 44)],
    );
    expect(sniffImage(head)).toMatchObject({ width: 33, height: 44 });
  });

  test("a scan, an end of image or a stray byte before any frame header is refused", () => {
    expect(sniffImage(jpegSegments([0xda, [1, 1, 0, 0, 63, 0]], [0xc0, sofPayload(5, 5)]))).toBeNull();
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xd9], [0xff, 0xc0, 0, 11, ...sofPayload(5, 5)]))).toBeNull();
    expect(
      sniffImage(
        bytes(jpegSegments([0xe0, [0, 0]]), [0x00], jpegSegments([0xc0, sofPayload(5, 5)]).subarray(2)),
      ),
    ).toBeNull();
  });

  test("a segment length below 2 is refused instead of looping", () => {
    expect(
      sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0], [0xff, 0xc0, 0, 11, ...sofPayload(5, 5)])),
    ).toBeNull();
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 1]))).toBeNull();
  });

  test("a frame header with a zero height (defined later by DNL) or zero width is refused", () => {
    expect(sniffImage(jpegSegments([0xc0, sofPayload(100, 0)]))).toBeNull();
    expect(sniffImage(jpegSegments([0xc0, sofPayload(0, 100)]))).toBeNull();
  });
});

describe("AVIF dimensions come from the primary item's ispe property", () => {
  const hdlr = box("hdlr", full(0, 0), u32be(0), bytes("pict"), new Uint8Array(12), [0]);
  const avif = (...metaChildren: Uint8Array[]) =>
    bytes(ftyp("avif", "mif1", "miaf"), box("meta", full(0, 0), ...metaChildren), box("mdat", [1, 2, 3]));

  test("with a thumbnail before it, the primary image's ispe is chosen through pitm and ipma", () => {
    const head = avif(
      hdlr,
      box("pitm", full(0, 0), u16be(2)),
      box(
        "iprp",
        box("ipco", ispe(160, 90), ispe(3840, 2160)),
        box("ipma", full(0, 0), u32be(2), [...u16be(1), 1, 0x81], [...u16be(2), 1, 0x82]),
      ),
    );
    expect(sniffImage(head)).toEqual({ type: "image/avif", ext: "avif", width: 3840, height: 2160 });
  });

  test("ipma with 32-bit item ids and 15-bit property indices is understood", () => {
    const head = avif(
      box("pitm", full(1, 0), u32be(70_000)),
      box(
        "iprp",
        box("ipco", box("pixi", full(0, 0), [3, 8, 8, 8]), ispe(1200, 800)),
        box("ipma", full(1, 1), u32be(2), [...u32be(1), 1, 0x80, 1], [...u32be(70_000), 2, 0, 1, 0x80, 2]),
      ),
    );
    expect(sniffImage(head)).toMatchObject({ width: 1200, height: 800 });
  });

  test("the primary item's size wins even when another item in the file is larger", () => {
    const head = avif(
      box("pitm", full(0, 0), u16be(1)),
      box(
        "iprp",
        box("ipco", ispe(800, 600), ispe(4000, 3000)),
        box("ipma", full(0, 0), u32be(2), [...u16be(1), 1, 0x81], [...u16be(2), 1, 0x82]),
      ),
    );
    expect(sniffImage(head)).toMatchObject({ width: 800, height: 600 });
  });

  test("without a usable association the largest ispe is taken, to stay on the safe side of the caps", () => {
    const head = avif(box("iprp", box("ipco", ispe(160, 90), ispe(12_000, 12_000), ispe(640, 480))));
    expect(sniffImage(head)).toMatchObject({ width: 12_000, height: 12_000 });
  });

  test("an AVIF whose header ends before the meta box is AVIF of unknown size", () => {
    const head = sample("AVIF").subarray(0, 40);
    expect(sniffImage(head)).toEqual({ type: "image/avif", ext: "avif", width: null, height: null });
    expect(sniffImage(avif(hdlr))).toEqual({ type: "image/avif", ext: "avif", width: null, height: null });
  });
});

describe("sniffImage refuses everything else", () => {
  const refused = (name: string, data: Uint8Array | string) =>
    test(`${name} is refused`, () => {
      expect(sniffImage(typeof data === "string" ? bytes(data) : data)).toBeNull();
    });

  refused(
    "an SVG with an XML declaration",
    '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
  );
  refused("an SVG without an XML declaration", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  refused("an SVG with a byte-order mark", "\ufeff<svg xmlns='http://www.w3.org/2000/svg'></svg>");
  refused("an HTML page", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
  refused("a PHP script", "<?php system($_GET['c']); ?>");
  refused("a PDF", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
  refused("a zero-byte file", new Uint8Array());
  refused("a file of NUL bytes", new Uint8Array(1024));
  refused("a PNG signature glued onto HTML", bytes(PNG_SIGNATURE, "<html><script>alert(1)</script></html>"));
  refused(
    "a PNG signature followed by a chunk other than IHDR",
    bytes(PNG_SIGNATURE, pngChunk("tEXt", bytes("a\0b"))),
  );
  refused(
    "a GIF header followed by HTML instead of a block",
    bytes("GIF89a", [1, 0, 1, 0, 0, 0, 0], "<html>"),
  );
  refused("a RIFF WAVE file", bytes("RIFF", u32be(36), "WAVEfmt ", new Uint8Array(24)));
  refused(
    "a WebP whose first chunk is not VP8, VP8L or VP8X",
    bytes("RIFF", u32be(20), "WEBPJUNK", u32be(8), new Uint8Array(8)),
  );
  refused("an MP4 video (ftyp isom)", bytes(ftyp("isom", "iso2", "mp41"), box("moov")));
  refused("a HEIF image whose only brand is mif1", bytes(ftyp("mif1", "mif1"), box("meta", full(0, 0))));
  refused("a HEIC photo (heic with mif1)", bytes(ftyp("heic", "mif1", "heic"), box("meta", full(0, 0))));
  refused(
    "an ftyp box with avif only in the bytes after the box",
    bytes(ftyp("mif1", "miaf"), "avif", new Uint8Array(8)),
  );

  test("a PNG whose IHDR checksum is wrong is refused", () => {
    const broken = png(4, 4);
    broken[29] = (broken[29] ?? 0) ^ 0xff;
    expect(sniffImage(broken)).toBeNull();
  });

  test("a lossy WebP that starts with an interframe is refused", () => {
    const webp = sample("lossy WebP (VP8)").slice();
    webp[20] = (webp[20] ?? 0) | 1;
    expect(sniffImage(webp)).toBeNull();
  });

  test("random bytes are refused", () => {
    const next = random(0x5eed);
    for (let n = 0; n < 200; n++) {
      const data = Uint8Array.from({ length: 1 + Math.floor(next() * 512) }, () => Math.floor(next() * 256));
      expect(sniffImage(data)).toBeNull();
    }
  });

  test("every real sample cut short before its dimensions is refused, and after them it is unchanged", () => {
    for (const { name, data, expected } of SAMPLES) {
      let complete = -1;
      for (let length = 0; length <= data.length; length++) {
        const got = sniffImage(data.subarray(0, length));
        if (complete === -1 && got !== null && got.width !== null) complete = length;
        if (complete !== -1) expect(got, `${name} cut to ${length} bytes`).toEqual(expected);
        else if (expected.type === "image/avif" && got !== null)
          // an AVIF cut after its ftyp box is still AVIF, of unknown size (dimensions come later)
          expect(got, `${name} cut to ${length} bytes`).toEqual({ ...expected, width: null, height: null });
        else expect(got, `${name} cut to ${length} bytes`).toBeNull();
      }
      expect(complete).toBeGreaterThan(10);
    }
  });

  test("specific truncations: a PNG cut inside IHDR, a bare GIF signature, a WebP cut after its chunk name", () => {
    expect(sniffImage(png(4, 4).subarray(0, 24))).toBeNull();
    expect(sniffImage(bytes("GIF89a"))).toBeNull();
    expect(sniffImage(sample("lossy WebP (VP8)").subarray(0, 16))).toBeNull();
    expect(sniffImage(sample("baseline JPEG").subarray(0, 3))).toBeNull();
    expect(sniffImage(sample("AVIF").subarray(0, 20))).toBeNull();
  });
});

describe("checkImageSize enforces the pixel cap and the side cap", () => {
  const sized = (width: number | null, height: number | null): SniffedImage => ({
    type: "image/png",
    ext: "png",
    width,
    height,
  });

  test("the caps are 40 megapixels and 10,000 pixels a side", () => {
    expect(MAX_IMAGE_PIXELS).toBe(40_000_000);
    expect(MAX_IMAGE_SIDE).toBe(10_000);
  });

  test("images within both caps are accepted, including exactly at them", () => {
    for (const [w, h] of [
      [1, 1],
      [1000, 1500],
      [10_000, 4_000],
      [4_000, 10_000],
      [10_000, 1],
    ] as const)
      expect(checkImageSize(sized(w, h))).toBeNull();
  });

  test("a 14000×14000 PNG header is refused for its pixel count, with a readable reason", () => {
    const img = sniffImage(png(14_000, 14_000, true));
    expect(img).not.toBeNull();
    expect(checkImageSize(img!)).toBe("Image is too large: 14000×14000 pixels; the limit is 40 megapixels");
  });

  test("an image just over 40 megapixels is refused even when both sides are within the side cap", () => {
    expect(checkImageSize(sized(6_325, 6_325))).toBe(
      "Image is too large: 6325×6325 pixels; the limit is 40 megapixels",
    );
    expect(checkImageSize(sized(8_000, 5_001))).toContain("40 megapixels");
    expect(checkImageSize(sized(8_000, 5_000))).toBeNull();
    expect(checkImageSize(sized(40_000_001, 1))).toBe(
      "Image is too large: 40000001×1 pixels; the limit is 40 megapixels",
    );
  });

  test("a side over 10,000 pixels is refused even when the pixel count is small", () => {
    expect(checkImageSize(sized(10_001, 1))).toBe(
      "Image is too large: 10001×1 pixels; the limit is 10000 pixels per side",
    );
    expect(checkImageSize(sized(2, 30_000))).toBe(
      "Image is too large: 2×30000 pixels; the limit is 10000 pixels per side",
    );
  });

  test("unknown dimensions are accepted", () => {
    expect(checkImageSize(sized(null, null))).toBeNull();
    expect(checkImageSize({ type: "image/avif", ext: "avif", width: null, height: null })).toBeNull();
  });

  test("nonsense dimensions from a hand-made value are refused", () => {
    for (const [w, h] of [
      [0, 10],
      [10, -1],
      [Number.NaN, 10],
      [1.5, 2],
    ] as const)
      expect(checkImageSize(sized(w, h))).toBe("Image has invalid dimensions");
  });
});

describe("sniffImage never throws", () => {
  const EXT = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
  };
  const checkShape = (got: SniffedImage | null) => {
    if (got === null) return;
    expect(EXT[got.type]).toBe(got.ext);
    for (const side of [got.width, got.height])
      if (side !== null) expect(Number.isSafeInteger(side) && side > 0).toBe(true);
    expect(() => checkImageSize(got)).not.toThrow();
  };

  test("on thousands of random, mutated, spliced and truncated byte arrays", () => {
    const next = random(20_240_601);
    const int = (n: number) => Math.floor(next() * n);
    const prefixes = [
      ...SAMPLES.map((s) => s.data.subarray(0, 32)),
      bytes("RIFF\0\0\0\0WEBPVP8 "),
      bytes("\0\0\0\x1cftypavif"),
    ];
    let recognised = 0;
    for (let n = 0; n < 5_000; n++) {
      let data: Uint8Array;
      const kind = n % 4;
      const base = SAMPLES[int(SAMPLES.length)]!.data;
      if (kind === 0) {
        data = Uint8Array.from({ length: int(600) }, () => int(256));
      } else if (kind === 1) {
        data = base.slice(0, int(base.length + 1));
      } else if (kind === 2) {
        data = base.slice();
        for (let k = 1 + int(8); k > 0; k--) data[int(data.length)] = next() < 0.3 ? 0xff : int(256);
      } else {
        const prefix = prefixes[int(prefixes.length)]!;
        data = bytes(
          prefix,
          Uint8Array.from({ length: int(400) }, () => (next() < 0.2 ? 0 : int(256))),
        );
      }
      const got = sniffImage(data); // a throw fails the test and names the iteration via `n`
      checkShape(got);
      if (got) recognised++;
    }
    expect(recognised).toBeGreaterThan(100); // the loop really exercised the parsers, not just the magic checks
  });

  test("on hand-made hostile headers: huge lengths, zero and 64-bit box sizes, endless counts", () => {
    const hostile = [
      bytes([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]),
      bytes([0xff, 0xd8], new Uint8Array(1000).fill(0xff)),
      bytes(u32be(0), "ftypavif", u32be(0)),
      bytes(u32be(1), "ftyp", u32be(0xffffffff), u32be(0xffffffff), "avif"),
      bytes(u32be(7), "ftypavif"),
      bytes(ftyp("avif"), u32be(1), "meta", u32be(0), u32be(24), full(0, 0), u32be(0)),
      bytes(
        ftyp("avif"),
        box("meta", full(0, 0), box("iprp", box("ipma", full(1, 1), u32be(0xffffffff), [0, 0, 0, 1, 255]))),
      ),
      bytes(
        ftyp("avif"),
        box("meta", full(0, 0), box("pitm", full(0, 0)), box("iprp", box("ipco", box("ispe", full(0, 0))))),
      ),
      bytes(PNG_SIGNATURE, u32be(13), "IHDR"),
      bytes("GIF89a", [1, 0, 1, 0, 0xff, 0, 0]),
      bytes("RIFF", u32be(0xffffffff), "WEBPVP8X", u32be(0xffffffff)),
    ];
    for (const data of hostile) {
      expect(() => sniffImage(data)).not.toThrow();
      checkShape(sniffImage(data));
    }
  });

  test("on values that are not byte arrays at all", () => {
    for (const value of [undefined, null, "GIF89a", 42, {}, new ArrayBuffer(8)])
      expect(sniffImage(value as unknown as Uint8Array)).toBeNull();
  });
});
