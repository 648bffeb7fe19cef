/**
 * Idempotency-Key for creating requests: a retry with the same key within 24 h returns the first
 * response and creates nothing new. Requests with the same key are serialised in-process, so two copies
 * racing each other also create one pin. Only successful answers are stored: a 429 or 422 can be retried.
 */
import type { Deps } from "../deps";
import { sha256Hex } from "../shared/crypto";
import { keyInvalid, keyReused, MAX_KEY_LENGTH } from "./idempotency.errors";
import * as repo from "./idempotency.repo";

type IdemDeps = Pick<Deps, "db" | "clock" | "inProcess">;

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

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
  const stored = await repo.findKey(deps.db, userId, key);
  if (stored && stored.created_at > now - IDEMPOTENCY_TTL_MS) {
    if (stored.request_hash !== requestHash) throw keyReused();
    return { status: stored.status_code, body: JSON.parse(stored.response) as T, replayed: true };
  }
  const result = await run();
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
