import { PINTEREST_SANDBOX_API_URL, STANDARD_ACCESS } from "../shared/standard-access";

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

  /** The same failure, known not to have created anything (a step before any create). */
  asCertain(): PinterestError {
    return new PinterestError(this.kind, this.message, { ...this.details, ambiguous: false });
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

/**
 * 403 code 29 on a write: what a new app with Trial access gets when it creates on the production host
 * (docs/pinterest-api-notes.md §8.4). The same code answers a token missing a write scope, so both are named.
 */
export const isTrialAccessRefusal = (err: unknown): boolean =>
  err instanceof PinterestError && err.status === 403 && err.code === 29;

/**
 * What a Trial-access refusal means and what to do, for a pin's error_message or an API error's detail.
 * `docsUrl` is this instance's /docs (under its public URL): the help's section there is linked.
 */
export function trialAccessHelp(err: PinterestError, docsUrl: string, what = "create the pin"): string {
  const said = err.details.pinterestMessage ? `: "${err.details.pinterestMessage}"` : "";
  return (
    `Pinterest refused to ${what} (403, code 29${said}). This is what a Pinterest app with Trial access ` +
    `gets on the production API: Trial apps may only create pins and boards in Pinterest's sandbox. Either ` +
    `use the sandbox (set PINFLOW_PINTEREST_API_URL=${PINTEREST_SANDBOX_API_URL}, restart PinFlow and sign ` +
    `in again), or apply for Standard access for your app — see "${STANDARD_ACCESS.title}" in PinFlow's ` +
    `docs (${docsUrl}${STANDARD_ACCESS.hash}). (If your app already has Standard access, reconnect the ` +
    "account so it grants PinFlow write access.)"
  );
}
