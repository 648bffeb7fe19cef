/**
 * Pinterest's text limits for a pin (PinCreate in spec/openapi-v5.json), in characters. PinFlow accepts longer
 * text and holds such a pin in `review` (pins.preflight.ts); the dashboard counts against the same numbers,
 * and the emulator refuses past them as Pinterest does. No imports: the browser bundle includes this file.
 */
export const PINTEREST_LIMITS = { title: 100, description: 800, link: 2048, alt_text: 500 } as const;

export type PinterestLimitedField = keyof typeof PINTEREST_LIMITS;

/**
 * Pinterest's limits for a video pin. Not in the OpenAPI spec (it states none); from Pinterest's own pages:
 * help.pinterest.com "Video Pins" (creative specs: .mp4, .mov or .m4v; 2GB max; 4 seconds - 15 minutes) and
 * business.pinterest.com "Pinterest product specs" (standard video: .mp4 or .mov, H.264, up to 2GB, minimum
 * 4 seconds, maximum 15 minutes). PINFLOW_MAX_VIDEO_MB (default 200) caps PinFlow's own uploads below that.
 */
export const PINTEREST_VIDEO_LIMITS = {
  minDurationMs: 4_000,
  maxDurationMs: 15 * 60_000,
  maxBytes: 2 * 1024 * 1024 * 1024,
} as const;
