/**
 * THE list of scheduled jobs, each with a stable name (shown in /admin/jobs and runnable from there).
 * Jobs call services, never repos. This file is wiring: it may import any feature; nothing but
 * runtime.ts imports it.
 */
import { syncAnalytics } from "../analytics/analytics.sync";
import { purgeExpiredAuth } from "../auth/auth.service";
import { purgeRateCounters } from "../db/rate-counters";
import type { Deps } from "../deps";
import { pollChanges, pruneChanges } from "../events/events.service";
import { pollDueFeeds } from "../feeds/feeds.poll";
import { purgeExpiredKeys } from "../idempotency/idempotency.service";
import { refreshExpiringTokens } from "../profiles/profiles.tokens";
import type { Publisher } from "../publishing/publishing.pool";
import { removeUnusedUploads } from "../uploads/uploads.service";
import { deliverDue } from "../webhooks/webhooks.delivery";
import { releaseStaleDeliveries } from "../webhooks/webhooks.service";
import type { JobDefinition } from "./scheduler";

/** What a job runs with: the services' dependencies, the publisher, and the database's own upkeep. */
export interface JobContext {
  deps: Deps;
  publisher: Publisher;
  optimizeDatabase(): Promise<void>;
}

export const JOBS: ReadonlyArray<JobDefinition<JobContext>> = [
  {
    name: "publish",
    description: "Publishes due pins (scheduled ones whose time has come, then the queue).",
    schedule: "tick",
    run: ({ publisher }) => publisher.tick(),
  },
  {
    name: "deliver-webhooks",
    description: "Sends due webhook deliveries from the outbox.",
    schedule: "tick",
    run: ({ deps }) => deliverDue(deps),
  },
  {
    name: "poll-feeds",
    description:
      "Reads the feeds that are due (each every PINFLOW_FEED_POLL_INTERVAL, backing off on failure) and turns their new items into pins.",
    schedule: "tick",
    run: ({ deps }) => pollDueFeeds(deps),
  },
  {
    name: "live-updates",
    description:
      "Sends new changes to this process's open GET /events streams (reads nothing while none is open); every process runs it for its own streams.",
    schedule: "tick",
    run: ({ deps }) => pollChanges(deps),
  },
  {
    name: "change-feed-prune",
    description: "Keeps the newest 10,000 changes for GET /events clients that reconnect.",
    schedule: "0 * * * * *",
    oncePerInterval: true,
    run: ({ deps }) => pruneChanges(deps),
  },
  {
    name: "reconcile",
    description:
      "Checks pins left publishing past their lease against Pinterest, and sends again webhook deliveries left delivering past theirs.",
    schedule: "*/30 * * * * *",
    oncePerInterval: true,
    run: async ({ deps, publisher }) => {
      const pins = await publisher.reconcileOrphans();
      return { pins: pins.length, deliveries: await releaseStaleDeliveries(deps) };
    },
  },
  {
    name: "refresh-tokens",
    description: "Refreshes Pinterest tokens ahead of expiry and keeps every new refresh token.",
    schedule: "*/15 * * * *",
    oncePerInterval: true,
    run: ({ deps }) => refreshExpiringTokens(deps),
  },
  {
    name: "analytics",
    description:
      "Fetches Pinterest's daily pin and account analytics once a day from 00:00 UTC, spread over about an hour, resuming where it stopped.",
    schedule: "* * * * *",
    oncePerInterval: true,
    run: ({ deps }) => syncAnalytics(deps),
  },
  {
    name: "housekeeping",
    description: "Deletes expired sessions, sign-in states, idempotency keys and old rate-limit counters.",
    schedule: "7 * * * *",
    oncePerInterval: true,
    run: async ({ deps }) => {
      const auth = await purgeExpiredAuth(deps);
      const keys = await purgeExpiredKeys(deps);
      const rateCounters = await purgeRateCounters(deps.db, deps.clock.now() - 3_600_000);
      return { ...auth, idempotency_keys: keys, rate_counters: rateCounters };
    },
  },
  {
    name: "uploads-cleanup",
    description:
      "Removes uploads no pin has referenced for 30 days (and notes which uploads pins still use).",
    schedule: "37 3 * * *",
    oncePerInterval: true,
    run: ({ deps }) => removeUnusedUploads(deps),
  },
  {
    name: "db-optimize",
    description:
      "Refreshes the database's query-planner statistics (SQLite: PRAGMA optimize; PostgreSQL: ANALYZE).",
    schedule: "17 3 * * *",
    oncePerInterval: true,
    run: ({ optimizeDatabase }) => optimizeDatabase(),
  },
];
