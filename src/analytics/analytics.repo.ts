import type { Expression, Insertable } from "kysely";
import type { Db } from "../db/database";
import type { AnalyticsSyncTable } from "../db/schema";
import { utcDatePlusDays } from "../db/sql";

/** One day's numbers as stored (and as Pinterest's four metrics map onto them). */
export interface MetricRow {
  date: string;
  impressions: number;
  saves: number;
  pin_clicks: number;
  outbound_clicks: number;
}

const METRICS = ["impressions", "saves", "pin_clicks", "outbound_clicks"] as const;

type SyncValues = Omit<Insertable<AnalyticsSyncTable>, "profile_id" | "updated_at">;

// ---- the daily job ----

/** Profiles the analytics job looks after: every connected one that is not waiting to be reconnected. */
export const listProfilesToSync = (db: Db) =>
  db.selectFrom("profiles").select(["id", "scopes"]).where("needs_reconnect", "=", 0).orderBy("id").execute();

export const findSync = (db: Db, profileId: number) =>
  db.selectFrom("analytics_sync").selectAll().where("profile_id", "=", profileId).executeTakeFirst();

/** Writes the job's state of a profile (created on first use). */
export const saveSync = (db: Db, profileId: number, values: SyncValues, now: number) =>
  db
    .insertInto("analytics_sync")
    .values({ ...values, profile_id: profileId, updated_at: now })
    .onConflict((oc) => oc.column("profile_id").doUpdateSet({ ...values, updated_at: now }))
    .execute();

/** Pins published on Pinterest in [since, before). */
const publishedBetween = (db: Db, profileId: number, since: number, before: number) =>
  db
    .selectFrom("pins")
    .where("profile_id", "=", profileId)
    .where("status", "=", "published")
    .where("pinterest_pin_id", "is not", null)
    .where("published_at", ">=", since)
    .where("published_at", "<", before);

/** The profile's pins published on Pinterest in [since, before), with an id above `afterId`, in id order. */
export const listPublishedPins = (
  db: Db,
  profileId: number,
  range: { since: number; before: number },
  afterId: number,
  limit: number,
) =>
  publishedBetween(db, profileId, range.since, range.before)
    .select(["id", "pinterest_pin_id", "published_at"])
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();

export const countPublishedPins = async (
  db: Db,
  profileId: number,
  range: { since: number; before: number },
) =>
  Number(
    (
      await publishedBetween(db, profileId, range.since, range.before)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The upsert's update: a day stored before takes the new numbers. */
const overwriteDay = (eb: {
  ref(column: `excluded.${(typeof METRICS)[number] | "fetched_at"}`): Expression<number>;
}) => ({
  impressions: eb.ref("excluded.impressions"),
  saves: eb.ref("excluded.saves"),
  pin_clicks: eb.ref("excluded.pin_clicks"),
  outbound_clicks: eb.ref("excluded.outbound_clicks"),
  fetched_at: eb.ref("excluded.fetched_at"),
});

/** Stores a pin's days; a day stored before is overwritten. */
export async function savePinDays(
  db: Db,
  pin: { profileId: number; pinId: number },
  days: MetricRow[],
  now: number,
) {
  if (days.length === 0) return;
  await db
    .insertInto("pin_metrics")
    .values(days.map((d) => ({ ...d, profile_id: pin.profileId, pin_id: pin.pinId, fetched_at: now })))
    .onConflict((oc) => oc.columns(["profile_id", "date", "pin_id"]).doUpdateSet(overwriteDay))
    .execute();
}

/** Stores the account's days; a day stored before is overwritten. */
export async function saveAccountDays(db: Db, profileId: number, days: MetricRow[], now: number) {
  if (days.length === 0) return;
  await db
    .insertInto("account_metrics")
    .values(days.map((d) => ({ ...d, profile_id: profileId, fetched_at: now })))
    .onConflict((oc) => oc.columns(["profile_id", "date"]).doUpdateSet(overwriteDay))
    .execute();
}

// ---- reading ----

/** One pin's stored days in [from, to], oldest first. */
export const pinDays = (db: Db, pinId: number, from: string, to: string) =>
  db
    .selectFrom("pin_metrics")
    .select(["date", ...METRICS])
    .where("pin_id", "=", pinId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .orderBy("date")
    .execute();

/** The profile's pins together, per day in [from, to]. */
export const dailyTotals = (db: Db, profileId: number, from: string, to: string) =>
  db
    .selectFrom("pin_metrics")
    .select((eb) => [
      "date",
      eb.fn.sum<number>("impressions").as("impressions"),
      eb.fn.sum<number>("saves").as("saves"),
      eb.fn.sum<number>("pin_clicks").as("pin_clicks"),
      eb.fn.sum<number>("outbound_clicks").as("outbound_clicks"),
    ])
    .where("profile_id", "=", profileId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .groupBy("date")
    .orderBy("date")
    .execute();

/** The account's stored days in [from, to]. */
export const accountDays = (db: Db, profileId: number, from: string, to: string) =>
  db
    .selectFrom("account_metrics")
    .select(["date", ...METRICS])
    .where("profile_id", "=", profileId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .orderBy("date")
    .execute();

/** The profile's published pins (`p`), each joined with its stored days (`m`). */
const publishedPinDays = (db: Db, profileId: number) =>
  db
    .selectFrom("pins as p")
    .innerJoin("pin_metrics as m", "m.pin_id", "p.id")
    .where("p.profile_id", "=", profileId)
    .where("p.status", "=", "published");

/**
 * Per published pin of the profile with numbers in [from, to]: its sums, and what the summary shows of the
 * pin. Driven by the profile's published pins, each a range of the covering index pin_metrics_pin.
 */
export const totalsByPin = (db: Db, profileId: number, from: string, to: string) =>
  publishedPinDays(db, profileId)
    .select((eb) => [
      "p.id as pin_id",
      "p.title",
      "p.media_url",
      "p.board_id",
      "p.published_at",
      eb.fn.sum<number>("m.impressions").as("impressions"),
      eb.fn.sum<number>("m.saves").as("saves"),
      eb.fn.sum<number>("m.pin_clicks").as("pin_clicks"),
      eb.fn.sum<number>("m.outbound_clicks").as("outbound_clicks"),
    ])
    .where("m.date", ">=", from)
    .where("m.date", "<=", to)
    .groupBy("p.id")
    .execute();

/**
 * Each published pin of the profile (published before `publishedBefore`) with what it earned in its first
 * `days` days: saves + pin clicks + outbound clicks, and how many of those days Pinterest had numbers for.
 */
export const earlyEngagement = (db: Db, profileId: number, publishedBefore: number, days: number) =>
  publishedPinDays(db, profileId)
    .select((eb) => [
      "p.id",
      "p.published_at",
      eb.fn
        .sum<number>(eb(eb("m.saves", "+", eb.ref("m.pin_clicks")), "+", eb.ref("m.outbound_clicks")))
        .as("engagement"),
      eb.fn.countAll<number>().as("days"),
    ])
    .where("p.published_at", "<", publishedBefore)
    .where("m.date", "<", utcDatePlusDays(db, "p.published_at", days))
    .groupBy("p.id")
    .execute();
