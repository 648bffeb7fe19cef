import type { User } from "../db/schema";
import type { Publisher } from "../publishing/publishing.pool";
import { isLocked } from "../shared/pin-status";
import { pinLocked, publishRefused } from "./pins.errors";
import type { PinDto } from "./pins.schema";
import { getPin, type PinDeps, pinDto, whyUnchanged } from "./pins.service";

/**
 * POST /pins/{id}/publish: the same path as the scheduler, right now, whatever scheduled_at says.
 * Of two presses at once, one claims the pin and the other gets 409. A transient failure leaves the pin
 * queued for an automatic retry; the caller gets a 502 either way. A video that Pinterest is still
 * processing after its upload answers 202: the pin waits in the queue and publishes once processing is done.
 */
export async function publishNow(
  deps: PinDeps,
  publisher: Pick<Publisher, "publishNow">,
  user: User,
  id: number,
): Promise<{ status: 200 | 202; pin: PinDto }> {
  const pin = await getPin(deps, user, id);
  if (isLocked(pin.status)) throw pinLocked(pin.status);
  const outcome = await publisher.publishNow(pin);
  if (!outcome) throw await whyUnchanged(deps, user, id);
  if (outcome.kind === "retry" || outcome.kind === "failed") throw publishRefused(outcome.error);
  return {
    status: outcome.kind === "waiting" ? 202 : 200,
    pin: await pinDto(deps, await getPin(deps, user, id)),
  };
}
