/**
 * The infrastructure every service is handed: configuration, the database, time, ids, logging, the
 * network, Pinterest and where uploads are stored. A leaf of the house: it imports no feature. What is built from features (the
 * publisher, the scheduler and its jobs) is put together in runtime.ts.
 */
import { hostname } from "node:os";
import type { Config } from "./config";
import type { Db } from "./db/database";
import type { Profile } from "./db/schema";
import type { Emulator } from "./pinterest/emulator/index";
import type { PinterestClient } from "./pinterest/pinterest.client";
import type { Board, BoardSection } from "./pinterest/pinterest.schema";
import { createPinterest } from "./pinterest/pinterest.wiring";
import { type Clock, systemClock } from "./shared/clock";
import { deriveKey } from "./shared/crypto";
import { type Ids, randomIds } from "./shared/ids";
import { createKeyedLock, type KeyedLock } from "./shared/keyed-lock";
import type { Logger } from "./shared/log";
import { type Fetch, type Resolve, systemResolve } from "./shared/net";
import { createSingleFlight, type SingleFlight } from "./shared/single-flight";
import { createStreamHub, type StreamHub } from "./shared/stream-hub";
import { createTtlCache, type TtlCache } from "./shared/ttl-cache";
import { createVersionedCache, type VersionedCache } from "./shared/versioned-cache";
import type { Storage } from "./storage/storage";
import { createStorage } from "./storage/storage.wiring";

export type { Fetch };

export interface Keys {
  /** Encrypts Pinterest tokens and webhook secrets at rest. */
  tokens: Buffer;
}

/** Boards are re-read from Pinterest at most this often per profile (the picker and the pre-flight read them). */
export const BOARDS_CACHE_MS = 60_000;

/**
 * State kept in this process between requests, one set per Deps (so tests never share it):
 * - boards: each profile's board list, for BOARDS_CACHE_MS;
 * - boardSections: each board's sections ("<profile id>:<board id>"), for BOARDS_CACHE_MS;
 * - tokenRefreshes: one Pinterest token refresh per profile at a time (each refresh rotates the token);
 * - idempotencyKeys: requests with the same Idempotency-Key run one after another;
 * - queuePlans: each slotted profile's queue plan, valid while the profile's queue_version is unchanged;
 * - rateLimitStrikes: per profile, Pinterest 429s in a row without a Retry-After (their pause grows).
 * - streams: the open GET /events streams of this process, by user (src/events/).
 */
export interface InProcess {
  boards: TtlCache<number, Board[]>;
  boardSections: TtlCache<string, BoardSection[]>;
  tokenRefreshes: SingleFlight<number, Profile>;
  idempotencyKeys: KeyedLock;
  queuePlans: VersionedCache<unknown>;
  rateLimitStrikes: Map<number, number>;
  streams: StreamHub;
}

export interface Deps {
  config: Config;
  db: Db;
  /** Which process this is, when several share the database: PINFLOW_INSTANCE_ID, else <hostname>:<pid>. */
  instanceId: string;
  clock: Clock;
  ids: Ids;
  log: Logger;
  fetch: Fetch;
  keys: Keys;
  pinterest: PinterestClient;
  /** DNS for outbound URLs (tests inject a fake: they never touch the network). */
  resolve: Resolve;
  /** The built-in demo Pinterest, in emulator mode only. */
  emulator: Emulator | null;
  /** Where uploaded files live: <data-dir>/uploads, or the S3 bucket of PINFLOW_S3_BUCKET. */
  storage: Storage;
  inProcess: InProcess;
}

export interface BuildDepsInput {
  config: Config;
  db: Db;
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
  /** Tests may wrap the storage the config names (to watch what reaches it). */
  storage?: Storage;
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
  return {
    config: input.config,
    db: input.db,
    instanceId: input.config.instanceId ?? `${hostname()}:${process.pid}`,
    clock,
    ids: input.ids ?? randomIds,
    log: input.log,
    fetch: fetchImpl,
    pinterest: input.pinterest ?? wired.pinterest,
    emulator: wired.emulator,
    resolve: input.resolve ?? systemResolve,
    storage: input.storage ?? createStorage(input.config),
    keys: { tokens: deriveKey(input.masterSecret, "tokens") },
    inProcess: {
      boards: createTtlCache(BOARDS_CACHE_MS),
      boardSections: createTtlCache(BOARDS_CACHE_MS),
      tokenRefreshes: createSingleFlight(),
      idempotencyKeys: createKeyedLock(),
      queuePlans: createVersionedCache(1000),
      rateLimitStrikes: new Map(),
      streams: createStreamHub(),
    },
  };
}
