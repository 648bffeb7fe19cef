/**
 * The webhook outbox: an event becomes one delivery row per active webhook of the pin's profile that
 * listens for it (or was paused automatically), written in the same transaction as the change that caused it, so an event is never
 * lost and never announced for a change that rolled back. The delivery job sends them later.
 */
import type { Db } from "../db/database";
import type { Pin, WebhookEvent } from "../db/schema";
import type { Ids } from "../shared/ids";
import { toApiTime } from "../shared/time";
import * as repo from "./webhooks.repo";

export interface PinEventData {
  pin_id: number;
  title: string | null;
  board_id: string;
  status: string;
  pinterest_pin_id: string | null;
  scheduled_at: string | null;
  published_at: string | null;
  error_message: string | null;
}

export const pinEventData = (pin: Pin): PinEventData => ({
  pin_id: pin.id,
  title: pin.title,
  board_id: pin.board_id,
  status: pin.status,
  pinterest_pin_id: pin.pinterest_pin_id,
  scheduled_at: toApiTime(pin.scheduled_at),
  published_at: toApiTime(pin.published_at),
  error_message: pin.error_message,
});

/** `{event, timestamp, data}` exactly as docs/seed-api-reference.txt shows it ("Delivery payload"). */
export const eventBody = (event: string, at: number, data: unknown) =>
  JSON.stringify({ event, timestamp: toApiTime(at), data });

export function recordPinEvent(
  trx: Db,
  deps: { ids: Ids; now: number },
  event: WebhookEvent,
  pin: Pin,
): Promise<number> {
  return recordPinEvents(trx, deps, [event], pin);
}

/** Several events of one change (a new scheduled pin: pin.created and pin.scheduled), with one look-up. */
export async function recordPinEvents(
  trx: Db,
  deps: { ids: Ids; now: number },
  events: WebhookEvent[],
  pin: Pin,
): Promise<number> {
  const hooks = await repo.listListeningWebhooks(trx, pin.profile_id, events);
  if (hooks.length === 0) return 0;
  const payloads = new Map(events.map((e) => [e, eventBody(e, deps.now, pinEventData(pin))]));
  // in the order the events happened, as before
  const ordered = events.flatMap((event) => hooks.filter((h) => h.event === event));
  await repo.insertDeliveries(
    trx,
    ordered.map((h) => ({
      webhook_id: h.id,
      message_id: `msg_${deps.ids.hex(12)}`,
      event: h.event,
      payload: payloads.get(h.event) as string,
      next_attempt_at: deps.now,
      created_at: deps.now,
    })),
  );
  return ordered.length;
}
