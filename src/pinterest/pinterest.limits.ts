/**
 * Pinterest's text limits for a pin (PinCreate in spec/openapi-v5.json), in characters. PinFlow accepts longer
 * text and holds such a pin in `review` (pins.preflight.ts); the dashboard counts against the same numbers,
 * and the emulator refuses past them as Pinterest does. No imports: the browser bundle includes this file.
 */
export const PINTEREST_LIMITS = { title: 100, description: 800, link: 2048, alt_text: 500 } as const;

export type PinterestLimitedField = keyof typeof PINTEREST_LIMITS;
