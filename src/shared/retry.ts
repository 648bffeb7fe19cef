/** Backoff helpers shared by publishing and webhook delivery. */

/** `ms` spread by ±`spread` (20 % by default), so retries of many items do not land at the same instant. */
export const jittered = (ms: number, spread = 0.2): number =>
  Math.round(ms * (1 - spread + Math.random() * 2 * spread));

/** A Retry-After value in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}
