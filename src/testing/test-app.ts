/**
 * A complete PinFlow for tests, built through the same composition root as `pinflow serve` (runtime.ts):
 * real migrations on an in-memory DB, a fake clock that also fires the scheduler's jobs, no listening.
 * With PINFLOW_TEST_DB=postgres (the second pass of `.ci/run`), each app gets a fresh PostgreSQL database
 * instead (testing/postgres.ts), and the same tests run against it: they read and arrange the database
 * through `t.query` / `t.one`, which speak to either engine.
 */

import type { Database } from "bun:sqlite";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery } from "kysely";
import { createApp } from "../app";
import { type Config, parseConfig } from "../config";
import { type Engine, type OpenDatabase, openDatabase } from "../db/database";
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
import { openSameTestPostgres, openTestPostgres } from "./postgres";
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
  /**
   * Another PinFlow process on the same database (PostgreSQL: a pool of its own) and the same Pinterest:
   * its own publisher, scheduler, caches and clock, like a second `pinflow serve`.
   */
  sameDatabaseAs?: { database: OpenDatabase; deps: Deps };
  /** This engine whatever PINFLOW_TEST_DB says (export-db's tests need a SQLite source in either pass). */
  engine?: Engine;
  /** A database opened (and migrated) by the test itself. */
  database?: OpenDatabase;
}

/** The engine the tests run on: SQLite unless PINFLOW_TEST_DB=postgres (tests only; PinFlow reads config.ts). */
export const TEST_ENGINE: Engine = process.env.PINFLOW_TEST_DB === "postgres" ? "postgres" : "sqlite";

function openTestDatabase(opts: TestAppOptions): OpenDatabase {
  if (opts.database) return opts.database;
  const sameAs = opts.sameDatabaseAs?.database;
  if (sameAs) {
    if (sameAs.engine !== "postgres") throw new Error("several processes share a PostgreSQL database only");
    return openSameTestPostgres(sameAs);
  }
  if ((opts.engine ?? TEST_ENGINE) === "postgres") return openTestPostgres();
  const database = openDatabase(":memory:");
  migrate(database.raw);
  return database;
}

/**
 * SQL for arranging and reading a test's database on either engine: `?` placeholders (turned into $1, $2 …
 * for PostgreSQL), run through the app's Kysely. Integers come back as numbers on both.
 */
export function sqlHelpers(database: OpenDatabase) {
  const compile = (text: string, params: unknown[]) => {
    let n = 0;
    const sql = database.engine === "postgres" ? text.replace(/\?/g, () => `$${++n}`) : text;
    return CompiledQuery.raw(sql, params);
  };
  async function query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]> {
    return (await database.db.executeQuery<T>(compile(text, params))).rows;
  }
  async function one<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | null> {
    return (await query<T>(text, ...params))[0] ?? null;
  }
  return { query, one };
}

/** Stands in for t.raw on PostgreSQL: any use says what to use instead. */
const notSqlite = () =>
  new Proxy({} as Database, {
    get() {
      throw new Error("t.raw is SQLite's handle: use t.query / t.one (or name the test SQLite-only)");
    },
  });

export function createTestDeps(opts: TestAppOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pinflow-test-"));
  mkdirSync(join(dataDir, "uploads"));
  const config = { ...parseConfig({ PINFLOW_DATA_DIR: dataDir, ...opts.env }), ...opts.config };
  const database = openTestDatabase(opts);
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
    pinterest: opts.sameDatabaseAs?.deps.pinterest,
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
    database,
    /** Arranging states only the publisher reaches and reading what was stored, on either engine. */
    ...sqlHelpers(database),
    /** The bun:sqlite handle, for the tests that are about SQLite itself (they say so in their names). */
    raw: database.engine === "sqlite" ? database.raw : notSqlite(),
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
