/**
 * A complete PinFlow for tests, built through the same composition root as `pinflow serve` (runtime.ts):
 * real migrations on an in-memory DB, a fake clock that also fires the scheduler's jobs, no listening.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../app";
import { type Config, parseConfig } from "../config";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";
import { buildDeps, type Deps } from "../deps";
import { type OpenApiDocument, openApiDocument } from "../docs/docs.openapi";
import { underBasePath } from "../http/base-path";
import { createRuntime } from "../runtime";
import type { Ids } from "../shared/ids";
import { createMemoryLogger } from "../shared/log";
import type { Resolve } from "../shared/net";
import { createTestClock } from "./clock";
import { timeoutWhenHeld } from "./gates";
import { requester } from "./request";
import { responseCheck } from "./response-validation";
import { createFakeTriggers } from "./triggers";

export { requester };

export interface TestAppOptions {
  now?: string | number;
  env?: Record<string, string>;
  config?: Partial<Config>;
  ids?: Ids;
  /** Pinterest calls time out the moment the emulator holds them (hang, lost answer), not after real time. */
  pinterestTimesOutWhenHeld?: boolean;
  /** DNS for webhook targets; tests inject a fake so nothing is ever looked up for real. */
  resolve?: Resolve;
  /** Check every response against /openapi.json (default true). */
  validateResponses?: boolean;
}

export function createTestDeps(opts: TestAppOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pinflow-test-"));
  mkdirSync(join(dataDir, "uploads"));
  const config = { ...parseConfig({ PINFLOW_DATA_DIR: dataDir, ...opts.env }), ...opts.config };
  const database = openDatabase(":memory:");
  migrate(database.raw);
  const clock = createTestClock(opts.now);
  const { logger, lines, next: nextLog } = createMemoryLogger();
  const deadline = opts.pinterestTimesOutWhenHeld ? timeoutWhenHeld(() => deps.emulator) : undefined;
  const deps: Deps = buildDeps({
    config,
    db: database.db,
    log: logger,
    clock,
    ids: opts.ids,
    pinterestDeadline: deadline,
    // DNS is the network too: a test that needs names gives its own resolver.
    resolve:
      opts.resolve ?? ((host) => Promise.reject(new Error(`test resolved ${host}: inject a resolver`))),
    masterSecret: "test-master-secret-that-is-long-enough-0123456789",
  });
  const triggers = createFakeTriggers(clock);
  const { publisher, scheduler } = createRuntime({
    deps,
    optimizeDatabase: database.optimize,
    triggers: triggers.start,
  });
  return {
    deps,
    publisher,
    scheduler,
    triggers,
    /** The SQLite handle, for arranging states only the publisher reaches and reading what was stored. */
    raw: database.raw,
    clock,
    logs: lines,
    /** The first log line (already written or still to come) that `match` accepts. */
    nextLog,
    dataDir,
    close: () => database.close(),
  };
}

/** Every test app of a process has the same routes: build the document once per route list and URL. */
const documents = new Map<string, OpenApiDocument>();
function documentOf(app: ReturnType<typeof createApp>, config: Config): OpenApiDocument {
  const key = `${config.publicUrl}\n${app.routes.map((r) => `${r.method} ${r.path}`).join("\n")}`;
  let doc = documents.get(key);
  if (!doc) {
    doc = openApiDocument(app, config);
    documents.set(key, doc);
  }
  return doc;
}

/**
 * With PINFLOW_BASE_PATH (env or config), `request` goes through the edge `serve` puts in front
 * (src/http/base-path.ts): its paths include the base path, as a browser's would (`handle` is that edge).
 */
export function createTestApp(opts: TestAppOptions = {}) {
  const t = createTestDeps(opts);
  const app = createApp(t);
  const { basePath } = t.deps.config;
  const check =
    opts.validateResponses === false
      ? undefined
      : responseCheck(() => documentOf(app, t.deps.config), basePath);
  const handle = underBasePath(basePath, (request) => app.handle(request));
  return { ...t, app, handle, request: requester({ handle }, check, basePath) };
}
