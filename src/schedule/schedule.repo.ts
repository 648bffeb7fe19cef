import { sql } from "kysely";
import { compiledAll } from "../db/compiled";
import type { Db } from "../db/database";
import { asFlag } from "../db/sql";

/** Profiles' schedules with what computing them needs: their user's time zone and standing. */
const profileSchedules = (db: Db) =>
  db
    .selectFrom("profiles")
    .innerJoin("users", "users.id", "profiles.user_id")
    .select([
      "profiles.id as profile_id",
      "profiles.user_id",
      "profiles.posting_slots",
      "profiles.min_spacing_days",
      "profiles.slot_cursor",
      "profiles.rate_limited_until",
      "users.timezone",
      "users.status as user_status",
    ]);

/** A profile's schedule, and its queue_version (the plan's cache key). */
export const findProfileSchedule = (db: Db, profileId: number) =>
  profileSchedules(db)
    .select("profiles.queue_version")
    .where("profiles.id", "=", profileId)
    .executeTakeFirst();

export type ProfileScheduleRow = NonNullable<Awaited<ReturnType<typeof findProfileSchedule>>>;

const slottedCompiled = compiledAll((db) =>
  profileSchedules(db).where("profiles.posting_slots", "!=", sql.lit("[]")),
);

/** Every profile that has slots (the slot publisher looks at these each tick: compiled once). */
export const listSlottedProfiles = async (db: Db) =>
  (await slottedCompiled(db)).rows as Array<Omit<ProfileScheduleRow, "queue_version">>;

export const saveSchedule = (
  db: Db,
  profileId: number,
  values: { posting_slots: string; min_spacing_days: number; slot_cursor: number | null },
) => db.updateTable("profiles").set(values).where("id", "=", profileId).execute();

/** Moves the cursor from the value it was read at; false when another claim moved it first. */
export const advanceCursor = async (db: Db, profileId: number, seen: number | null, to: number) =>
  Number(
    (
      await db
        .updateTable("profiles")
        .set({ slot_cursor: to })
        .where("id", "=", profileId)
        .where((eb) => (seen === null ? eb("slot_cursor", "is", null) : eb("slot_cursor", "=", seen)))
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

const queuedColumns = ["id", "link", "media_url", "slot_at", "next_attempt_at"] as const;

/** The profile's queued pins in queue order (what the plan places). */
export const listQueued = (db: Db, profileId: number) =>
  db
    .selectFrom("pins")
    .select(queuedColumns)
    .where("profile_id", "=", profileId)
    .where("status", "=", "queued")
    .orderBy("sort_order")
    .orderBy("id")
    .execute();

/** The next queued pins in queue order that have not had a slot yet, after position (sort_order, id). */
export const listQueuedWithoutSlot = (
  db: Db,
  profileId: number,
  limit: number,
  after?: { sort_order: number; id: number },
) =>
  db
    .selectFrom("pins")
    .select([...queuedColumns, "sort_order"])
    .where("profile_id", "=", profileId)
    .where("status", "=", "queued")
    .where("slot_at", "is", null)
    .$if(after !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb("sort_order", ">", (after as { sort_order: number }).sort_order),
          eb.and([
            eb("sort_order", "=", (after as { sort_order: number }).sort_order),
            eb("id", ">", (after as { id: number }).id),
          ]),
        ]),
      ),
    )
    .orderBy("sort_order")
    .orderBy("id")
    .limit(limit)
    .execute();

/**
 * Pins of the profile whose time is fixed within [from, to): published, being published, scheduled. `at` is
 * when it went (or goes) out.
 */
export async function listFixedBetween(db: Db, profileId: number, from: number, to: number) {
  const inStatus = (status: "published" | "scheduled", column: "published_at" | "scheduled_at") =>
    db
      .selectFrom("pins")
      .select(["id", "link", "media_url", `${column} as at`])
      .where("profile_id", "=", profileId)
      .where("status", "=", status)
      .where(column, ">=", from)
      .where(column, "<", to)
      .execute();
  const [published, scheduled, publishing] = await Promise.all([
    inStatus("published", "published_at"),
    inStatus("scheduled", "scheduled_at"),
    db
      .selectFrom("pins")
      .select(["id", "link", "media_url", "publish_started_at as at"])
      .where("profile_id", "=", profileId)
      .where("status", "=", "publishing")
      .execute(),
  ]);
  return [...published, ...scheduled, ...publishing].map((p) => ({ ...p, at: p.at as number }));
}

/** Pins that took a slot occurrence in [from, to) (for the occurrences already used up). */
export const listSlotTakers = (db: Db, profileId: number, from: number, to: number) =>
  db
    .selectFrom("pins")
    .select(["id", "slot_at"])
    .where("profile_id", "=", profileId)
    .where("slot_at", ">=", from)
    .where("slot_at", "<", to)
    .orderBy("slot_at")
    .orderBy("id")
    .execute();

/** Scheduled pins of the profile in [from, to) (for the volume warnings). */
export const listScheduledTimes = async (db: Db, profileId: number, from: number, to: number) =>
  (
    await db
      .selectFrom("pins")
      .select("scheduled_at")
      .where("profile_id", "=", profileId)
      .where("status", "=", "scheduled")
      .where("scheduled_at", ">=", from)
      .where("scheduled_at", "<", to)
      .execute()
  ).map((r) => r.scheduled_at as number);

export type ListedSlottedProfile = Awaited<ReturnType<typeof listSlottedProfiles>>[number];

/** The user's profile ids, each with whether it has posting slots. */
export const listProfileSlotFlags = (db: Db, userId: number) =>
  db
    .selectFrom("profiles")
    .select(["id", (eb) => asFlag(eb("posting_slots", "!=", "[]")).as("slotted")])
    .where("user_id", "=", userId)
    .execute();
