/** Times travel as epoch ms inside PinFlow and as `YYYY-MM-DDTHH:MM:SSZ` (UTC) on the wire. */
export function toApiTime(ms: number): string;
export function toApiTime(ms: number | null): string | null;
export function toApiTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an ISO 8601 date-time that carries a zone (Z or ±hh:mm). Returns null otherwise. */
export function parseApiTime(text: string): number | null {
  if (!ISO_WITH_ZONE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
