/**
 * Chaos: the webhook receiver is down for the whole publishing run, then comes up.
 * A webhook (pin.published, signed) points at a local port where nothing listens. 2 000 pins are due within
 * 20 s and published; every delivery fails (connection refused) and is retried with backoff; halfway
 * through, PinFlow is killed with SIGKILL and restarted. Once every pin is published and every delivery has
 * failed at least once, the receiver comes up. Then every delivery must arrive, exactly once per
 * X-Webhook-Id, with a valid signature; none may end `failed` and the webhook must not be paused.
 * Retry delays are shortened (PINFLOW_WEBHOOK_RETRY_DELAYS=1s,2s,4s,8s,15s,30s,30s,30s,30s,30s: about 3
 * minutes of retries, more than the outage) so the run takes minutes, not the default's 24 hours.
 *
 * Env: CHAOS_RECEIVER_PINS (default 2000).
 */
import { kill9, sleep, stop } from "../lib/proc";
import { BENCH_CONCURRENCY } from "../lib/publishing";
import { createReceiver } from "../lib/receiver";
import { saveResult } from "../lib/results";
import { insertPins, openDb, type PinSpec } from "../lib/seed";
import { createWorld } from "../lib/world";

const PINS = Number(process.env.CHAOS_RECEIVER_PINS ?? "2000");
const RETRY_DELAYS = "1s,2s,4s,8s,15s,30s,30s,30s,30s,30s";
const SECRET = "chaos-receiver-secret";

export interface ReceiverDownResult {
  pins: number;
  retryDelays: string;
  downSeconds: number;
  killedWhileDown: boolean;
  deliveries: number;
  failedAttemptsWhileDown: number;
  received: number;
  missing: number;
  duplicates: number;
  badSignatures: number;
  deliveredInDb: number;
  failedInDb: number;
  webhookPaused: boolean;
  catchUpSeconds: number;
}

const started = new Date();
const receiver = createReceiver(SECRET);
const world = await createWorld({
  name: "chaos-receiver",
  env: {
    PINFLOW_WEBHOOK_ALLOW_PRIVATE: "true",
    PINFLOW_WEBHOOK_RETRY_DELAYS: RETRY_DELAYS,
    PINFLOW_PUBLISH_CONCURRENCY: String(BENCH_CONCURRENCY),
  },
});
let result: ReceiverDownResult;
try {
  const created = await world.api("/webhooks", {
    method: "POST",
    body: JSON.stringify({ url: receiver.url, event: "pin.published", secret: SECRET }),
  });
  if (created.status !== 201) throw new Error(`POST /webhooks: ${created.status} ${await created.text()}`);
  const webhookId = ((await created.json()) as { id: number }).id;
  await world.stop();
  await world.emulator.faults({ latencyMs: 20 });
  const first = Date.now() + 4000;
  function* pins(): Generator<PinSpec> {
    for (let i = 0; i < PINS; i++) {
      yield {
        status: "scheduled",
        boardId: world.boards[i % 8] as string,
        title: `hooked ${i}`,
        scheduledAt: first + Math.floor((i * 20_000) / PINS),
      };
    }
  }
  insertPins(world.dataDir, pins());
  const downSince = Date.now();
  let server = await world.start();
  const db = openDb(world.dataDir);
  const q = (sql: string) => (db.query(sql).get(webhookId) as { n: number }).n;
  const published = () =>
    (db.query("SELECT count(*) AS n FROM pins WHERE status = 'published'").get() as { n: number }).n;

  // Halfway through publishing, with deliveries pending and failing: SIGKILL and start again.
  while (published() < PINS / 2) await sleep(200);
  world.pinflow = null;
  await kill9(server);
  server = await world.start();

  // Down until every pin is published and every delivery has failed at least once.
  for (;;) {
    await sleep(500);
    const total = q("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ?");
    const untried = q("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND attempts = 0");
    if (published() === PINS && total === PINS && untried === 0) break;
    if (Date.now() - downSince > 5 * 60_000)
      throw new Error("publishing did not finish while the receiver was down");
  }
  const failedAttemptsWhileDown = q(
    "SELECT coalesce(sum(attempts), 0) AS n FROM webhook_deliveries WHERE webhook_id = ?",
  );
  const downSeconds = Math.round((Date.now() - downSince) / 1000);
  console.log(`receiver down for ${downSeconds} s, ${failedAttemptsWhileDown} failed attempts; starting it`);
  receiver.start();
  const upAt = Date.now();
  for (;;) {
    await sleep(500);
    const open = q(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND status IN ('pending', 'delivering')",
    );
    if (open === 0) break;
    if (Date.now() - upAt > 5 * 60_000) break;
  }
  const catchUpSeconds = Math.round((Date.now() - upAt) / 1000);
  await sleep(2000); // anything still on its way would show up as a duplicate
  const ids = db
    .query("SELECT message_id FROM webhook_deliveries WHERE webhook_id = ?")
    .all(webhookId) as Array<{ message_id: string }>;
  const paused =
    (db.query("SELECT is_active FROM webhooks WHERE id = ?").get(webhookId) as { is_active: number })
      .is_active === 0;
  result = {
    pins: PINS,
    retryDelays: RETRY_DELAYS,
    downSeconds,
    killedWhileDown: true,
    deliveries: ids.length,
    failedAttemptsWhileDown,
    received: receiver.unique(),
    missing: ids.filter((r) => !receiver.arrivals.has(r.message_id)).length,
    duplicates: receiver.duplicates(),
    badSignatures: receiver.badSignatures,
    deliveredInDb: q(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND status = 'delivered'",
    ),
    failedInDb: q("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND status = 'failed'"),
    webhookPaused: paused,
    catchUpSeconds,
  };
  db.close();
  console.log(JSON.stringify(result, null, 2));
} finally {
  receiver.stop();
  await world.stop();
  await stop(world.emulator.server);
  (await import("../lib/proc")).cleanup();
}
saveResult<ReceiverDownResult>(
  "chaos-receiver",
  "npm run chaos (bun bench/chaos/receiver-down.ts)",
  started,
  result,
);
