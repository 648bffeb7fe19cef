import type { User } from "../db/schema";
import { pinLocked } from "../pins/pins.errors";
import type { PinDto } from "../pins/pins.schema";
import { getPin, type PinDeps, toPinDto, whyUnchanged } from "../pins/pins.service";
import { isLocked } from "../shared/pin-status";
import { pinterestRefused } from "./publishing.errors";
import type { Publisher } from "./publishing.pool";
import { claimPin } from "./publishing.repo";

/**
 * POST /pins/{id}/publish: the same path as the scheduler, right now, whatever scheduled_at says.
 * A transient failure leaves the pin queued for an automatic retry; the caller gets a 502 either way.
 */
export async function publishNow(
  deps: PinDeps,
  publisher: Pick<Publisher, "runClaimed">,
  user: User,
  id: number,
): Promise<PinDto> {
  const pin = await getPin(deps, user, id);
  if (isLocked(pin.status)) throw pinLocked(pin.status);
  // Claimed from the status it was seen in: of two presses at once, one claims and the other gets 409.
  const claimed = await claimPin(deps.db, pin.id, pin.status, deps.clock.now());
  if (!claimed) throw await whyUnchanged(deps, user, id);
  const outcome = await publisher.runClaimed(claimed, { returnTo: "queued" });
  if (outcome.kind !== "published") throw pinterestRefused(outcome.error);
  return toPinDto(await getPin(deps, user, id));
}
