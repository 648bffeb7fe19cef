/**
 * Recognise MP4 and QuickTime (MOV) video by its bytes, and read its duration and picture size from the
 * container's boxes (ISO/IEC 14496-12, which QuickTime shares): `ftyp` says what the file is, `moov` → `mvhd`
 * holds the timescale and duration, and each `trak` → `tkhd` a track's display size and matrix. Nothing is
 * decoded. Every read is bounds-checked: malformed or truncated input gives null, never a throw.
 *
 * Used by PinFlow's video uploads (src/uploads) and by the emulator, which fails the processing of an
 * "upload" that is not a video, as Pinterest does.
 */

export type VideoType = "video/mp4" | "video/quicktime";

export interface SniffedVideo {
  type: VideoType;
  ext: "mp4" | "mov";
}

export interface VideoInfo {
  /** From mvhd; null when the file does not say (0, or a fragmented file's empty header). */
  durationMs: number | null;
  /** The first video track's picture as displayed (a 90°/270° matrix swaps the stored sides). */
  width: number | null;
  height: number | null;
}

const at = (b: Uint8Array, i: number) => b[i] ?? 0;
const be32 = (b: Uint8Array, o: number) =>
  at(b, o) * 0x1000000 + ((at(b, o + 1) << 16) | (at(b, o + 2) << 8) | at(b, o + 3));
const be64 = (b: Uint8Array, o: number) => be32(b, o) * 0x100000000 + be32(b, o + 4);
const fourcc = (b: Uint8Array, o: number) =>
  String.fromCharCode(at(b, o), at(b, o + 1), at(b, o + 2), at(b, o + 3));

/** Brands of image files that share the container (AVIF, HEIF): never a video. */
const IMAGE_BRANDS = new Set([
  "avif",
  "avis",
  "heic",
  "heix",
  "heim",
  "heis",
  "hevc",
  "hevx",
  "mif1",
  "msf1",
]);
/** Major brands of MP4-family video (ISO base media, MPEG-4, and the common camera and encoder ones). */
const MP4_BRANDS = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "iso7",
  "iso8",
  "iso9",
  "mp41",
  "mp42",
  "mp71",
  "avc1",
  "M4V ",
  "M4VH",
  "M4VP",
  "f4v ",
  "dash",
  "mmp4",
  "MSNV",
  "XAVC",
  "3gp4",
  "3gp5",
  "3gp6",
  "3g2a",
]);

/** The first bytes of a file (the `ftyp` box is at its start): MP4, MOV, or null. */
export function sniffVideo(head: Uint8Array): SniffedVideo | null {
  if (head.length < 16 || fourcc(head, 4) !== "ftyp") return null;
  const size = be32(head, 0);
  if (size < 16 || size > head.length || (size - 8) % 4 !== 0) return null;
  const major = fourcc(head, 8);
  if (major === "qt  ") return { type: "video/quicktime", ext: "mov" };
  if (IMAGE_BRANDS.has(major)) return null;
  if (MP4_BRANDS.has(major)) return { type: "video/mp4", ext: "mp4" };
  const compatible: string[] = [];
  for (let i = 16; i + 4 <= size; i += 4) compatible.push(fourcc(head, i));
  if (compatible.some((b) => IMAGE_BRANDS.has(b))) return null;
  if (compatible.includes("qt  ")) return { type: "video/quicktime", ext: "mov" };
  return compatible.some((b) => MP4_BRANDS.has(b)) ? { type: "video/mp4", ext: "mp4" } : null;
}

/** Reads `length` bytes at `offset` of the file (fewer at its end). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

interface Box {
  type: string;
  start: number;
  body: number;
  end: number;
}

/** The top-level boxes of a file of `size` bytes, read one header at a time (nothing else is read). */
async function topLevel(read: ReadAt, size: number): Promise<Box[]> {
  const out: Box[] = [];
  let offset = 0;
  while (offset + 8 <= size && out.length < 10_000) {
    const head = await read(offset, 16);
    if (head.length < 8) break;
    let boxSize = be32(head, 0);
    let body = offset + 8;
    if (boxSize === 1) {
      if (head.length < 16) break;
      boxSize = be64(head, 8);
      body = offset + 16;
    } else if (boxSize === 0) {
      boxSize = size - offset;
    }
    if (boxSize < body - offset || offset + boxSize > size) break;
    out.push({ type: fourcc(head, 4), start: offset, body, end: offset + boxSize });
    offset += boxSize;
  }
  return out;
}

/** Boxes laid end to end within `b[from, to)`. */
function children(b: Uint8Array, from: number, to: number): Box[] {
  const out: Box[] = [];
  let i = from;
  while (i + 8 <= to) {
    let size = be32(b, i);
    let body = i + 8;
    if (size === 1) {
      if (i + 16 > to) break;
      size = be64(b, i + 8);
      body = i + 16;
    } else if (size === 0) {
      size = to - i;
    }
    if (size < body - i || i + size > to) break;
    out.push({ type: fourcc(b, i + 4), start: i, body, end: i + size });
    i += size;
  }
  return out;
}

/** `moov` is read whole only up to this size (a 15-minute phone video's is a few MB). */
export const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/**
 * Duration and picture size of an MP4/MOV, reading only box headers and the `moov` box, wherever it is in
 * the file (cameras write it last). Null when there is no readable `moov` + `mvhd`.
 */
export async function readVideoInfo(read: ReadAt, size: number): Promise<VideoInfo | null> {
  const moov = (await topLevel(read, size)).find((box) => box.type === "moov");
  if (!moov || moov.end - moov.body > MAX_MOOV_BYTES) return null;
  const b = await read(moov.body, moov.end - moov.body);
  if (b.length < moov.end - moov.body) return null;
  const inside = children(b, 0, b.length);
  const mvhd = inside.find((box) => box.type === "mvhd");
  if (!mvhd || mvhd.end - mvhd.body < 20) return null;
  const v1 = at(b, mvhd.body) === 1;
  const timescale = be32(b, mvhd.body + (v1 ? 20 : 12));
  const duration = v1 ? be64(b, mvhd.body + 24) : be32(b, mvhd.body + 16);
  const allOnes = v1 ? duration >= 2 ** 64 - 1 : duration === 0xffffffff;
  const durationMs =
    timescale > 0 && duration > 0 && !allOnes ? Math.round((duration * 1000) / timescale) : null;

  let width: number | null = null;
  let height: number | null = null;
  for (const trak of inside.filter((box) => box.type === "trak")) {
    const tkhd = children(b, trak.body, trak.end).find((box) => box.type === "tkhd");
    if (!tkhd) continue;
    const t1 = at(b, tkhd.body) === 1;
    // tkhd: version/flags, times and ids (v0: 20 bytes, v1: 32), reserved 8, layer…volume 8, matrix 36, w, h
    const matrix = tkhd.body + 4 + (t1 ? 32 : 20) + 8 + 8;
    if (matrix + 36 + 8 > tkhd.end) continue;
    const w = be32(b, matrix + 36) / 0x10000;
    const h = be32(b, matrix + 40) / 0x10000;
    if (w < 1 || h < 1) continue; // an audio track
    // a = matrix[0], b = matrix[1]: a zero `a` with a non-zero `b` is a quarter turn
    const quarterTurn = be32(b, matrix) === 0 && be32(b, matrix + 4) !== 0;
    width = Math.round(quarterTurn ? h : w);
    height = Math.round(quarterTurn ? w : h);
    break;
  }
  return { durationMs, width, height };
}

/** readVideoInfo over bytes in memory. */
export const readVideoInfoFromBytes = (bytes: Uint8Array) =>
  readVideoInfo(async (offset, length) => bytes.subarray(offset, offset + length), bytes.length);
