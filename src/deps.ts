/** The composition root's product: every dependency built once and passed down explicitly. */
import type { Database } from "bun:sqlite";
import type { Config } from "./config";
import type { Db } from "./db/database";
import { JOBS } from "./scheduler/jobs";
import { createScheduler, type Scheduler } from "./scheduler/scheduler";
import { type Clock, systemClock } from "./shared/clock";
import { deriveKey } from "./shared/crypto";
import { type Ids, randomIds } from "./shared/ids";
import type { Logger } from "./shared/log";

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Keys {
  /** Encrypts Pinterest tokens and webhook secrets at rest. */
  tokens: Buffer;
}

export interface Deps {
  config: Config;
  db: Db;
  raw: Database;
  clock: Clock;
  ids: Ids;
  log: Logger;
  fetch: Fetch;
  keys: Keys;
  scheduler: Scheduler;
  startedAt: number;
}

export interface BuildDepsInput {
  config: Config;
  db: Db;
  raw: Database;
  log: Logger;
  masterSecret: string;
  clock?: Clock;
  ids?: Ids;
  fetch?: Fetch;
}

export function buildDeps(input: BuildDepsInput): Deps {
  const clock = input.clock ?? systemClock;
  const deps = {
    config: input.config,
    db: input.db,
    raw: input.raw,
    clock,
    ids: input.ids ?? randomIds,
    log: input.log,
    fetch: input.fetch ?? ((i, init) => fetch(i, init)),
    keys: { tokens: deriveKey(input.masterSecret, "tokens") },
    startedAt: clock.now(),
  } as Deps;
  deps.scheduler = createScheduler({
    jobs: JOBS,
    deps,
    clock,
    log: input.log,
    tickMs: input.config.schedulerTickMs,
  });
  return deps;
}
