import { type ExpressionBuilder, type Insertable, sql, type Updateable } from "kysely";
import { compiledAll, compiledOnce, compiledPerColumns } from "../db/compiled";
import { type Db, engineOf } from "../db/database";
import type { DB, Pin, PinStatus, PinUpdate, PinVideosTable } from "../db/schema";
import { inClaimable, notAmongJsonIds, skipLocked } from "../db/sql";

/**
 * Pins of users who are not approved (pending, suspended) are held: they wait, unpublished, until approval.
 * A correlated EXISTS, not `user_id IN (…)`: with the IN list SQLite drove the due-pin query from the user's
 * index and read every pin of the user ever scheduled (the publisher slowed down as history grew); this way
 * the partial due indexes stay the access path.
 */
const ofApprovedUser = (eb: ExpressionBuilder<DB, "pins">) =>
  eb.exists(
    eb
      .selectFrom("users")
      .select("users.id")
      .whereRef("users.id", "=", "pins.user_id")
      .where("users.status", "=", sql.lit("approved")),
  );

const notWaitingAt = (now: number) => (eb: ExpressionBuilder<DB, "pins" | "profiles">) =>
  eb.or([eb("pins.next_attempt_at", "is", null), eb("pins.next_attempt_at", "<=", now)]);
const notPausedAt = (now: number) => (eb: ExpressionBuilder<DB, "pins" | "profiles">) =>
  eb.or([eb("profiles.rate_limited_until", "is", null), eb("profiles.rate_limited_until", "<=", now)]);

/** Due pins of `status`, before each half's own conditions (time, slots, skip, order). */
const dueBase = (db: Db, status: "scheduled" | "queued", rateNow: number, waitNow: number) =>
  db
    .selectFrom("pins")
    .innerJoin("profiles", "profiles.id", "pins.profile_id")
    .selectAll("pins")
    .where(notPausedAt(rateNow))
    .where(ofApprovedUser)
    .where(notWaitingAt(waitNow))
    .where("pins.status", "=", sql.lit(status));

/*
 * The two halves of the due pins, compiled once (the publisher asks after every finished call). Their
 * arguments are the SQL's parameters in order: the time once per comparison, the ids to skip as one JSON
 * array, the limit. Statuses are literals, not parameters.
 */
const dueScheduled = compiledAll(
  (db, rateNow: number, waitNow: number, dueNow: number, skipJson: string, limit: number) =>
    dueBase(db, "scheduled", rateNow, waitNow)
      .where("pins.scheduled_at", "<=", dueNow)
      .where(notAmongJsonIds(db, "pins.id", skipJson))
      .orderBy("pins.scheduled_at")
      .orderBy("pins.id")
      .limit(limit),
  -1,
  -2,
  -3,
  "[-4]",
  -5,
);
// queued pins of a profile with posting slots go through their slot (claimForSlot), unless they already had
// one and wait for a retry
const dueQueued = compiledAll(
  (db, rateNow: number, waitNow: number, skipJson: string, limit: number) =>
    dueBase(db, "queued", rateNow, waitNow)
      .where((eb) =>
        eb.or([eb("profiles.posting_slots", "=", sql.lit("[]")), eb("pins.slot_at", "is not", null)]),
      )
      .where(notAmongJsonIds(db, "pins.id", skipJson))
      .orderBy("pins.sort_order")
      .orderBy("pins.id")
      .limit(limit),
  -1,
  -2,
  "[-3]",
  -4,
);

/**
 * Due pins (docs/publishing.md §6): scheduled ones whose time has come, then queued ones in queue order,
 * skipping those waiting for a retry, those of profiles paused by a Pinterest 429 and those of users who are
 * not approved. Each half reads its own partial index.
 */
export async function findDuePins(db: Db, now: number, limit: number, skip: number[] = []): Promise<Pin[]> {
  const skipJson = JSON.stringify(skip);
  const scheduled = (await dueScheduled(db, now, now, now, skipJson, limit)).rows as Pin[];
  if (scheduled.length >= limit) return scheduled;
  const queued = (await dueQueued(db, now, now, skipJson, limit - scheduled.length)).rows as Pin[];
  return [...scheduled, ...queued];
}

/** A pin claimed by claimDuePins, with the status it was claimed from (where a retry sends it back). */
export interface ClaimedPin {
  pin: Pin;
  seen: PinStatus;
}

/**
 * Claims up to `limit` due pins (scheduled ones first, then the queue: findDuePins' order), each moved to
 * `publishing` atomically; `found` is how many were due. SQLite: the due pins are read, then each is claimed
 * with a conditional UPDATE (one writer at a time: a lost claim just changes nothing). PostgreSQL: one UPDATE
 * per half takes the due rows locked FOR UPDATE SKIP LOCKED, so processes claiming at the same moment each
 * get different pins instead of queueing on the same ones.
 */
export async function claimDuePins(
  db: Db,
  now: number,
  limit: number,
  skip: number[] = [],
): Promise<{ found: number; claimed: ClaimedPin[] }> {
  if (engineOf(db) !== "postgres") {
    const due = await findDuePins(db, now, limit, skip);
    const claimed: ClaimedPin[] = [];
    for (const pin of due) {
      const row = await claimPin(db, pin.id, pin.status, now);
      if (row) claimed.push({ pin: row, seen: pin.status });
    }
    return { found: due.length, claimed };
  }
  const scheduled = await claimHalf(db, "scheduled", now, limit, skip);
  const queued =
    scheduled.length >= limit ? [] : await claimHalf(db, "queued", now, limit - scheduled.length, skip);
  const claimed = [
    ...scheduled.map((pin) => ({ pin, seen: "scheduled" as const })),
    ...queued.map((pin) => ({ pin, seen: "queued" as const })),
  ];
  return { found: claimed.length, claimed };
}

/** One half of the due pins (docs/publishing.md §6), claimed in one statement (PostgreSQL). */
async function claimHalf(db: Db, status: "scheduled" | "queued", now: number, limit: number, skip: number[]) {
  let due = db
    .selectFrom("pins")
    .innerJoin("profiles", "profiles.id", "pins.profile_id")
    .select("pins.id")
    .where("pins.status", "=", status)
    .where((eb) => eb.or([eb("pins.next_attempt_at", "is", null), eb("pins.next_attempt_at", "<=", now)]))
    .where((eb) =>
      eb.or([eb("profiles.rate_limited_until", "is", null), eb("profiles.rate_limited_until", "<=", now)]),
    )
    .where(ofApprovedUser)
    .limit(limit);
  if (skip.length) due = due.where("pins.id", "not in", skip);
  due =
    status === "scheduled"
      ? due.where("pins.scheduled_at", "<=", now).orderBy("pins.scheduled_at").orderBy("pins.id")
      : due
          .where((eb) => eb.or([eb("profiles.posting_slots", "=", "[]"), eb("pins.slot_at", "is not", null)]))
          .orderBy("pins.sort_order")
          .orderBy("pins.id");
  const rows = await db
    .updateTable("pins")
    .set({ status: "publishing", publish_started_at: now, updated_at: now })
    .where("status", "=", status)
    .where(inClaimable(db, "id", skipLocked(db, due, "pins")))
    .returningAll()
    .execute();
  // UPDATE … RETURNING has no order: put them back in the order they were due
  return status === "scheduled"
    ? rows.sort((a, b) => (a.scheduled_at ?? 0) - (b.scheduled_at ?? 0) || a.id - b.id)
    : rows.sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
}

const claimCompiled = compiledOnce(
  (db, startedAt: number, updatedAt: number, id: number, seen: PinStatus) =>
    db
      .updateTable("pins")
      .set({ status: sql.lit("publishing"), publish_started_at: startedAt, updated_at: updatedAt })
      .where("id", "=", id)
      .where("status", "=", seen)
      .returningAll(),
  -1,
  -2,
  -3,
  "-4" as PinStatus,
);

/** Atomically moves a pin from the status it was seen in to `publishing`; undefined if someone else won. */
export const claimPin = (db: Db, id: number, seen: PinStatus, now: number) =>
  claimCompiled(db, now, now, id, seen) as Promise<Pin | undefined>;

/** Claims a queued pin for a slot occurrence: it keeps the occurrence in slot_at through any retries. */
export const claimPinForSlot = (db: Db, id: number, slotAt: number, now: number) =>
  db
    .updateTable("pins")
    .set({ status: "publishing", slot_at: slotAt, publish_started_at: now, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .where("slot_at", "is", null)
    .returningAll()
    .executeTakeFirst();

export const findPinById = (db: Db, id: number) =>
  db.selectFrom("pins").selectAll().where("id", "=", id).executeTakeFirst();

const finishCompiled = compiledPerColumns((db, values: PinUpdate, id: number, claimedAt?: number) =>
  db
    .updateTable("pins")
    .set(values)
    .where("id", "=", id)
    .where("status", "=", sql.lit("publishing"))
    .$if(claimedAt !== undefined, (q) => q.where("publish_started_at", "=", claimedAt as number))
    .returningAll(),
);

/**
 * Changes a pin that is still `publishing` under the claim it was published (or reconciled) from: the same
 * publish_started_at. The guard keeps a late answer from undoing a newer state, and a second reconciler
 * (another process's job) from settling a pin that was already settled and claimed again since. Compiled
 * once per set of columns: every published pin runs it.
 */
export const finishPin = (db: Db, id: number, claimedAt: number | null, values: PinUpdate) =>
  claimedAt === null ? finishCompiled(db, values, id) : finishCompiled(db, values, id, claimedAt);

/**
 * Pins left `publishing` before `startedBefore` (orphans of a crash, or calls that outlived their timeout);
 * every one when it is Infinity (PostgreSQL takes no Infinity for a BIGINT, so the bound is left out).
 */
export const findStalePublishing = (db: Db, startedBefore: number) =>
  db
    .selectFrom("pins")
    .selectAll()
    .where("status", "=", "publishing")
    .$if(Number.isFinite(startedBefore), (q) => q.where("publish_started_at", "<", startedBefore))
    .orderBy("publish_started_at")
    .execute();

export const isPinterestIdTaken = async (db: Db, pinterestPinId: string) =>
  (await db
    .selectFrom("pins")
    .select("id")
    .where("pinterest_pin_id", "=", pinterestPinId)
    .executeTakeFirst()) !== undefined;

export const pauseProfile = (db: Db, profileId: number, until: number) =>
  db.updateTable("profiles").set({ rate_limited_until: until }).where("id", "=", profileId).execute();

/**
 * Scheduled pins still waiting well after their time, and publishing calls past their lease. Held pins of
 * users who are not approved are not late: they wait on purpose.
 */
export const countOverdue = async (db: Db, scheduledBefore: number, publishingBefore: number) =>
  Number(
    (
      await db
        .selectFrom("pins")
        .select((eb) => eb.fn.countAll().as("n"))
        .where(ofApprovedUser)
        .where((eb) =>
          eb.or([
            eb.and([
              eb("status", "=", "scheduled"),
              eb("scheduled_at", "<", scheduledBefore),
              eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<", scheduledBefore)]),
            ]),
            eb.and([eb("status", "=", "publishing"), eb("publish_started_at", "<", publishingBefore)]),
          ]),
        )
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---- video pins: pin_videos (migration 0007) ----

/** The claim a worker holds: the pin is `publishing` since this instant. Video writes are conditional on it. */
export interface Claim {
  pinId: number;
  startedAt: number;
}

export const findPinVideo = (db: Db, pinId: number) =>
  db.selectFrom("pin_videos").selectAll().where("pin_id", "=", pinId).executeTakeFirst();

const stillClaimed = async (db: Db, claim: Claim) =>
  (await db
    .selectFrom("pins")
    .select("id")
    .where("id", "=", claim.pinId)
    .where("status", "=", "publishing")
    .where("publish_started_at", "=", claim.startedAt)
    .executeTakeFirst()) !== undefined;

/**
 * Writes a video pin's upload state, only while the pin is still `publishing` under this claim (a pin that
 * was reconciled, or claimed again by another worker, is not written by a late one). Replaces any earlier
 * row. Undefined when the claim was lost.
 */
export const savePinVideo = (db: Db, claim: Claim, values: Insertable<PinVideosTable>) =>
  db.transaction().execute(async (trx) => {
    if (!(await stillClaimed(trx, claim))) return undefined;
    await trx.deleteFrom("pin_videos").where("pin_id", "=", claim.pinId).execute();
    return trx.insertInto("pin_videos").values(values).returningAll().executeTakeFirstOrThrow();
  });

/** Changes the state row under the claim; undefined when the claim was lost. */
export const updatePinVideo = (db: Db, claim: Claim, values: Updateable<PinVideosTable>) =>
  db.transaction().execute(async (trx) => {
    if (!(await stillClaimed(trx, claim))) return undefined;
    return trx
      .updateTable("pin_videos")
      .set(values)
      .where("pin_id", "=", claim.pinId)
      .returningAll()
      .executeTakeFirst();
  });

/** Forgets a registration that cannot be used again (its upload was refused); false when the claim was lost. */
export const dropPinVideo = (db: Db, claim: Claim) =>
  db.transaction().execute(async (trx) => {
    if (!(await stillClaimed(trx, claim))) return false;
    await trx.deleteFrom("pin_videos").where("pin_id", "=", claim.pinId).execute();
    return true;
  });
