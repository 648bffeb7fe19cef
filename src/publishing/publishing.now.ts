import type { User } from "../db/schema";
import type { Deps } from "../deps";
import { AppError, conflict } from "../http/errors";
import { pinLocked } from "../pins/pins.errors";
import type { PinDto } from "../pins/pins.schema";
import { getPin, toPinDto } from "../pins/pins.service";
import { claimPin } from "./publishing.repo";

const pinterestRefused = (error: string) => new AppError(502, error, "publishing.refused");

/**
 * POST /pins/{id}/publish: the same path as the scheduler, right now, whatever scheduled_at says.
 * A transient failure leaves the pin queued for an automatic retry; the caller gets a 502 either way.
 */
export async function publishNow(
  deps: Pick<Deps, "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "publisher">,
  user: User,
  id: number,
): Promise<PinDto> {
  const pin = await getPin(deps, user, id);
  if (pin.status === "publishing" || pin.status === "published") throw pinLocked(pin.status);
  const claimed = await claimPin(deps.db, pin.id, pin.status, deps.clock.now());
  if (!claimed) throw conflict("This pin changed while you asked; reload it and try again.");
  const outcome = await deps.publisher.runClaimed(claimed, { returnTo: "queued" });
  if (outcome.kind !== "published") throw pinterestRefused(outcome.error);
  return toPinDto(await getPin(deps, user, id));
}
