/**
 * Webhook delivery from the outbox. A small pool of workers claims due deliveries one at a time
 * (pending → delivering), POSTs the exact stored body, and records the outcome:
 * - 2xx → delivered; any other answer, a timeout or a blocked address → retried after the next delay of
 *   PINFLOW_WEBHOOK_RETRY_DELAYS (±20 % jitter, a longer Retry-After wins), failed after the last one;
 * - a webhook failing for 24 h in a row, or answered 410 Gone, is paused with the reason shown.
 * Headers: X-Webhook-Id (the same on every retry), X-Webhook-Timestamp (this attempt), X-Webhook-Event and
 * X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>. Targets are re-checked on the address
 * actually dialled and redirects are never followed. This runs in its own job: a slow receiver never
 * delays publishing.
 */

import type { WebhookDelivery } from "../db/schema";
import type { Deps } from "../deps";
import { decrypt, hmacSha256Hex } from "../shared/crypto";
import { pinnedFetch, SsrfBlockedError } from "../shared/net";
import { jittered, parseRetryAfter } from "../shared/retry";
import { toApiTime } from "../shared/time";
import * as repo from "./webhooks.repo";
import { WEBHOOK_URL } from "./webhooks.schema";

export type DeliveryDeps = Pick<Deps, "db" | "clock" | "keys" | "config" | "log" | "resolve" | "fetch">;

export const DELIVERY_TIMEOUT_MS = 10_000;
export const DELIVERY_WORKERS = 8;
export const PAUSE_AFTER_FAILING_MS = 24 * 3_600_000;

export const webhookSecretAad = (webhookId: number) => `webhook:${webhookId}:secret`;

const SECRET_UNREADABLE =
  "Not sent: the webhook's secret could not be decrypted (was PINFLOW_SECRET changed?). Set the secret again.";

/** Delivers every due delivery, DELIVERY_WORKERS at a time; resolves when none is left. */
export async function deliverDue(deps: DeliveryDeps): Promise<number> {
  let delivered = 0;
  const worker = async () => {
    for (;;) {
      const delivery = await repo.claimDueDelivery(deps.db, deps.clock.now());
      if (!delivery) return;
      await deliverOne(deps, delivery);
      delivered++;
    }
  };
  await Promise.all(Array.from({ length: DELIVERY_WORKERS }, worker));
  return delivered;
}

/** A receiver's Retry-After never parks a delivery longer than this (it is the receiver's value, not ours). */
export const MAX_RETRY_AFTER_MS = PAUSE_AFTER_FAILING_MS;

/** The receiver's Retry-After, capped at MAX_RETRY_AFTER_MS; none when absent, unreadable or zero. */
function retryAfterMs(value: string | null, now: number): number | undefined {
  const ms = parseRetryAfter(value, now);
  return ms ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

type Attempt =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retryAfterMs?: number };

async function attempt(
  deps: DeliveryDeps,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Attempt> {
  try {
    const res = await pinnedFetch(
      url,
      { method: "POST", body, headers, timeoutMs: DELIVERY_TIMEOUT_MS },
      {
        allowPrivate: deps.config.webhookAllowPrivate,
        resolve: deps.resolve,
        what: WEBHOOK_URL,
        fetch: deps.fetch as typeof fetch,
      },
    );
    await res.body?.cancel().catch(() => {}); // the receiver's body is never read, stored or echoed
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return {
      ok: false,
      status: res.status,
      error:
        res.status >= 300 && res.status < 400
          ? `Redirect (${res.status}) not followed`
          : `Receiver answered ${res.status}`,
      retryAfterMs: retryAfterMs(res.headers.get("retry-after"), deps.clock.now()),
    };
  } catch (err) {
    if (err instanceof SsrfBlockedError) return { ok: false, status: null, error: err.message };
    const timedOut = (err as Error).name === "TimeoutError" || (err as Error).name === "AbortError";
    return {
      ok: false,
      status: null,
      error: timedOut
        ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`
        : "Could not connect to the receiver",
    };
  }
}

export async function deliverOne(deps: DeliveryDeps, delivery: WebhookDelivery): Promise<WebhookDelivery> {
  const webhook = await repo.findWebhookById(deps.db, delivery.webhook_id);
  if (!webhook) return delivery;
  const now = deps.clock.now();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "PinFlow-Webhooks/1",
    "x-webhook-id": delivery.message_id,
    "x-webhook-timestamp": String(Math.floor(now / 1000)),
    "x-webhook-event": delivery.event,
  };
  const secret = webhook.secret_enc
    ? decrypt(deps.keys.tokens, webhook.secret_enc, webhookSecretAad(webhook.id))
    : null;
  if (secret) headers["x-webhook-signature"] = `sha256=${hmacSha256Hex(secret, delivery.payload)}`;

  // A webhook with a secret is never sent unsigned: receivers that check the signature only when it is
  // present would otherwise accept anything.
  const result: Attempt =
    webhook.secret_enc !== null && secret === null
      ? { ok: false, status: null, error: SECRET_UNREADABLE }
      : await attempt(deps, webhook.url, delivery.payload, headers);
  const attempts = delivery.attempts + 1;
  const done = deps.clock.now();
  if (result.ok) {
    await repo.updateWebhook(deps.db, webhook.id, { failing_since: null });
    return settle(deps, delivery, {
      status: "delivered",
      attempts,
      last_status_code: result.status,
      last_error: null,
      next_attempt_at: null,
      last_attempt_at: now,
      delivered_at: done,
    });
  }
  const delays = deps.config.webhookRetryDelays;
  const giveUp = attempts > delays.length;
  const base = delays[attempts - 1] ?? 0;
  const wait = Math.max(jittered(base), result.retryAfterMs ?? 0);
  await notePausing(deps, webhook, result, done);
  deps.log.info("webhook delivery failed", { delivery_id: delivery.id, attempts, error: result.error });
  return settle(deps, delivery, {
    status: giveUp ? "failed" : "pending",
    attempts,
    last_status_code: result.status,
    last_error: result.error,
    next_attempt_at: giveUp ? null : done + wait,
    last_attempt_at: now,
  });
}

/**
 * Writes the attempt's outcome. A delivery can vanish while it is in flight (its webhook was deleted, and
 * its deliveries with it): the outcome is then only reported, not stored — never an error for the caller.
 */
async function settle(
  deps: DeliveryDeps,
  delivery: WebhookDelivery,
  values: Parameters<typeof repo.updateDelivery>[2],
): Promise<WebhookDelivery> {
  const row = await repo.updateDelivery(deps.db, delivery.id, values);
  return row ?? ({ ...delivery, ...values } as WebhookDelivery);
}

/** Tracks how long a webhook has been failing and pauses it after a day (or at once on 410 Gone). */
async function notePausing(
  deps: DeliveryDeps,
  webhook: NonNullable<Awaited<ReturnType<typeof repo.findWebhookById>>>,
  result: Extract<Attempt, { ok: false }>,
  now: number,
) {
  const failingSince = webhook.failing_since ?? now;
  const gone = result.status === 410;
  if (gone || now - failingSince >= PAUSE_AFTER_FAILING_MS) {
    const reason = gone
      ? "Paused: the receiver answered 410 Gone. Fix the URL and resume the webhook."
      : `Paused: deliveries have failed since ${toApiTime(failingSince)} (last error: ${result.error}). Resume it once the receiver works.`;
    await repo.updateWebhook(deps.db, webhook.id, {
      is_active: 0,
      paused_reason: reason,
      failing_since: failingSince,
      updated_at: now,
    });
    deps.log.warn("webhook paused", { webhook_id: webhook.id, reason });
  } else if (webhook.failing_since === null) {
    await repo.updateWebhook(deps.db, webhook.id, { failing_since: now });
  }
}
