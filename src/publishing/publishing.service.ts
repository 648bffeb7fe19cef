/**
 * Publishing one claimed pin (docs/publishing.md §6). The pin is already `publishing` (claimed atomically);
 * here Pinterest is called outside any transaction and the outcome is written back with its webhook event:
 * - success → published, published_at, pinterest_pin_id, pin.published;
 * - permanent refusal (400/403/404) → failed at once, pin.failed;
 * - transient (network, timeout, 5xx, 429) → back to its queue with a backoff; the third failure fails it;
 * - 401 → one token refresh and one retry (profiles.tokens.ts); a refused refresh → reconnect message;
 * - 403 code 29 (Trial access) → failed, with what it means and what to do.
 * A create whose answer never arrived may have happened: the board is checked before anything is re-sent.
 * A video pin first goes through Pinterest's upload (publishing.video.ts); while Pinterest processes the
 * video the pin waits in its queue (`waiting`), and its create is guarded like any other.
 */

import { publicLink } from "../config";
import type { Pin, PinStatus, Profile } from "../db/schema";
import type { Deps } from "../deps";
import { isTrialAccessRefusal, PinterestError, trialAccessHelp } from "../pinterest/pinterest.errors";
import type { PinCreateInput } from "../pinterest/pinterest.schema";
import { findProfile, markNeedsReconnect } from "../profiles/profiles.service";
import { ReconnectNeededError, withAccessToken } from "../profiles/profiles.tokens";
import { type DueSlot, passOccurrence } from "../schedule/schedule.service";
import { jittered } from "../shared/retry";
import { recordPinEvent } from "../webhooks/webhooks.outbox";
import { MediaMissingError, MediaUnreadableError, mediaSourceFor } from "./publishing.media";
import { findOnPinterest } from "./publishing.reconcile";
import * as repo from "./publishing.repo";
import { advanceVideo, VideoStepError, videoNeverCreated, videoOf } from "./publishing.video";

export type PublishDeps = Pick<
  Deps,
  "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "inProcess" | "storage"
>;

export const MAX_ATTEMPTS = 3;
const NOT_CONNECTED = "The Pinterest account of this pin is no longer connected.";
/**
 * When Pinterest says 429 without saying how long, the profile pauses briefly, and longer each time in a
 * row (2 s, 4 s, 8 s … at most a minute); a call that succeeds starts the count over.
 */
const RATE_LIMIT_PAUSE_MS = { first: 2_000, max: 60_000 };

export function rateLimitPause(strikes: number): number {
  return Math.min(RATE_LIMIT_PAUSE_MS.max, RATE_LIMIT_PAUSE_MS.first * 2 ** Math.max(0, strikes - 1));
}

export type Outcome =
  | { kind: "published"; pin: Pin }
  | { kind: "retry"; pin: Pin; error: string; rateLimited?: true }
  | { kind: "failed"; pin: Pin; error: string }
  /** A video Pinterest is still processing: the pin is back in its queue until `until`. */
  | { kind: "waiting"; pin: Pin; until: number };

/** Where a pin goes back to after a transient failure. */
export const queueStatusOf = (pin: Pick<Pin, "scheduled_at">): PinStatus =>
  pin.scheduled_at === null ? "queued" : "scheduled";

async function finish(
  deps: PublishDeps,
  pin: Pin,
  values: Parameters<typeof repo.finishPin>[3],
  event?: "pin.published" | "pin.failed",
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.finishPin(trx, pin.id, pin.publish_started_at, { ...values, updated_at: now });
    if (!row) return pin; // another path already settled it (e.g. a reconciliation)
    if (event) await recordPinEvent(trx, { ids: deps.ids, now }, event, row);
    return row;
  });
}

export async function markPublished(deps: PublishDeps, pin: Pin, pinterestPinId: string): Promise<Outcome> {
  const row = await finish(
    deps,
    pin,
    {
      status: "published",
      published_at: deps.clock.now(),
      pinterest_pin_id: pinterestPinId,
      error_message: null,
      next_attempt_at: null,
    },
    "pin.published",
  );
  deps.log.info("pin published", { pin_id: pin.id, pinterest_pin_id: pinterestPinId });
  return { kind: "published", pin: row };
}

export async function markFailed(deps: PublishDeps, pin: Pin, error: string): Promise<Outcome> {
  const row = await finish(
    deps,
    pin,
    {
      status: "failed",
      error_message: error,
      next_attempt_at: null,
      retry_count: Math.min(pin.retry_count + 1, MAX_ATTEMPTS),
    },
    "pin.failed",
  );
  deps.log.warn("pin failed", { pin_id: pin.id, error });
  return { kind: "failed", pin: row, error };
}

/** ±20 % jitter around the configured delay; a longer Retry-After from Pinterest wins. */
export function retryDelay(deps: Pick<Deps, "config">, attempt: number, retryAfterMs?: number): number {
  const delays = deps.config.publishRetryDelays;
  const base = delays[Math.min(attempt - 1, delays.length - 1)] ?? 60_000;
  return Math.max(jittered(base), retryAfterMs ?? 0);
}

/** A failed attempt: back to its queue with a backoff, or failed once it was the last attempt. */
export async function markRetry(
  deps: PublishDeps,
  pin: Pin,
  error: string,
  opts: { retryAfterMs?: number; returnTo?: PinStatus; countAttempt?: boolean } = {},
): Promise<Outcome> {
  const attempts = pin.retry_count + (opts.countAttempt === false ? 0 : 1);
  if (attempts >= MAX_ATTEMPTS) {
    return markFailed(
      deps,
      { ...pin, retry_count: attempts - 1 },
      `${error} (gave up after ${MAX_ATTEMPTS} attempts)`,
    );
  }
  const wait = opts.countAttempt === false ? 0 : retryDelay(deps, attempts, opts.retryAfterMs);
  const row = await finish(deps, pin, {
    status: opts.returnTo ?? queueStatusOf(pin),
    retry_count: attempts,
    error_message: error,
    next_attempt_at: deps.clock.now() + wait,
  });
  deps.log.info("pin will be retried", { pin_id: pin.id, attempt: attempts, in_ms: wait, error });
  return { kind: "retry", pin: row, error };
}

/**
 * A video Pinterest is processing: back to its queue (not an attempt: nothing failed) until the next look.
 * The scheduler picks it up then, by the clock.
 */
export async function markWaiting(
  deps: PublishDeps,
  pin: Pin,
  until: number,
  opts: { returnTo?: PinStatus } = {},
): Promise<Outcome> {
  const row = await finish(deps, pin, {
    status: opts.returnTo ?? queueStatusOf(pin),
    error_message: null,
    next_attempt_at: until,
  });
  deps.log.info("video processing on Pinterest; looking again later", { pin_id: pin.id, at: until });
  return { kind: "waiting", pin: row, until };
}

const reconnectMessage = (profile: Pick<Profile, "pinterest_username">, reason: string) =>
  `Reconnect the Pinterest account @${profile.pinterest_username} (sign in with Pinterest again): ${reason}. Then retry this pin.`;

/** Publishes a pin that is already `publishing`. Never throws for Pinterest's answers. */
export async function publishClaimed(
  deps: PublishDeps,
  pin: Pin,
  opts: { returnTo?: PinStatus } = {},
): Promise<Outcome> {
  const profile = await findProfile(deps, pin.profile_id);
  if (!profile) return markFailed(deps, pin, NOT_CONNECTED);
  let media_source: PinCreateInput["media_source"];
  try {
    const video = await videoOf(deps, pin);
    if (video) {
      const step = await advanceVideo(deps, pin, profile, video);
      if (step.kind === "lost") return { kind: "retry", pin, error: "Another worker took this pin over." };
      if (step.kind === "failed") return markFailed(deps, pin, step.error);
      if (step.kind === "wait") return markWaiting(deps, pin, step.until, opts);
      media_source = step.mediaSource;
    } else {
      media_source = await mediaSourceFor(deps, pin);
    }
  } catch (err) {
    // Nothing before the create can have made a pin: a failure here is never "ambiguous".
    return settleFailure(
      deps,
      pin,
      profile,
      err instanceof VideoStepError ? err.failure.asCertain() : err,
      opts,
    );
  }
  try {
    const created = await withAccessToken(deps, profile, (token) =>
      deps.pinterest.createPin(token, {
        board_id: pin.board_id,
        ...(pin.board_section_id ? { board_section_id: pin.board_section_id } : {}),
        title: pin.title,
        description: pin.description,
        link: pin.link,
        alt_text: pin.alt_text,
        media_source,
      }),
    );
    deps.inProcess.rateLimitStrikes.delete(profile.id);
    return await markPublished(deps, pin, created.id);
  } catch (err) {
    return settleFailure(deps, pin, profile, err, opts);
  }
}

async function settleFailure(
  deps: PublishDeps,
  pin: Pin,
  profile: Profile,
  err: unknown,
  opts: { returnTo?: PinStatus },
): Promise<Outcome> {
  if (err instanceof ReconnectNeededError) {
    return markFailed(
      deps,
      pin,
      reconnectMessage(profile, profile.reconnect_reason ?? "Pinterest no longer accepts its access"),
    );
  }
  if (err instanceof MediaMissingError) return markFailed(deps, pin, err.message);
  if (err instanceof MediaUnreadableError) return markRetry(deps, pin, err.message, opts);
  if (!(err instanceof PinterestError)) {
    deps.log.error("unexpected error while publishing", { pin_id: pin.id, err });
    return markRetry(deps, pin, "PinFlow hit an unexpected error while publishing", opts);
  }
  if (err.kind === "auth") {
    // Still refused with a freshly refreshed token: the grant itself is gone.
    await markNeedsReconnect(deps, profile.id, "Pinterest refused its access");
    return markFailed(deps, pin, reconnectMessage(profile, "Pinterest refused its access"));
  }
  if (isTrialAccessRefusal(err)) {
    return markFailed(deps, pin, trialAccessHelp(err, publicLink(deps.config, "/docs")));
  }
  if (err.kind === "permanent") return markFailed(deps, pin, err.message);
  if (err.kind === "rate_limited") {
    const strikes = (deps.inProcess.rateLimitStrikes.get(profile.id) ?? 0) + 1;
    deps.inProcess.rateLimitStrikes.set(profile.id, strikes);
    const until = deps.clock.now() + (err.retryAfterMs ?? rateLimitPause(strikes));
    await repo.pauseProfile(deps.db, profile.id, until);
    const outcome = await markRetry(deps, pin, err.message, { ...opts, retryAfterMs: err.retryAfterMs });
    return outcome.kind === "retry" ? { ...outcome, rateLimited: true } : outcome;
  }
  if (err.details.ambiguous) return afterAmbiguousCreate(deps, pin, profile, err, opts);
  return markRetry(deps, pin, err.message, { ...opts, retryAfterMs: err.retryAfterMs });
}

/**
 * Claims the pin a due slot occurrence publishes, and uses the occurrence up, in one transaction: the
 * cursor moves only from where it was read, so two fills never give one occurrence two pins, and a pin
 * that changed meanwhile (edited, deleted, published now) is not claimed. "passed": the occurrence went
 * by without a pin; null: nothing changed (someone else was first).
 */
export async function claimForSlot(deps: PublishDeps, slot: DueSlot): Promise<Pin | "passed" | null> {
  const now = deps.clock.now();
  return deps.db
    .transaction()
    .execute(async (trx) => {
      if (!slot.pin) return (await passOccurrence({ db: trx }, slot)) ? ("passed" as const) : null;
      // the pin first, then the profile's cursor: the order every pin write takes its locks in (the
      // queue_version trigger locks the profile after the pin), so on PostgreSQL a slot claim and an
      // edit of the same pin never wait on each other in a circle
      const claimed = await repo.claimPinForSlot(trx, slot.pin.id, slot.at, now);
      if (!claimed) throw new SlotLost();
      if (!(await passOccurrence({ db: trx }, slot))) throw new SlotLost();
      return claimed;
    })
    .catch((err) => {
      if (err instanceof SlotLost) return null;
      throw err;
    });
}

/** Rolls a slot claim back: the pin or the cursor moved between the look and the claim. */
class SlotLost extends Error {}

const CHECK_PINTEREST = "look at the board on Pinterest before retrying, so it is not posted twice.";

/**
 * A create that may have happened (its answer was lost, or PinFlow stopped mid-call): look at the board
 * before ever sending it again. Found → published; cannot tell → failed, asking the user to check;
 * confirmed absent → `whenAbsent`.
 */
async function settleByBoard(
  deps: PublishDeps,
  pin: Pin,
  profile: Profile,
  opts: { whyUnsure: string; whenAbsent: () => Promise<Outcome> },
): Promise<Outcome> {
  const found = await findOnPinterest(deps, pin, profile);
  if (found === "unknown") return markFailed(deps, pin, `${opts.whyUnsure}: ${CHECK_PINTEREST}`);
  if (found) return markPublished(deps, pin, found.id);
  return opts.whenAbsent();
}

const afterAmbiguousCreate = (
  deps: PublishDeps,
  pin: Pin,
  profile: Profile,
  err: PinterestError,
  opts: { returnTo?: PinStatus },
) =>
  settleByBoard(deps, pin, profile, {
    whyUnsure: `${err.message}. Pinterest may have created the pin anyway and PinFlow could not check`,
    whenAbsent: () => markRetry(deps, pin, err.message, opts),
  });

/** A pin a previous process (or a call past its lease) left `publishing`. */
export async function reconcileOrphan(deps: PublishDeps, pin: Pin): Promise<Outcome> {
  const profile = await findProfile(deps, pin.profile_id);
  if (!profile) return markFailed(deps, pin, NOT_CONNECTED);
  // A video pin stopped before its upload reached `succeeded` never sent its create: no need to look.
  if (await videoNeverCreated(deps, pin)) {
    return markRetry(deps, pin, "Publishing was interrupted; it will go on where it stopped.", {
      returnTo: queueStatusOf(pin),
      countAttempt: false,
    });
  }
  return settleByBoard(deps, pin, profile, {
    whyUnsure: "PinFlow stopped while publishing this pin and could not check Pinterest afterwards",
    // Confirmed absent: the call never reached Pinterest. Not Pinterest's failure, so not counted.
    whenAbsent: () =>
      markRetry(deps, pin, "Publishing was interrupted; it will be tried again.", {
        returnTo: queueStatusOf(pin),
        countAttempt: false,
      }),
  });
}
