/**
 * The publisher: keeps at most PINFLOW_PUBLISH_CONCURRENCY Pinterest calls in flight. Each tick fills
 * free slots with due pins (claimed atomically), and every finished call pulls the next due pin at once,
 * so a backlog drains without waiting for ticks. "Publish now" takes a slot like any other call.
 * Pins found `publishing` that no call of this process owns are orphans: reconciled, never re-sent blindly.
 */
import type { Pin, PinStatus } from "../db/schema";
import { dueSlots } from "../schedule/schedule.service";
import { adaptiveConcurrency, fixedConcurrency } from "./publishing.concurrency";
import * as repo from "./publishing.repo";
import {
  claimForSlot,
  type Outcome,
  type PublishDeps,
  publishClaimed,
  reconcileOrphan,
} from "./publishing.service";

/** A call older than this is not coming back (the client times out after 30 s). */
export const PUBLISH_LEASE_MS = 2 * 60_000;

/** For /health: pins more than two ticks late, and calls past their lease. */
export const countOverduePins = (deps: Pick<PublishDeps, "db" | "clock" | "config">) => {
  const now = deps.clock.now();
  return repo.countOverdue(deps.db, now - 2 * deps.config.schedulerTickMs, now - PUBLISH_LEASE_MS);
};

export interface Publisher {
  /** Fills free slots with due pins; resolves once they are claimed (not published). */
  tick(): Promise<void>;
  /** Publishes a pin this caller claimed, in a slot (waits for one). */
  runClaimed(pin: Pin, opts?: { returnTo?: PinStatus }): Promise<Outcome>;
  /**
   * "Publish now": claims the pin from the status it was seen in and publishes it in a slot; a transient
   * failure sends it back to the queue. Null when the claim lost (the pin moved since it was read).
   */
  publishNow(pin: Pin): Promise<Outcome | null>;
  /** Resolves once no call is in flight and no look for due pins is running (for tests and shutdown). */
  settled(): Promise<void>;
  /** Reconciles `publishing` pins no call of this process owns, started before `before` (default: lease). */
  reconcileOrphans(before?: number): Promise<Outcome[]>;
  /** Stops claiming and waits (up to graceMs) for calls in flight. */
  stop(graceMs: number): Promise<void>;
  inFlight(): number;
  /** How many calls it may keep in flight now (fixed, or where the adaptive limit stands). */
  concurrency(): number;
}

export function createPublisher(deps: PublishDeps): Publisher {
  const limiter =
    deps.config.publishConcurrency === "auto"
      ? adaptiveConcurrency()
      : fixedConcurrency(deps.config.publishConcurrency);
  const active = new Map<number, Promise<Outcome>>();
  const waiting: Array<() => void> = [];
  let stopping = false;
  let filling: Promise<void> | null = null;
  let slotsAsked = false;

  const release = () => waiting.shift()?.();

  function launch(pin: Pin, returnTo?: PinStatus): Promise<Outcome> {
    const work = publishClaimed(deps, pin, { returnTo })
      .catch((err): Outcome => {
        deps.log.error("publishing crashed", { pin_id: pin.id, err });
        return { kind: "retry", pin, error: String(err) };
      })
      .then((outcome) => {
        if (outcome.kind === "retry" && outcome.rateLimited) limiter.rateLimited();
        else limiter.succeeded();
        return outcome;
      })
      .finally(() => {
        active.delete(pin.id);
        release();
        if (!stopping) void fill();
      });
    active.set(pin.id, work);
    return work;
  }

  const full = () => active.size >= limiter.current();

  /**
   * Due slot occurrences first (each takes its pin or passes empty), then scheduled pins and the plain
   * queue. Slots are looked at on ticks only (`withSlots`): an occurrence comes at most once a tick, while
   * a backlog refills after every finished call.
   */
  async function fillOnce(): Promise<void> {
    let withSlots = false;
    while (!stopping && !full()) {
      withSlots ||= slotsAsked;
      slotsAsked = false;
      let progressed = false;
      for (const slot of withSlots ? await dueSlots(deps) : []) {
        if (stopping) return;
        if (full()) return limiter.backlog();
        const claimed = await claimForSlot(deps, slot);
        if (claimed === null) continue;
        progressed = true;
        if (claimed !== "passed") launch(claimed, "queued");
      }
      if (stopping) return;
      if (full()) return limiter.backlog();
      const wanted = limiter.current() - active.size;
      // at most `wanted`: what is claimed fits in the free slots, and is launched even if a stop came
      // meanwhile (stop() waits for calls in flight; a pin left publishing would be reconciled anyway)
      const due = await repo.claimDuePins(deps.db, deps.clock.now(), wanted, [...active.keys()]);
      for (const { pin, seen } of due.claimed) {
        progressed = true;
        launch(pin, seen);
      }
      // as many due as there was room for: more are probably waiting
      if (due.found >= wanted && full()) return limiter.backlog();
      if (!progressed) return;
    }
  }

  /**
   * One fill at a time; a fill asked for while one runs is folded into it. A tick also asks for the slots
   * to be looked at: a fill that ends before it could do so is followed by another.
   */
  function fill(opts: { slots?: boolean } = {}): Promise<void> {
    if (opts.slots) slotsAsked = true;
    if (!filling) {
      filling = fillOnce()
        .catch((err) => deps.log.error("could not look for due pins", { err }))
        .finally(() => {
          filling = null;
          if (slotsAsked && !stopping && !full()) void fill();
        });
    }
    return filling;
  }

  return {
    tick: () => (stopping ? Promise.resolve() : fill({ slots: true })),

    async runClaimed(pin, opts = {}) {
      while (active.size >= limiter.current()) await new Promise<void>((resolve) => waiting.push(resolve));
      return launch(pin, opts.returnTo);
    },

    async publishNow(pin) {
      const claimed = await repo.claimPin(deps.db, pin.id, pin.status, deps.clock.now());
      return claimed ? this.runClaimed(claimed, { returnTo: "queued" }) : null;
    },

    async reconcileOrphans(before = deps.clock.now() - PUBLISH_LEASE_MS) {
      const stale = (await repo.findStalePublishing(deps.db, before)).filter((p) => !active.has(p.id));
      const outcomes: Outcome[] = [];
      for (const pin of stale) {
        deps.log.warn("reconciling a pin left publishing", {
          pin_id: pin.id,
          started_at: pin.publish_started_at,
        });
        outcomes.push(await reconcileOrphan(deps, pin));
      }
      return outcomes;
    },

    async stop(graceMs) {
      stopping = true;
      await Promise.race([Promise.allSettled([...active.values()]), Bun.sleep(graceMs)]);
    },

    async settled() {
      while (filling || active.size > 0) await Promise.allSettled([filling, ...active.values()]);
    },

    inFlight: () => active.size,
    concurrency: () => limiter.current(),
  };
}
