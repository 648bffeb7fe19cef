/** A complete PinFlow for tests: real migrations on an in-memory DB, a fake clock, no listening. */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../app";
import { type Config, parseConfig } from "../config";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { buildDeps } from "../deps";
import type { Ids } from "../shared/ids";
import { createMemoryLogger } from "../shared/log";
import type { Resolve } from "../webhooks/webhooks.ssrf";
import { createTestClock } from "./clock";
import { requester } from "./request";

export { requester };

export interface TestAppOptions {
  now?: string | number;
  env?: Record<string, string>;
  config?: Partial<Config>;
  ids?: Ids;
  /** How long a Pinterest call may take before it counts as lost (default 30 s). */
  pinterestTimeoutMs?: number;
  /** DNS for webhook targets; tests inject a fake so nothing is ever looked up for real. */
  resolve?: Resolve;
}

export function createTestDeps(opts: TestAppOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pinflow-test-"));
  mkdirSync(join(dataDir, "uploads"));
  const config = { ...parseConfig({ PINFLOW_DATA_DIR: dataDir, ...opts.env }), ...opts.config };
  const database = openDatabase(":memory:");
  migrate(database.raw);
  const clock = createTestClock(opts.now);
  const { logger, lines } = createMemoryLogger();
  const deps = buildDeps({
    config,
    db: database.db,
    raw: database.raw,
    log: logger,
    clock,
    ids: opts.ids,
    pinterestTimeoutMs: opts.pinterestTimeoutMs,
    resolve: opts.resolve,
    masterSecret: "test-master-secret-that-is-long-enough-0123456789",
  });
  return { deps, clock, logs: lines, dataDir, close: () => database.close() };
}

export function createTestApp(opts: TestAppOptions = {}) {
  const t = createTestDeps(opts);
  const app = createApp(t.deps);
  return { ...t, app, request: requester(app) };
}
