/** Real, tiny images for tests that upload and publish (built in memory, nothing fetched). */
import { deflateSync } from "node:zlib";

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, Bun.hash.crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function ihdrChunk(width: number, height: number) {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return chunk("IHDR", ihdr);
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A valid RGB PNG of the given size, filled with one colour. */
export function pngImage(width = 4, height = 3, rgb: [number, number, number] = [230, 0, 35]): Uint8Array {
  const rows = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set(rgb, y * (1 + width * 3) + 1 + x * 3);
  }
  return concat([
    PNG_SIGNATURE,
    ihdrChunk(width, height),
    chunk("IDAT", new Uint8Array(deflateSync(rows))),
    chunk("IEND", new Uint8Array()),
  ]);
}

/**
 * A picture a person can tell apart from others at thumbnail size: a `base` background with a large `accent`
 * disc in its upper half and three accent stripes below it (what a browser test shows on the calendar).
 */
export function pinImage(
  width: number,
  height: number,
  base: [number, number, number],
  accent: [number, number, number],
): Uint8Array {
  const rows = new Uint8Array(height * (1 + width * 3));
  const cx = width / 2;
  const cy = height * 0.32;
  const r = Math.min(width, height) * 0.28;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const disc = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      const band = Math.floor(((y - height * 0.66) / height) * 20);
      const stripe = y > height * 0.66 && band % 2 === 0 && x > width * 0.12 && x < width * 0.88;
      rows.set(disc || stripe ? accent : base, y * (1 + width * 3) + 1 + x * 3);
    }
  }
  return concat([
    PNG_SIGNATURE,
    ihdrChunk(width, height),
    chunk("IDAT", new Uint8Array(deflateSync(rows))),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** Only a PNG's header: what a decompression bomb looks like before anything decodes it. */
export const pngHeader = (width: number, height: number) =>
  concat([PNG_SIGNATURE, ihdrChunk(width, height), chunk("IEND", new Uint8Array())]);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A GIF89a 1×1 (the classic transparent pixel). */
export const gifImage = () =>
  Uint8Array.from(atob("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), (c) => c.charCodeAt(0));

export function uploadForm(bytes: Uint8Array, name = "photo.png", type = "image/png"): FormData {
  const form = new FormData();
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return form;
}
