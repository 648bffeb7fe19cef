/**
 * Idempotency-Key for creating requests: a retry with the same key within 24 h returns the first
 * response and creates nothing new. Requests with the same key are serialised in-process, so two copies
 * racing each other also create one pin. Only successful answers are stored: a 429 or 422 can be retried.
 */
import type { Deps } from "../deps";
import { AppError } from "../http/errors";
import { sha256Hex } from "../shared/crypto";

type IdemDeps = Pick<Deps, "db" | "clock" | "inProcess">;

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const MAX_KEY_LENGTH = 255;

export interface Answer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const keyReused = () =>
  new AppError(
    422,
    "This Idempotency-Key was already used with a different request.",
    "idempotency.mismatch",
  );
const keyInvalid = () =>
  new AppError(
    422,
    `Idempotency-Key must be 1-${MAX_KEY_LENGTH} printable characters.`,
    "idempotency.invalid",
  );

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
  const stored = await deps.db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .executeTakeFirst();
  if (stored && stored.created_at > now - IDEMPOTENCY_TTL_MS) {
    if (stored.request_hash !== requestHash) throw keyReused();
    return { status: stored.status_code, body: JSON.parse(stored.response) as T, replayed: true };
  }
  const result = await run();
  await deps.db
    .insertInto("idempotency_keys")
    .values({
      user_id: userId,
      key,
      request_hash: requestHash,
      status_code: result.status,
      response: JSON.stringify(result.body),
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["user_id", "key"]).doUpdateSet({
        request_hash: requestHash,
        status_code: result.status,
        response: JSON.stringify(result.body),
        created_at: now,
      }),
    )
    .execute();
  return { ...result, replayed: false };
}

export async function purgeExpiredKeys(deps: IdemDeps): Promise<number> {
  const res = await deps.db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", deps.clock.now() - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
