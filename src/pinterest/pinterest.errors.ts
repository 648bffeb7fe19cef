/**
 * Every failure of a Pinterest call becomes one PinterestError with a kind that decides what the caller does:
 * - auth: 401 — refresh the token once, then ask the user to reconnect;
 * - rate_limited: 429 — wait `retryAfterMs` (from Retry-After / rate-limit headers when present);
 * - transient: network, timeout, 5xx, "could not fetch the image" — retry later;
 * - permanent: any other 4xx — do not retry.
 * Messages never contain tokens.
 */
export type PinterestErrorKind = "auth" | "rate_limited" | "transient" | "permanent";

export class PinterestError extends Error {
  constructor(
    readonly kind: PinterestErrorKind,
    message: string,
    readonly details: {
      status?: number;
      code?: number;
      pinterestMessage?: string;
      retryAfterMs?: number;
      /** True when the request may have reached Pinterest (timeouts, 5xx): a create may have happened. */
      ambiguous?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "PinterestError";
  }

  get status() {
    return this.details.status;
  }
  get code() {
    return this.details.code;
  }
  get retryAfterMs() {
    return this.details.retryAfterMs;
  }
}

/** Pinterest reports an unreachable image as 400 code 1; it usually works a little later. */
const TRANSIENT_MESSAGES = [
  /could not fetch the image/i,
  /unable to reach the url/i,
  /something went wrong on our end/i,
];

export function kindForStatus(status: number, message: string): PinterestErrorKind {
  if (status === 401) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  if (TRANSIENT_MESSAGES.some((re) => re.test(message))) return "transient";
  return "permanent";
}
