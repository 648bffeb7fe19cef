/**
 * Idempotency-Key for creating requests: a retry with the same key within 24 h returns the first
 * response and creates nothing new. The key's row is taken (pending) before the request runs, so two
 * copies racing each other create one pin even in two processes sharing a PostgreSQL database; within one
 * process, copies also wait for each other and then replay the answer. A copy that finds the key pending in
 * another process is told 409 (retry shortly). Only successful answers are kept: a 429 or 422 frees the key.
 */
import type { Deps } from "../deps";
import { sha256Hex } from "../shared/crypto";
import { keyInProgress, keyInvalid, keyReused, MAX_KEY_LENGTH } from "./idempotency.errors";
import * as repo from "./idempotency.repo";

type IdemDeps = Pick<Deps, "db" | "clock" | "inProcess">;

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A key pending longer than this belongs to a request whose process died: it may be taken over. */
export const PENDING_LEASE_MS = 5 * 60_000;

export interface Answer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export async function once<T>(
  deps: IdemDeps,
  input: { userId: number; key: string | null; request: unknown },
  run: () => Promise<{ status: number; body: T }>,
): Promise<Answer<T>> {
  if (input.key === null) return { ...(await run()), replayed: false };
  const key = input.key;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) throw keyInvalid();
  const requestHash = sha256Hex(JSON.stringify(input.request));
  return deps.inProcess.idempotencyKeys.run(`${input.userId}:${key}`, () =>
    answer(deps, input.userId, key, requestHash, run),
  );
}

async function answer<T>(
  deps: IdemDeps,
  userId: number,
  key: string,
  requestHash: string,
  run: () => Promise<{ status: number; body: T }>,
): Promise<Answer<T>> {
  const now = deps.clock.now();
  let taken = await repo.takeKey(deps.db, { user_id: userId, key, request_hash: requestHash, now });
  if (!taken) {
    const stored = await repo.findKey(deps.db, userId, key);
    if (!stored) throw keyInProgress(); // it was freed meanwhile: the client's retry takes it
    const pending = stored.status_code === repo.PENDING;
    const fresh = stored.created_at > now - (pending ? PENDING_LEASE_MS : IDEMPOTENCY_TTL_MS);
    if (fresh) {
      if (stored.request_hash !== requestHash) throw keyReused();
      if (pending) throw keyInProgress();
      return { status: stored.status_code, body: JSON.parse(stored.response) as T, replayed: true };
    }
    taken = await repo.retakeKey(deps.db, stored, { request_hash: requestHash, now });
    if (!taken) throw keyInProgress();
  }
  let result: { status: number; body: T };
  try {
    result = await run();
  } catch (err) {
    await repo.releaseKey(deps.db, userId, key);
    throw err;
  }
  await repo.saveKey(deps.db, {
    user_id: userId,
    key,
    request_hash: requestHash,
    status_code: result.status,
    response: JSON.stringify(result.body),
    created_at: now,
  });
  return { ...result, replayed: false };
}

export function purgeExpiredKeys(deps: Pick<Deps, "db" | "clock">): Promise<number> {
  return repo.deleteKeysBefore(deps.db, deps.clock.now() - IDEMPOTENCY_TTL_MS);
}
