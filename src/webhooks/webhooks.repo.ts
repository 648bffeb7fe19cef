import { type Insertable, sql, type Updateable } from "kysely";
import { compiledAll, compiledOnce } from "../db/compiled";
import type { Db } from "../db/database";
import type { WebhookDeliveriesTable, WebhookDelivery, WebhookEvent, WebhooksTable } from "../db/schema";
import { amongJsonTexts, skipLocked } from "../db/sql";

const withProfile = (db: Db) =>
  db
    .selectFrom("webhooks")
    .innerJoin("profiles", "profiles.id", "webhooks.profile_id")
    .selectAll("webhooks")
    .select(["profiles.pinterest_user_id", "profiles.pinterest_username"]);

export type WebhookRow = NonNullable<Awaited<ReturnType<typeof findWebhook>>>;

export const findWebhook = (db: Db, userId: number, id: number) =>
  withProfile(db).where("webhooks.id", "=", id).where("webhooks.user_id", "=", userId).executeTakeFirst();

export const findWebhookById = (db: Db, id: number) =>
  db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();

export const listWebhooks = (db: Db, userId: number, profileId: number) =>
  withProfile(db)
    .where("webhooks.user_id", "=", userId)
    .where("webhooks.profile_id", "=", profileId)
    .orderBy("webhooks.id")
    .execute();

export const countWebhooks = async (db: Db, userId: number) =>
  Number(
    (
      await db
        .selectFrom("webhooks")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertWebhook = (db: Db, values: Insertable<WebhooksTable>) =>
  db.insertInto("webhooks").values(values).returning("id").executeTakeFirstOrThrow();

export const updateWebhook = (db: Db, id: number, values: Updateable<WebhooksTable>) =>
  db.updateTable("webhooks").set(values).where("id", "=", id).execute();

export const deleteWebhook = (db: Db, id: number) => db.deleteFrom("webhooks").where("id", "=", id).execute();

export const listDeliveries = (db: Db, webhookId: number, limit: number) =>
  db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("webhook_id", "=", webhookId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();

export const findDelivery = (db: Db, webhookId: number, id: number) =>
  db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("webhook_id", "=", webhookId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertDelivery = (db: Db, values: Insertable<WebhookDeliveriesTable>) =>
  db.insertInto("webhook_deliveries").values(values).returningAll().executeTakeFirstOrThrow();

/** The updated delivery, or undefined when it no longer exists (its webhook was deleted). */
export const updateDelivery = (db: Db, id: number, values: Updateable<WebhookDeliveriesTable>) =>
  db.updateTable("webhook_deliveries").set(values).where("id", "=", id).returningAll().executeTakeFirst();

/** Queues a delivery to be sent again now with fresh attempts, unless it is in flight (then undefined). */
export const requeueDelivery = (db: Db, id: number, now: number) =>
  db
    .updateTable("webhook_deliveries")
    .set({ status: "pending", attempts: 0, next_attempt_at: now })
    .where("id", "=", id)
    .where("status", "!=", "delivering")
    .returningAll()
    .executeTakeFirst();

/**
 * Claims the oldest due delivery of an active webhook: pending → delivering, atomically. On PostgreSQL the
 * candidate is locked with SKIP LOCKED, so workers of several processes each take a different delivery
 * instead of all waiting on the first one.
 */
const claimDueCompiled = compiledOnce(
  (db, attemptAt: number, dueBy: number) =>
    db
      .updateTable("webhook_deliveries")
      .set({ status: sql.lit("delivering"), last_attempt_at: attemptAt })
      .where("status", "=", sql.lit("pending"))
      .where("id", "=", (eb) =>
        skipLocked(
          db,
          eb
            .selectFrom("webhook_deliveries as d")
            .innerJoin("webhooks", "webhooks.id", "d.webhook_id")
            .select("d.id")
            .where("d.status", "=", sql.lit("pending"))
            .where("d.next_attempt_at", "<=", dueBy)
            .where("webhooks.is_active", "=", sql.lit(1))
            .orderBy("d.next_attempt_at")
            .orderBy("d.id")
            .limit(sql.lit(1)),
          "d",
        ),
      )
      .returningAll(),
  -1,
  -2,
);

/** Compiled once: every delivery worker asks on every tick, most often finding nothing. */
export const claimDueDelivery = (db: Db, now: number) =>
  claimDueCompiled(db, now, now) as Promise<WebhookDelivery | undefined>;

/**
 * Deliveries caught mid-send go back to pending (receivers dedupe on X-Webhook-Id): at start-up every one
 * (one process: none of them can still be in flight), or those whose attempt began before `attemptedBefore`
 * (several processes: a delivery in flight in another one is younger than that).
 */
export const releaseInterrupted = (db: Db, attemptedBefore?: number) =>
  db
    .updateTable("webhook_deliveries")
    .set({ status: "pending" })
    .where("status", "=", "delivering")
    .$if(attemptedBefore !== undefined, (q) =>
      q.where((eb) =>
        eb.or([eb("last_attempt_at", "is", null), eb("last_attempt_at", "<", attemptedBefore as number)]),
      ),
    )
    .executeTakeFirst();

export const countBacklog = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom("webhook_deliveries")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("status", "in", ["pending", "delivering"])
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Webhooks of a profile that take one of `events`: active ones, and those paused automatically (a failing
 * receiver), which keep collecting events to deliver once resumed; one the user paused on purpose does not.
 * Compiled once: asked for every pin change (the events travel as one JSON parameter).
 */
const listeningCompiled = compiledAll(
  (db, profileId: number, eventsJson: string) =>
    db
      .selectFrom("webhooks")
      .select(["id", "event"])
      .where("profile_id", "=", profileId)
      .where(amongJsonTexts(db, "event", eventsJson))
      .where((eb) => eb.or([eb("is_active", "=", sql.lit(1)), eb("paused_reason", "is not", null)]))
      .orderBy("id"),
  -1,
  "[-2]",
);

export const listListeningWebhooks = async (db: Db, profileId: number, events: WebhookEvent[]) =>
  (await listeningCompiled(db, profileId, JSON.stringify(events))).rows as Array<{
    id: number;
    event: WebhookEvent;
  }>;

export const insertDeliveries = (db: Db, rows: Insertable<WebhookDeliveriesTable>[]) =>
  db.insertInto("webhook_deliveries").values(rows).execute();
