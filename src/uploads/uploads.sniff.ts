/**
 * Recognise uploaded images by their bytes (docs/security.md §5): never by file name or declared
 * Content-Type. Only the header is read; nothing is decoded. Every read is bounds-checked, so no input
 * makes these functions throw: anything unrecognised, malformed or truncated gives `null`.
 */

export type ImageType = "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/avif";

export interface SniffedImage {
  type: ImageType;
  ext: "jpg" | "png" | "gif" | "webp" | "avif";
  width: number | null;
  height: number | null;
}

export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_IMAGE_SIDE = 10_000;

/**
 * Reads only the header (give it the first 64 KiB): magic bytes first, then the dimensions without
 * decoding. null = not one of the five types.
 *
 * JPEG, PNG, GIF and WebP must show their dimensions within `head`, otherwise the input counts as
 * truncated and the answer is null. (A JPEG whose metadata segments push the SOF marker past `head` is
 * therefore refused; pass more bytes to accept it.) AVIF only needs a complete `ftyp` box; its size comes
 * from the primary item's `ispe` property when the `meta` box is within `head`, and is null otherwise.
 */
export function sniffImage(head: Uint8Array): SniffedImage | null {
  if (!(head instanceof Uint8Array)) return null;
  const b = head;
  if (startsWith(b, 0, JPEG_MAGIC)) return sniffJpeg(b);
  if (startsWith(b, 0, PNG_MAGIC)) return sniffPng(b);
  if (startsWith(b, 0, GIF87A) || startsWith(b, 0, GIF89A)) return sniffGif(b);
  if (startsWith(b, 0, RIFF) && startsWith(b, 8, WEBP)) return sniffWebp(b);
  if (startsWith(b, 4, FTYP)) return sniffAvif(b);
  return null;
}

/** null when acceptable, else a short user-facing reason. Unknown dimensions are accepted. */
export function checkImageSize(img: SniffedImage): string | null {
  const { width, height } = img;
  if (width === null || height === null) return null;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1)
    return "Image has invalid dimensions";
  const size = `${width}×${height} pixels`;
  if (width * height > MAX_IMAGE_PIXELS)
    return `Image is too large: ${size}; the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    return `Image is too large: ${size}; the limit is ${MAX_IMAGE_SIDE} pixels per side`;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Byte helpers. Callers check `has(b, offset, length)` before reading.

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

const JPEG_MAGIC = Uint8Array.of(0xff, 0xd8, 0xff);
const PNG_MAGIC = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const GIF87A = ascii("GIF87a");
const GIF89A = ascii("GIF89a");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");
const FTYP = ascii("ftyp");

const has = (b: Uint8Array, offset: number, length: number) =>
  offset >= 0 && length >= 0 && offset + length <= b.length;

function startsWith(b: Uint8Array, offset: number, magic: Uint8Array): boolean {
  if (!has(b, offset, magic.length)) return false;
  for (let i = 0; i < magic.length; i++) if (b[offset + i] !== magic[i]) return false;
  return true;
}

const at = (b: Uint8Array, i: number) => b[i] ?? 0;
const be16 = (b: Uint8Array, o: number) => (at(b, o) << 8) | at(b, o + 1);
const le16 = (b: Uint8Array, o: number) => at(b, o) | (at(b, o + 1) << 8);
const le24 = (b: Uint8Array, o: number) => at(b, o) | (at(b, o + 1) << 8) | (at(b, o + 2) << 16);
const le32 = (b: Uint8Array, o: number) => le24(b, o) + at(b, o + 3) * 0x1000000;
const be32 = (b: Uint8Array, o: number) => at(b, o) * 0x1000000 + ((at(b, o + 1) << 16) | be16(b, o + 2));
const fourcc = (b: Uint8Array, o: number) =>
  String.fromCharCode(at(b, o), at(b, o + 1), at(b, o + 2), at(b, o + 3));

function image(
  type: ImageType,
  ext: SniffedImage["ext"],
  width: number,
  height: number,
): SniffedImage | null {
  // A zero side is not a displayable image (and JPEG height 0 means "defined later by DNL").
  if (width < 1 || height < 1) return null;
  return { type, ext, width, height };
}

// ---------------------------------------------------------------------------------------------------
// JPEG: walk the marker segments from SOI up to the first frame header (SOF0–SOF15 except DHT C4,
// JPG C8 and DAC CC). SOF payload: precision(1) height(2) width(2) components(1).

function sniffJpeg(b: Uint8Array): SniffedImage | null {
  let i = 2;
  while (true) {
    if (!has(b, i, 2) || b[i] !== 0xff) return null;
    while (has(b, i + 1, 1) && b[i + 1] === 0xff) i++; // fill bytes before a marker
    if (!has(b, i + 1, 1)) return null;
    const marker = at(b, i + 1);
    i += 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    // 0x00 is not a marker here; a second SOI, EOI or the scan before any frame header is invalid.
    if (marker === 0x00 || marker === 0xd8 || marker === 0xd9 || marker === 0xda) return null;
    if (!has(b, i, 2)) return null;
    const length = be16(b, i);
    if (length < 2) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (length < 8 || !has(b, i, 8)) return null;
      return image("image/jpeg", "jpg", be16(b, i + 5), be16(b, i + 3));
    }
    i += length;
  }
}

// ---------------------------------------------------------------------------------------------------
// PNG: the signature must be followed by a 13-byte IHDR chunk with a valid CRC.

function sniffPng(b: Uint8Array): SniffedImage | null {
  if (!has(b, 8, 8 + 13 + 4)) return null;
  if (be32(b, 8) !== 13 || fourcc(b, 12) !== "IHDR") return null;
  if (crc32(b, 12, 4 + 13) !== be32(b, 29)) return null;
  const width = be32(b, 16);
  const height = be32(b, 20);
  if (width > 0x7fffffff || height > 0x7fffffff) return null;
  return image("image/png", "png", width, height);
}

let crcTable: Uint32Array | undefined;

function crc32(b: Uint8Array, offset: number, length: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = offset; i < offset + length; i++) crc = crcTable[(crc ^ at(b, i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------------
// GIF: logical screen descriptor (width, height, flags, background, aspect), an optional global colour
// table, and then a block must start: extension (0x21), image descriptor (0x2C) or trailer (0x3B).

function sniffGif(b: Uint8Array): SniffedImage | null {
  if (!has(b, 6, 7)) return null;
  const flags = at(b, 10);
  const colourTable = flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0;
  const next = 13 + colourTable;
  if (!has(b, next, 1)) return null;
  const block = at(b, next);
  if (block !== 0x21 && block !== 0x2c && block !== 0x3b) return null;
  return image("image/gif", "gif", le16(b, 6), le16(b, 8));
}

// ---------------------------------------------------------------------------------------------------
// WebP: "RIFF" size "WEBP", then the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).

function sniffWebp(b: Uint8Array): SniffedImage | null {
  if (!has(b, 12, 8)) return null;
  const chunk = fourcc(b, 12);
  const size = le32(b, 16);
  const p = 20;
  if (chunk === "VP8 ") {
    // Frame tag (3 bytes, bit 0 = 0 for a key frame), start code 9D 01 2A, then 14-bit width and height.
    if (size < 10 || !has(b, p, 10)) return null;
    if (at(b, p) & 0x01 || at(b, p + 3) !== 0x9d || at(b, p + 4) !== 0x01 || at(b, p + 5) !== 0x2a)
      return null;
    return image("image/webp", "webp", le16(b, p + 6) & 0x3fff, le16(b, p + 8) & 0x3fff);
  }
  if (chunk === "VP8L") {
    // Signature 0x2F, then 14 bits width-1, 14 bits height-1, 1 bit alpha, 3 bits version (0).
    if (size < 5 || !has(b, p, 5) || at(b, p) !== 0x2f) return null;
    const bits = le32(b, p + 1);
    if (bits >>> 29 !== 0) return null;
    return image("image/webp", "webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    // Flags (1), reserved (3), canvas width-1 (24 bits), canvas height-1 (24 bits).
    if (size < 10 || !has(b, p, 10)) return null;
    return image("image/webp", "webp", le24(b, p + 4) + 1, le24(b, p + 7) + 1);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// AVIF (ISO-BMFF / HEIF): an ftyp box whose major brand or one of its compatible brands is avif/avis,
// as libavif's avifFileTypeIsCompatible. The size is the primary item's `ispe` property, found through
// meta → pitm (primary item) and meta → iprp → ipco (properties) + ipma (item → property indices).

interface Box {
  type: string;
  /** start of the payload (after size, type and any 64-bit size) */
  body: number;
  /** end of the box, exclusive; never beyond the enclosing range */
  end: number;
}

/** The boxes laid end to end in [start, end); stops at the first one that is malformed or truncated. */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  let i = start;
  while (has(b, i, 8) && i + 8 <= end) {
    let size = be32(b, i);
    let body = i + 8;
    if (size === 1) {
      if (!has(b, i, 16) || i + 16 > end) break;
      size = be32(b, i + 8) * 0x100000000 + be32(b, i + 12);
      body = i + 16;
    } else if (size === 0) {
      size = end - i; // extends to the end of the enclosing range
    }
    if (size < body - i || i + size > end) break;
    out.push({ type: fourcc(b, i + 4), body, end: i + size });
    i += size;
  }
  return out;
}

const AVIF_BRANDS = new Set(["avif", "avis"]);

function sniffAvif(b: Uint8Array): SniffedImage | null {
  const ftyp = boxes(b, 0, b.length)[0];
  // Major brand (4) and minor version (4) are mandatory; the compatible brands fill the rest of the box.
  if (ftyp?.type !== "ftyp" || ftyp.end - ftyp.body < 8 || (ftyp.end - ftyp.body) % 4 !== 0) return null;
  let isAvif = AVIF_BRANDS.has(fourcc(b, ftyp.body));
  for (let i = ftyp.body + 8; i + 4 <= ftyp.end; i += 4) if (AVIF_BRANDS.has(fourcc(b, i))) isAvif = true;
  if (!isAvif) return null;
  const size = avifSize(b, ftyp.end);
  return { type: "image/avif", ext: "avif", width: size?.[0] ?? null, height: size?.[1] ?? null };
}

function avifSize(b: Uint8Array, from: number): [number, number] | null {
  const meta = boxes(b, from, b.length).find((box) => box.type === "meta");
  // meta is a FullBox: version (1) and flags (3) precede its children.
  if (!meta || meta.end - meta.body < 4) return null;
  const children = boxes(b, meta.body + 4, meta.end);

  let primary: number | null = null;
  const pitm = children.find((box) => box.type === "pitm");
  if (pitm && has(b, pitm.body, 4)) {
    const wide = at(b, pitm.body) !== 0;
    if (pitm.body + 4 + (wide ? 4 : 2) <= pitm.end)
      primary = wide ? be32(b, pitm.body + 4) : be16(b, pitm.body + 4);
  }

  const iprp = children.find((box) => box.type === "iprp");
  if (!iprp) return null;
  const inIprp = boxes(b, iprp.body, iprp.end);
  const ipco = inIprp.find((box) => box.type === "ipco");
  if (!ipco) return null;
  const properties = boxes(b, ipco.body, ipco.end); // property index n (1-based) is properties[n - 1]
  const ispe = (box: Box | undefined): [number, number] | null => {
    if (box?.type !== "ispe" || box.body + 12 > box.end) return null;
    const width = be32(b, box.body + 4);
    const height = be32(b, box.body + 8);
    return width > 0 && height > 0 ? [width, height] : null;
  };

  if (primary !== null) {
    for (const ipma of inIprp.filter((box) => box.type === "ipma")) {
      for (const index of ipmaProperties(b, ipma, primary)) {
        const size = ispe(properties[index - 1]);
        if (size) return size;
      }
    }
  }
  // No usable association: be conservative and take the largest ispe in the header.
  let largest: [number, number] | null = null;
  for (const box of properties) {
    const size = ispe(box);
    if (size && (!largest || size[0] * size[1] > largest[0] * largest[1])) largest = size;
  }
  return largest;
}

/** The 1-based property indices that an ipma box associates with `item`. */
function ipmaProperties(b: Uint8Array, ipma: Box, item: number): number[] {
  if (ipma.body + 8 > ipma.end) return [];
  const version = at(b, ipma.body);
  const wideIndex = (at(b, ipma.body + 3) & 0x01) !== 0;
  const entries = be32(b, ipma.body + 4);
  let i = ipma.body + 8;
  for (let e = 0; e < entries; e++) {
    const idSize = version < 1 ? 2 : 4;
    if (i + idSize + 1 > ipma.end) return [];
    const id = version < 1 ? be16(b, i) : be32(b, i);
    const count = at(b, i + idSize);
    i += idSize + 1;
    const step = wideIndex ? 2 : 1;
    if (i + count * step > ipma.end) return [];
    if (id === item) {
      const out: number[] = [];
      for (let k = 0; k < count; k++) out.push(wideIndex ? be16(b, i + k * 2) & 0x7fff : at(b, i + k) & 0x7f);
      return out;
    }
    i += count * step;
  }
  return [];
}
