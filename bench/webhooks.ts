/**
 * Webhook benchmark, against a local receiver (bench/lib/receiver.ts) with PINFLOW_WEBHOOK_ALLOW_PRIVATE=true:
 * A. 10 000 pending deliveries in the outbox and nothing else to do: deliveries/s.
 * B. 10 000 pins due within one minute (as in the scheduler benchmark), and 15 s in, 10 000 deliveries
 *    added to the outbox: lateness of the pins due before, while and after the deliveries drain, side by
 *    side — publishing must not notice them.
 * Deliveries are written straight into webhook_deliveries (the outbox), shaped like real pin.created events,
 * for a webhook created through the API; every arrival is checked for its signature and counted by
 * X-Webhook-Id, so a delivery that arrived twice would show.
 */

import { cleanup, sleep, stop } from "./lib/proc";
import {
  BENCH_CONCURRENCY as CONCURRENCY,
  BENCH_LATENCY_MS as LATENCY_MS,
  publishRun,
} from "./lib/publishing";
import { createReceiver } from "./lib/receiver";
import { saveResult } from "./lib/results";
import { injectDeliveries } from "./lib/seed";
import { type Summary, summarize } from "./lib/stats";
import { createWorld } from "./lib/world";

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? "10000");
const DUE = Number(process.env.BENCH_WEBHOOK_PINS ?? "10000");
const INJECT_AFTER_MS = 15_000;
const SECRET = "bench-webhook-secret";

export interface DrainFigures {
  deliveries: number;
  received: number;
  duplicates: number;
  badSignatures: number;
  /** From start-up (A) or from being added to the outbox (B) to the last arrival. */
  drainMs: number;
  firstArrivalMs: number;
  perSecond: number;
}

export interface WebhookResult {
  alone: DrainFigures;
  withPublishing: DrainFigures & {
    due: number;
    concurrency: number;
    emulatorLatencyMs: number;
    injectedAtMs: number;
    publishedPins: number;
    failedPins: number;
    duplicatePins: number;
    lateness: { before: Summary; during: Summary; after: Summary; all: Summary };
  };
}

const started = new Date();
const receiver = createReceiver(SECRET);
receiver.start();
const world = await createWorld({ name: "webhooks", env: { PINFLOW_WEBHOOK_ALLOW_PRIVATE: "true" } });

async function waitForArrivals(prefix: string, n: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const count = () => [...receiver.arrivals.keys()].filter((k) => k.startsWith(prefix)).length;
  while (count() < n && Date.now() < deadline) await sleep(100);
  const times = [...receiver.arrivals.entries()].filter(([k]) => k.startsWith(prefix)).flatMap(([, t]) => t);
  return { count: count(), last: Math.max(0, ...times), first: Math.min(...times) };
}

function figures(prefix: string, n: number, startedAt: number, last: number): DrainFigures {
  const mine = [...receiver.arrivals.entries()].filter(([k]) => k.startsWith(prefix));
  const drainMs = last - startedAt;
  return {
    deliveries: n,
    received: mine.length,
    duplicates: mine.reduce((d, [, t]) => d + t.length - 1, 0),
    badSignatures: receiver.badSignatures,
    drainMs,
    firstArrivalMs: Math.min(...mine.flatMap(([, t]) => t)) - startedAt,
    perSecond: mine.length / (drainMs / 1000),
  };
}

let result: WebhookResult;
try {
  const created = await world.api("/webhooks", {
    method: "POST",
    body: JSON.stringify({ url: receiver.url, event: "pin.created", secret: SECRET }),
  });
  if (created.status !== 201) throw new Error(`POST /webhooks: ${created.status} ${await created.text()}`);
  const webhookId = ((await created.json()) as { id: number }).id;

  // A. deliveries alone
  await world.stop();
  injectDeliveries(world.dataDir, webhookId, DELIVERIES, "alone");
  const t0 = Date.now();
  await world.start();
  const a = await waitForArrivals("msg_alone_", DELIVERIES, 300_000);
  const alone = figures("msg_alone_", DELIVERIES, t0, a.last);
  console.log(
    `alone: ${alone.received}/${DELIVERIES} in ${(alone.drainMs / 1000).toFixed(1)} s (${alone.perSecond.toFixed(0)}/s from start-up), duplicates ${alone.duplicates}`,
  );

  // B. the same while 10k pins are due within the minute
  let injectedAt = 0;
  const run = await publishRun(world, {
    tag: "webhook-bench",
    due: DUE,
    concurrency: CONCURRENCY,
    emulatorLatencyMs: LATENCY_MS,
    env: { PINFLOW_WEBHOOK_ALLOW_PRIVATE: "true" },
    during: async (firstDue) => {
      await sleep(Math.max(0, firstDue + INJECT_AFTER_MS - Date.now()));
      injectedAt = Date.now();
      injectDeliveries(world.dataDir, webhookId, DELIVERIES, "during");
      await waitForArrivals("msg_during_", DELIVERIES, 300_000);
    },
  });
  const b = await waitForArrivals("msg_during_", DELIVERIES, 1);
  const firstDue = Math.min(...run.rows.map((r) => r.scheduledAt));
  const inWindow = (from: number, to: number) =>
    summarize(
      run.rows
        .filter((r) => r.publishedAt !== null && r.scheduledAt >= from && r.scheduledAt < to)
        .map((r) => (r.publishedAt as number) - r.scheduledAt),
    );
  const during = figures("msg_during_", DELIVERIES, injectedAt, b.last);
  result = {
    alone,
    withPublishing: {
      ...during,
      due: DUE,
      concurrency: CONCURRENCY,
      emulatorLatencyMs: LATENCY_MS,
      injectedAtMs: injectedAt - firstDue,
      publishedPins: run.published,
      failedPins: run.failed,
      duplicatePins: run.duplicatesOnPinterest,
      lateness: {
        before: inWindow(firstDue, injectedAt),
        during: inWindow(injectedAt, b.last),
        after: inWindow(b.last, Number.POSITIVE_INFINITY),
        all: run.latenessMs,
      },
    },
  };
  const l = result.withPublishing.lateness;
  console.log(
    `with publishing: ${during.received}/${DELIVERIES} in ${(during.drainMs / 1000).toFixed(1)} s (${during.perSecond.toFixed(0)}/s), duplicates ${during.duplicates}; lateness p99 before ${l.before.p99} during ${l.during.p99} after ${l.after.p99} ms`,
  );
} finally {
  receiver.stop();
  await world.stop();
  await stop(world.emulator.server);
  cleanup();
}

saveResult<WebhookResult>("webhooks", "npm run bench (bun bench/webhooks.ts)", started, result);
