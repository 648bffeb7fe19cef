/**
 * API keys: a public display id (pk_pinflow_ + 16 hex) and a secret (sk_pinflow_ + 64 hex) that is shown
 * once and stored only as its SHA-256. High-entropy secrets need no slow KDF: one hash is enough.
 */

import type { ApiKey } from "../db/schema";
import { lockUserRow } from "../db/sql";
import type { Deps } from "../deps";
import { safeEqual, sha256Hex } from "../shared/crypto";
import { toApiTime } from "../shared/time";
import { apiKeyNotFound, MAX_ACTIVE_KEYS, tooManyKeys } from "./apikeys.errors";
import * as repo from "./apikeys.repo";
import type { ApiKeyDto, CreatedApiKeyDto } from "./apikeys.schema";

type KeyDeps = Pick<Deps, "db" | "clock" | "ids" | "log">;

export { MAX_ACTIVE_KEYS };

const SECRET_PATTERN = /^sk_pinflow_[0-9a-f]{64}$/;
/** last_used_at is written at most this often per key, so authentication stays a read. */
const TOUCH_INTERVAL_MS = 60_000;

export const toApiKeyDto = (k: ApiKey): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  display_id: k.display_id,
  is_active: k.is_active === 1,
  last_used_at: toApiTime(k.last_used_at),
  created_at: toApiTime(k.created_at),
});

export async function listApiKeys(deps: KeyDeps, userId: number): Promise<ApiKeyDto[]> {
  return (await repo.listKeys(deps.db, userId)).map(toApiKeyDto);
}

export async function createApiKey(deps: KeyDeps, userId: number, name: string): Promise<CreatedApiKeyDto> {
  const secret = `sk_pinflow_${deps.ids.hex(32)}`;
  const key = await deps.db.transaction().execute(async (trx) => {
    await lockUserRow(trx, userId);
    if ((await repo.countActiveKeys(trx, userId)) >= MAX_ACTIVE_KEYS) throw tooManyKeys();
    return repo.insertKey(trx, {
      user_id: userId,
      name,
      display_id: `pk_pinflow_${deps.ids.hex(8)}`,
      secret_hash: sha256Hex(secret),
      created_at: deps.clock.now(),
    });
  });
  return {
    id: key.id,
    name: key.name,
    display_id: key.display_id,
    secret_key: secret,
    is_active: true,
    created_at: toApiTime(key.created_at),
  };
}

export async function toggleApiKey(deps: KeyDeps, userId: number, id: number): Promise<ApiKeyDto> {
  return deps.db.transaction().execute(async (trx) => {
    await lockUserRow(trx, userId);
    const key = await repo.findKey(trx, userId, id);
    if (!key) throw apiKeyNotFound();
    const enable = key.is_active === 0;
    if (enable && (await repo.countActiveKeys(trx, userId)) >= MAX_ACTIVE_KEYS) throw tooManyKeys();
    return toApiKeyDto(await repo.setKeyActive(trx, id, enable));
  });
}

export async function revokeApiKey(deps: KeyDeps, userId: number, id: number): Promise<void> {
  const key = await repo.findKey(deps.db, userId, id);
  if (!key) throw apiKeyNotFound();
  await repo.deleteKey(deps.db, id);
}

/** The active key a secret belongs to, or null. Malformed secrets are refused before touching the DB. */
export async function findActiveKey(deps: KeyDeps, secret: string): Promise<ApiKey | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  const hash = sha256Hex(secret);
  const key = await repo.findKeyBySecretHash(deps.db, hash);
  if (!key || !safeEqual(key.secret_hash, hash) || key.is_active !== 1) return null;
  const now = deps.clock.now();
  if (key.last_used_at === null || now - key.last_used_at >= TOUCH_INTERVAL_MS) {
    // At most once a minute per key, so waiting for it costs nothing measurable and nothing is left in flight.
    await repo
      .touchKey(deps.db, key.id, now)
      .catch((err) => deps.log.warn("could not record key use", { err }));
  }
  return key;
}
