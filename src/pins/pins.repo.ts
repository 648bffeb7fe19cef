import { type ExpressionBuilder, sql } from "kysely";
import { compiledOnce, compiledPerColumns } from "../db/compiled";
import type { Db } from "../db/database";
import type { DB, NewPin, PinStatus, PinUpdate, PinVideoState } from "../db/schema";
import { asFlag, containsIgnoringCase } from "../db/sql";
import { LOCKED_STATUSES } from "../shared/pin-status";
import type { ListPinsFilter } from "./pins.schema";

/** A video pin's upload state (pin_videos, migration 0007), null for the others: every pin object says it. */
const videoState = (eb: ExpressionBuilder<DB, "pins">) =>
  eb
    .selectFrom("pin_videos")
    .select("pin_videos.state")
    .whereRef("pin_videos.pin_id", "=", "pins.id")
    .$castTo<PinVideoState | null>()
    .as("video_state");

/** A pin row with its profile's Pinterest identity, which every pin object carries. */
const withProfile = (db: Db) =>
  db
    .selectFrom("pins")
    .innerJoin("profiles", "profiles.id", "pins.profile_id")
    .selectAll("pins")
    .select(["profiles.pinterest_user_id", "profiles.pinterest_username"])
    .select(videoState);

export type PinRow = NonNullable<Awaited<ReturnType<ReturnType<typeof withProfile>["executeTakeFirst"]>>>;

/**
 * The same row for a single pin, with the identity read by subqueries: bun:sqlite answers a one-row
 * JOIN about ten times slower than the equivalent subqueries (≈35 µs against ≈3 µs), and this lookup
 * runs on every pin route.
 */
const findPinById = compiledOnce(
  (db, id: number, userId: number) =>
    db
      .selectFrom("pins")
      .selectAll("pins")
      .select((eb) => [
        eb
          .selectFrom("profiles")
          .select("profiles.pinterest_user_id")
          .whereRef("profiles.id", "=", "pins.profile_id")
          .$castTo<string>()
          .as("pinterest_user_id"),
        eb
          .selectFrom("profiles")
          .select("profiles.pinterest_username")
          .whereRef("profiles.id", "=", "pins.profile_id")
          .$castTo<string>()
          .as("pinterest_username"),
        videoState(eb),
      ])
      .where("pins.id", "=", id)
      .where("pins.user_id", "=", userId),
  -1,
  -2,
);

export const findPin = (db: Db, userId: number, id: number) =>
  findPinById(db, id, userId) as Promise<PinRow | undefined>;

export const findPinsByIds = (db: Db, userId: number, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : withProfile(db).where("pins.user_id", "=", userId).where("pins.id", "in", ids).execute();

const SORTS = {
  newest: [["pins.id", "desc"]],
  queue: [
    ["pins.sort_order", "asc"],
    ["pins.id", "asc"],
  ],
  scheduled: [
    ["pins.scheduled_at", "asc"],
    ["pins.id", "asc"],
  ],
} as const;

type PinQuery = ReturnType<typeof withProfile>;

/** The list's filters. They read only `pins` columns, so the count can run them on `pins` alone. */
function filtered(
  db: Db,
  userId: number,
  f: Omit<ListPinsFilter, "limit" | "offset" | "sort">,
  base: PinQuery = withProfile(db),
) {
  let q = base.where("pins.user_id", "=", userId);
  if (f.status) q = q.where("pins.status", "=", f.status);
  if (f.board_id) q = q.where("pins.board_id", "=", f.board_id);
  if (f.profile_id) q = q.where("pins.profile_id", "=", f.profile_id);
  if (f.title) q = q.where(containsIgnoringCase(db, "pins.title", f.title));
  if (f.collection_id) {
    const inCollection = (eb: ExpressionBuilder<DB, "pins">) =>
      eb.exists(
        eb
          .selectFrom("collection_pins")
          .select("collection_pins.pin_id")
          .whereRef("collection_pins.pin_id", "=", "pins.id")
          .where("collection_pins.collection_id", "=", f.collection_id as number),
      );
    q = q.where(inCollection);
  }
  return q;
}

/**
 * Every match of the filters, in queue position, reduced to what ordering by publishing time needs
 * (`slotted`: the pin's profile has posting slots).
 */
export const listPinOrderKeys = (db: Db, userId: number, f: ListPinsFilter) =>
  filtered(db, userId, f)
    .clearSelect()
    .select(["pins.id", "pins.profile_id", "pins.status"])
    .select((eb) => asFlag(eb("profiles.posting_slots", "!=", "[]")).as("slotted"))
    .orderBy("pins.sort_order")
    .orderBy("pins.id")
    .execute();

/** Ids of the queued pins of these profiles in queue order (the first `limit`). */
export const listQueuedIdsOf = async (db: Db, profileIds: number[], limit: number) =>
  profileIds.length === 0
    ? []
    : (
        await db
          .selectFrom("pins")
          .select("id")
          .where("profile_id", "in", profileIds)
          .where("status", "=", "queued")
          .orderBy("sort_order")
          .orderBy("id")
          .limit(limit)
          .execute()
      ).map((r) => r.id);

export function listPins(db: Db, userId: number, f: ListPinsFilter) {
  let q = filtered(db, userId, f);
  for (const [column, direction] of SORTS[f.sort]) {
    // scheduled_at may be NULL: NULLS FIRST spelled out, as SQLite orders them and PostgreSQL does not
    // (unscheduled pins lead the "scheduled" order on both). Only there: on a NOT NULL column the clause
    // keeps PostgreSQL from reading the (user_id, status, id) index backwards, and it sorts every match.
    q =
      column === "pins.scheduled_at"
        ? q.orderBy(column, (ob) => ob.asc().nullsFirst())
        : q.orderBy(column, direction);
  }
  return q.limit(f.limit).offset(f.offset).execute();
}

/**
 * Counted without the join to profiles: every pin has exactly one profile (NOT NULL, foreign key, cascade),
 * so the number is the same, and SQLite can count from the (user_id, status, id) index alone instead of
 * reading every matching row — at 100 000 pins the joined count cost tens of ms per GET /pins.
 */
export async function countPins(db: Db, userId: number, f: ListPinsFilter) {
  const row = await filtered(db, userId, f, db.selectFrom("pins") as unknown as PinQuery)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const listPinsInRange = (db: Db, userId: number, from: number, to: number, profileId?: number) => {
  let q = withProfile(db)
    .where("pins.user_id", "=", userId)
    .where((eb) =>
      eb.or([
        eb.and([eb("pins.scheduled_at", ">=", from), eb("pins.scheduled_at", "<", to)]),
        eb.and([eb("pins.published_at", ">=", from), eb("pins.published_at", "<", to)]),
      ]),
    );
  if (profileId) q = q.where("pins.profile_id", "=", profileId);
  return q.orderBy(sql`coalesce(pins.published_at, pins.scheduled_at)`).orderBy("pins.id").execute();
};

/** Compiled once per set of columns: every create runs it. */
const insertCompiled = compiledPerColumns((db, values: NewPin) =>
  db.insertInto("pins").values(values).returningAll(),
);

export const insertPin = async (db: Db, values: NewPin) => {
  const row = await insertCompiled(db, values);
  if (!row) throw new Error("the pin insert returned no row");
  return row;
};

/**
 * Every write that changes a pin is conditional on the status it was decided from: a pin the publisher
 * claimed in the meantime no longer matches, so the write changes nothing and returns undefined.
 */
export const updatePinIfStatus = (db: Db, id: number, seen: PinStatus, values: PinUpdate) =>
  db
    .updateTable("pins")
    .set(values)
    .where("id", "=", id)
    .where("status", "=", seen)
    .returning("id")
    .executeTakeFirst();

/** Deletes the pin unless it is publishing or published; undefined when nothing was deleted. */
export const deletePinUnlessLocked = (db: Db, userId: number, id: number) =>
  db
    .deleteFrom("pins")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("status", "not in", LOCKED_STATUSES)
    .returning("id")
    .executeTakeFirst();

/** Deletes the user's pins among `ids`, except those publishing or published; returns how many. */
export async function deletePins(db: Db, userId: number, ids: number[]) {
  if (ids.length === 0) return 0;
  const result = await db
    .deleteFrom("pins")
    .where("user_id", "=", userId)
    .where("id", "in", ids)
    .where("status", "not in", LOCKED_STATUSES)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Moves one of the user's pins to queue position `position`, unless it is locked; true when it moved. */
export const setSortOrderUnlessLocked = async (
  db: Db,
  userId: number,
  id: number,
  position: number,
  now: number,
) =>
  (await db
    .updateTable("pins")
    .set({ sort_order: position, updated_at: now })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("status", "not in", LOCKED_STATUSES)
    .returning("id")
    .executeTakeFirst()) !== undefined;

/** The next queue position for a user: after every pin already queued. */
export async function nextSortOrder(db: Db, userId: number) {
  const row = await db
    .selectFrom("pins")
    .select((eb) => eb.fn.max("sort_order").as("max"))
    .where("user_id", "=", userId)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Per user, how many pins wait to be published (queued or scheduled). */
export const countWaitingByUser = (db: Db, userIds: number[]) =>
  userIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("pins")
        .select(["user_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("user_id", "in", userIds)
        .where("status", "in", ["queued", "scheduled"])
        .groupBy("user_id")
        .execute();
