/**
 * A local webhook receiver: counts deliveries by X-Webhook-Id (so a second arrival of the same message is
 * seen), checks each X-Webhook-Signature against the shared secret, and notes when each arrived. It can
 * be started, stopped (connections refused) and started again on the same port.
 */
import { createHmac } from "node:crypto";
import { freePort } from "./proc";

export interface Receiver {
  port: number;
  url: string;
  /** message id → arrival times (ms) */
  arrivals: Map<string, number[]>;
  badSignatures: number;
  total(): number;
  unique(): number;
  duplicates(): number;
  start(): void;
  stop(): void;
}

export function createReceiver(secret: string, port = freePort()): Receiver {
  let server: ReturnType<typeof Bun.serve> | null = null;
  const receiver: Receiver = {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    arrivals: new Map(),
    badSignatures: 0,
    total: () => [...receiver.arrivals.values()].reduce((n, a) => n + a.length, 0),
    unique: () => receiver.arrivals.size,
    duplicates: () => [...receiver.arrivals.values()].reduce((n, a) => n + a.length - 1, 0),
    start() {
      if (server) return;
      server = Bun.serve({
        hostname: "127.0.0.1",
        port,
        async fetch(req) {
          const body = await req.text();
          const id = req.headers.get("x-webhook-id") ?? "(none)";
          const expected = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
          if (req.headers.get("x-webhook-signature") !== expected) receiver.badSignatures++;
          const list = receiver.arrivals.get(id);
          if (list) list.push(Date.now());
          else receiver.arrivals.set(id, [Date.now()]);
          return new Response(null, { status: 204 });
        },
      });
    },
    stop() {
      server?.stop(true);
      server = null;
    },
  };
  return receiver;
}
