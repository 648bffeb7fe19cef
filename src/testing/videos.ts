/**
 * Tiny, structurally real MP4 / QuickTime files for tests (built in memory, nothing fetched): an `ftyp`, a
 * `moov` with `mvhd` (duration) and one video `trak` whose `tkhd` carries the picture size, and an `mdat`
 * of filler. Nothing decodes them; PinFlow and the emulator only read these boxes.
 */

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, size);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const p of payload) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [i, value] of values.entries()) view.setUint32(i * 4, value >>> 0);
  return out;
}

const IDENTITY = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
/** A 90° rotation, as phones write portrait video: the stored picture is landscape. */
const ROTATE_90 = [0, 0x10000, 0, 0xffff0000, 0, 0, 0, 0, 0x40000000];

export interface VideoOptions {
  /** "mp4" (brand isom) or "mov" (brand "qt  "). */
  kind?: "mp4" | "mov";
  durationMs?: number;
  width?: number;
  height?: number;
  rotated?: boolean;
  /** Bytes of filler in `mdat` (default 2048). */
  payloadBytes?: number;
  /** Put `moov` after `mdat`, as cameras do before a "fast start" pass. */
  moovLast?: boolean;
  /** Leave `moov` out (a truncated recording). */
  withoutMoov?: boolean;
}

export function mp4Video(opts: VideoOptions = {}): Uint8Array {
  const { kind = "mp4", durationMs = 12_000, width = 720, height = 1280, payloadBytes = 2048 } = opts;
  const brand = kind === "mov" ? "qt  " : "isom";
  const compatible = kind === "mov" ? ["qt  "] : ["isom", "iso2", "avc1", "mp41"];
  const ftyp = box(
    "ftyp",
    new TextEncoder().encode(brand),
    u32s(0x200),
    ...compatible.map((b) => new TextEncoder().encode(b)),
  );
  const timescale = 1000;
  // mvhd v0: version/flags, created, modified, timescale, duration, rate, volume+reserved, reserved×2, matrix, pre-defined×6, next track id
  const mvhd = box(
    "mvhd",
    u32s(0, 0, 0, timescale, durationMs, 0x10000, 0x01000000, 0, 0, ...IDENTITY, 0, 0, 0, 0, 0, 0, 2),
  );
  // tkhd v0: version/flags (enabled), created, modified, track id, reserved, duration, reserved×2, layer/group, volume/reserved, matrix, width, height (16.16)
  const tkhd = box(
    "tkhd",
    u32s(
      0x00000003,
      0,
      0,
      1,
      0,
      durationMs,
      0,
      0,
      0,
      0,
      ...(opts.rotated ? ROTATE_90 : IDENTITY),
      width * 0x10000,
      height * 0x10000,
    ),
  );
  const moov = box("moov", mvhd, box("trak", tkhd));
  const mdat = box(
    "mdat",
    new Uint8Array(payloadBytes).map((_, i) => (i * 31) % 256),
  );
  const parts = opts.withoutMoov ? [ftyp, mdat] : opts.moovLast ? [ftyp, mdat, moov] : [ftyp, moov, mdat];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function videoForm(bytes: Uint8Array, name = "clip.mp4", type = "video/mp4"): FormData {
  const form = new FormData();
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return form;
}
