/** Webhooks of a profile: registration (targets checked for public addresses), pausing, the delivery log. */

import type { User, WebhookDelivery, WebhookEvent } from "../db/schema";
import type { Deps } from "../deps";
import { resolveProfile } from "../profiles/profiles.service";
import { encrypt } from "../shared/crypto";
import { checkOutboundUrl } from "../shared/net";
import { toApiTime } from "../shared/time";
import { deliverOne, webhookSecretAad } from "./webhooks.delivery";
import {
  deliveryInFlight,
  deliveryNotFound,
  MAX_WEBHOOKS_PER_USER,
  tooManyWebhooks,
  urlRefused,
  webhookNotFound,
} from "./webhooks.errors";
import { eventBody, type PinEventData } from "./webhooks.outbox";
import * as repo from "./webhooks.repo";
import type { CreateWebhookInput, DeliveryDto, UpdateWebhookInput, WebhookDto } from "./webhooks.schema";
import { WEBHOOK_URL } from "./webhooks.schema";

type WebhookDeps = Pick<Deps, "db" | "clock" | "ids" | "keys" | "config" | "log" | "resolve" | "fetch">;

export { MAX_WEBHOOKS_PER_USER };

const toDto = (w: repo.WebhookRow): WebhookDto => ({
  id: w.id,
  profile_id: w.profile_id,
  pinterest_user_id: w.pinterest_user_id,
  pinterest_username: w.pinterest_username,
  url: w.url,
  event: w.event,
  is_active: w.is_active === 1,
  has_secret: w.secret_enc !== null,
  paused_reason: w.paused_reason,
  created_at: toApiTime(w.created_at),
});

export const toDeliveryDto = (d: WebhookDelivery): DeliveryDto => ({
  id: d.id,
  webhook_id: d.webhook_id,
  message_id: d.message_id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  last_status_code: d.last_status_code,
  last_error: d.last_error,
  next_attempt_at: toApiTime(d.next_attempt_at),
  last_attempt_at: toApiTime(d.last_attempt_at),
  delivered_at: toApiTime(d.delivered_at),
  created_at: toApiTime(d.created_at),
});

async function checkedUrl(deps: WebhookDeps, url: string): Promise<string> {
  const check = await checkOutboundUrl(url, {
    allowPrivate: deps.config.webhookAllowPrivate,
    resolve: deps.resolve,
    what: WEBHOOK_URL,
  });
  if (!check.ok) throw urlRefused(check.reason);
  return url;
}

async function owned(deps: WebhookDeps, user: User, id: number) {
  const webhook = await repo.findWebhook(deps.db, user.id, id);
  if (!webhook) throw webhookNotFound();
  return webhook;
}

export async function createWebhook(
  deps: WebhookDeps,
  user: User,
  input: CreateWebhookInput,
): Promise<WebhookDto> {
  const profile = await resolveProfile(deps, user, input.profile_id);
  const url = await checkedUrl(deps, input.url);
  if ((await repo.countWebhooks(deps.db, user.id)) >= MAX_WEBHOOKS_PER_USER) {
    throw tooManyWebhooks();
  }
  const now = deps.clock.now();
  // One transaction: a webhook registered with a secret never exists, even briefly, without it.
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertWebhook(trx, {
      user_id: user.id,
      profile_id: profile.id,
      url,
      event: input.event,
      created_at: now,
      updated_at: now,
    });
    if (input.secret) {
      await repo.updateWebhook(trx, row.id, {
        secret_enc: encrypt(deps.keys.tokens, input.secret, webhookSecretAad(row.id)),
      });
    }
    return row.id;
  });
  return toDto(await owned(deps, user, id));
}

export async function listWebhooks(deps: WebhookDeps, user: User, profileId?: number): Promise<WebhookDto[]> {
  const profile = await resolveProfile(deps, user, profileId);
  return (await repo.listWebhooks(deps.db, user.id, profile.id)).map(toDto);
}

export async function getWebhook(deps: WebhookDeps, user: User, id: number): Promise<WebhookDto> {
  return toDto(await owned(deps, user, id));
}

export async function updateWebhook(
  deps: WebhookDeps,
  user: User,
  id: number,
  input: UpdateWebhookInput,
): Promise<WebhookDto> {
  await owned(deps, user, id);
  const now = deps.clock.now();
  await repo.updateWebhook(deps.db, id, {
    ...(input.url !== undefined && { url: await checkedUrl(deps, input.url) }),
    ...(input.event !== undefined && { event: input.event }),
    ...(input.secret !== undefined && {
      secret_enc:
        input.secret === null ? null : encrypt(deps.keys.tokens, input.secret, webhookSecretAad(id)),
    }),
    // resuming clears the reason it was paused for and starts the failure clock afresh
    ...(input.is_active !== undefined && {
      is_active: input.is_active ? 1 : 0,
      ...(input.is_active && { paused_reason: null, failing_since: null }),
    }),
    updated_at: now,
  });
  return toDto(await owned(deps, user, id));
}

export async function deleteWebhook(deps: WebhookDeps, user: User, id: number): Promise<void> {
  await owned(deps, user, id);
  await repo.deleteWebhook(deps.db, id);
}

export async function listDeliveries(
  deps: WebhookDeps,
  user: User,
  id: number,
  limit: number,
): Promise<DeliveryDto[]> {
  await owned(deps, user, id);
  return (await repo.listDeliveries(deps.db, id, limit)).map(toDeliveryDto);
}

/** Sends a delivery again now, with the same X-Webhook-Id, and restarts its retry schedule. */
export async function redeliver(
  deps: WebhookDeps,
  user: User,
  id: number,
  deliveryId: number,
): Promise<DeliveryDto> {
  await owned(deps, user, id);
  const delivery = await repo.findDelivery(deps.db, id, deliveryId);
  if (!delivery) throw deliveryNotFound();
  // Never while an attempt is in flight: it would be sent twice at once and the slower answer would
  // overwrite the log of the other.
  const row = await repo.requeueDelivery(deps.db, delivery.id, deps.clock.now());
  if (!row) throw deliveryInFlight();
  return toDeliveryDto(row);
}

/** A made-up pin with every field a real event of that kind carries, so receivers can be built against it. */
const sampleEventData = (event: WebhookEvent, now: number): PinEventData => ({
  pin_id: 0,
  title: "PinFlow test event",
  board_id: "0",
  status: {
    "pin.created": "queued",
    "pin.scheduled": "scheduled",
    "pin.published": "published",
    "pin.failed": "failed",
  }[event],
  pinterest_pin_id: event === "pin.published" ? "0" : null,
  scheduled_at: event === "pin.scheduled" ? toApiTime(now + 3_600_000) : null,
  published_at: event === "pin.published" ? toApiTime(now) : null,
  error_message: event === "pin.failed" ? "This is a test event: no pin failed." : null,
});

/** Sends a sample event right away and answers with the recorded delivery (never the receiver's body). */
export async function sendTest(deps: WebhookDeps, user: User, id: number): Promise<DeliveryDto> {
  const webhook = await owned(deps, user, id);
  const now = deps.clock.now();
  const sample = { ...sampleEventData(webhook.event, now), test: true };
  const delivery = await repo.insertDelivery(deps.db, {
    webhook_id: webhook.id,
    message_id: `msg_${deps.ids.hex(12)}`,
    event: webhook.event,
    payload: eventBody(webhook.event, now, sample),
    status: "delivering",
    next_attempt_at: now,
    created_at: now,
  });
  return toDeliveryDto(await deliverOne(deps, delivery));
}

/** For /health: deliveries waiting to be sent. */
export const webhookBacklog = (deps: Pick<Deps, "db">) => repo.countBacklog(deps.db);

/** A delivery attempt older than this is not coming back (each times out after DELIVERY_TIMEOUT_MS). */
export const DELIVERY_LEASE_MS = 60_000;

/**
 * At start-up: deliveries a crash caught mid-send are sent again (receivers dedupe on X-Webhook-Id). With
 * several processes on one database (`shared`), only those past their lease: younger ones may be in flight
 * in another process.
 */
export const releaseInterruptedDeliveries = async (
  deps: Pick<Deps, "db" | "clock">,
  opts: { shared?: boolean } = {},
) =>
  Number(
    (await repo.releaseInterrupted(deps.db, opts.shared ? deps.clock.now() - DELIVERY_LEASE_MS : undefined))
      .numUpdatedRows,
  );

/** While running: deliveries left delivering past their lease (their process died) are sent again. */
export const releaseStaleDeliveries = async (deps: Pick<Deps, "db" | "clock">) =>
  Number((await repo.releaseInterrupted(deps.db, deps.clock.now() - DELIVERY_LEASE_MS)).numUpdatedRows);
