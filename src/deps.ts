/** The composition root's product: every dependency built once and passed down explicitly. */
import type { Database } from "bun:sqlite";
import type { Config } from "./config";
import type { Db } from "./db/database";
import type { Emulator } from "./pinterest/emulator/index";
import type { PinterestClient } from "./pinterest/pinterest.client";
import { createPinterest } from "./pinterest/pinterest.wiring";
import { createPublisher, type Publisher } from "./publishing/publishing.pool";
import { JOBS } from "./scheduler/jobs";
import { createScheduler, type Scheduler } from "./scheduler/scheduler";
import { type Clock, systemClock } from "./shared/clock";
import { deriveKey } from "./shared/crypto";
import { type Ids, randomIds } from "./shared/ids";
import type { Logger } from "./shared/log";
import { type Resolve, systemResolve } from "./webhooks/webhooks.ssrf";

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
  pinterest: PinterestClient;
  publisher: Publisher;
  /** DNS for webhook targets (tests inject a fake: they never touch the network). */
  resolve: Resolve;
  /** The built-in demo Pinterest, in emulator mode only. */
  emulator: Emulator | null;
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
  /** Emulator mode: where the emulator keeps its state (null = memory). */
  emulatorStatePath?: string | null;
  /** Tests may hand in their own Pinterest client (e.g. one talking to a standalone emulator). */
  pinterest?: PinterestClient;
  resolve?: Resolve;
  /** How long a Pinterest call may take (default 30 s). */
  pinterestTimeoutMs?: number;
  /** What cuts a Pinterest call off (default: a timer); tests cut calls off when the emulator holds them. */
  pinterestDeadline?: (ms: number) => AbortSignal;
}

export function buildDeps(input: BuildDepsInput): Deps {
  const clock = input.clock ?? systemClock;
  const fetchImpl: Fetch = input.fetch ?? ((i, init) => fetch(i, init));
  const wired = createPinterest({
    config: input.config,
    clock,
    fetch: fetchImpl,
    emulatorStatePath: input.emulatorStatePath ?? null,
    timeoutMs: input.pinterestTimeoutMs,
    deadline: input.pinterestDeadline,
  });
  const deps = {
    config: input.config,
    db: input.db,
    raw: input.raw,
    clock,
    ids: input.ids ?? randomIds,
    log: input.log,
    fetch: fetchImpl,
    pinterest: input.pinterest ?? wired.pinterest,
    emulator: wired.emulator,
    resolve: input.resolve ?? systemResolve,
    keys: { tokens: deriveKey(input.masterSecret, "tokens") },
    startedAt: clock.now(),
  } as Deps;
  deps.publisher = createPublisher(deps);
  deps.scheduler = createScheduler({
    jobs: JOBS,
    deps,
    clock,
    log: input.log,
    tickMs: input.config.schedulerTickMs,
  });
  return deps;
}
