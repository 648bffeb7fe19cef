/**
 * Signing in with Pinterest and browser sessions. The OAuth `state` is one-time: its hash is stored with
 * a 10-minute life and it must also match the short-lived cookie set on the same browser. Sessions are
 * random tokens whose SHA-256 alone is stored; they slide to 30 days from the last use.
 */

import { findActiveKey } from "../apikeys/apikeys.service";
import type { User } from "../db/schema";
import type { Deps } from "../deps";
import { type Caller, type Credentials, checkAccess } from "../http/auth";
import { PinterestError } from "../pinterest/pinterest.errors";
import { upsertProfile } from "../profiles/profiles.service";
import { safeEqual, sha256Hex } from "../shared/crypto";
import {
  findOrCreateUser,
  findUser,
  findUserByPinterestId,
  setSelectedProfile,
  toUserDto,
} from "../users/users.service";
import {
  accountOfAnotherUser,
  emulatorAccountRefused,
  invalidState,
  signInCodeRefused,
  signInFailed,
} from "./auth.errors";
import * as repo from "./auth.repo";
import type { MeDto } from "./auth.schema";

type AuthDeps = Pick<Deps, "db" | "clock" | "ids" | "log" | "keys" | "config" | "pinterest">;

export const STATE_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 30 * 86_400_000;
/** The sliding expiry is written at most this often, so most requests stay reads. */
const SESSION_SLIDE_EVERY_MS = 3_600_000;

export async function startLogin(deps: AuthDeps, opts: { connectUser: User | null }) {
  const state = deps.ids.hex(32);
  const now = deps.clock.now();
  await repo.insertOauthState(deps.db, {
    state_hash: sha256Hex(state),
    connect_user_id: opts.connectUser?.id ?? null,
    created_at: now,
    expires_at: now + STATE_TTL_MS,
  });
  return { state, url: deps.pinterest.authorizeUrl(state) };
}

export type CallbackResult = { kind: "denied" } | { kind: "signed_in"; sessionToken: string; user: User };

export async function completeLogin(
  deps: AuthDeps,
  input: { code?: string; state?: string; error?: string; stateCookie: string | null },
): Promise<CallbackResult> {
  const { state, stateCookie } = input;
  if (!state || !stateCookie || !safeEqual(state, stateCookie)) throw invalidState();
  const stored = await repo.consumeOauthState(deps.db, sha256Hex(state));
  if (!stored || stored.expires_at < deps.clock.now()) throw invalidState();
  if (input.error) return { kind: "denied" };
  if (!input.code) throw invalidState();

  const viaEmulator = deps.config.mode === "emulator";
  let tokens: Awaited<ReturnType<typeof deps.pinterest.exchangeCode>>;
  let account: Awaited<ReturnType<typeof deps.pinterest.getAccount>>;
  try {
    tokens = await deps.pinterest.exchangeCode(input.code);
  } catch (err) {
    // A 400 from the token endpoint is Pinterest's invalid_grant: a replayed, expired or made-up code.
    // Anything else (5xx, timeouts, a refused client) is Pinterest's or the server's side: 502.
    if (err instanceof PinterestError && err.status === 400 && err.kind === "permanent") {
      throw signInCodeRefused(err.details.pinterestMessage);
    }
    throw pinterestFailure(err);
  }
  try {
    account = await deps.pinterest.getAccount(tokens.accessToken);
  } catch (err) {
    throw pinterestFailure(err);
  }

  const user = await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    let owner: User;
    if (stored.connect_user_id !== null) {
      const connecting = await findUser(tx, stored.connect_user_id);
      if (!connecting) throw invalidState();
      const loginOwner = await findUserByPinterestId(tx, account.id);
      if (loginOwner && loginOwner.id !== connecting.id) throw accountOfAnotherUser();
      owner = connecting;
    } else {
      owner = (await findOrCreateUser(tx, account, { viaEmulator })).user;
    }
    if (deps.config.mode === "pinterest" && owner.via_emulator === 1) throw emulatorAccountRefused();
    const profile = await upsertProfile(tx, { userId: owner.id, account, tokens, viaEmulator });
    if (owner.selected_profile_id === null || stored.connect_user_id !== null) {
      owner = (await setSelectedProfile(tx, owner.id, profile.id)) ?? owner;
    }
    return owner;
  });
  const sessionToken = await createSession(deps, user.id);
  deps.log.info("signed in", {
    user_id: user.id,
    pinterest_user_id: account.id,
    connect: stored.connect_user_id !== null,
  });
  return { kind: "signed_in", sessionToken, user };
}

const pinterestFailure = (err: unknown) =>
  err instanceof PinterestError ? signInFailed(err.details.pinterestMessage ?? err.message) : err;

export async function createSession(
  deps: Pick<AuthDeps, "db" | "clock" | "ids">,
  userId: number,
): Promise<string> {
  const token = deps.ids.hex(32);
  const now = deps.clock.now();
  await repo.insertSession(deps.db, {
    token_hash: sha256Hex(token),
    user_id: userId,
    now,
    expires_at: now + SESSION_TTL_MS,
  });
  return token;
}

export async function logout(deps: Pick<AuthDeps, "db">, sessionToken: string | null): Promise<void> {
  if (sessionToken) await repo.deleteSessionByHash(deps.db, sha256Hex(sessionToken));
}

/** Identifies the caller from an API key (tried first) or a session cookie; null when neither is valid. */
export async function authenticate(deps: AuthDeps, credentials: Credentials): Promise<Caller | null> {
  const caller = credentials.apiKey
    ? await byApiKey(deps, credentials.apiKey)
    : credentials.sessionToken
      ? await bySession(deps, credentials.sessionToken)
      : null;
  // A demo account never becomes a way in once real Pinterest is configured.
  if (caller && deps.config.mode === "pinterest" && caller.user.via_emulator === 1) return null;
  return caller;
}

async function byApiKey(deps: AuthDeps, secret: string): Promise<Caller | null> {
  const key = await findActiveKey(deps, secret);
  if (!key) return null;
  const user = await findUser(deps, key.user_id);
  return user ? { user, via: "api_key", apiKeyId: key.id } : null;
}

async function bySession(deps: AuthDeps, token: string): Promise<Caller | null> {
  const session = await repo.findSessionByHash(deps.db, sha256Hex(token));
  const now = deps.clock.now();
  if (!session || session.expires_at <= now) return null;
  const user = await findUser(deps, session.user_id);
  if (!user) return null;
  const renew = now - session.last_seen_at >= SESSION_SLIDE_EVERY_MS;
  if (renew) await repo.extendSession(deps.db, session.id, now, now + SESSION_TTL_MS);
  return {
    user,
    via: "session",
    sessionId: session.id,
    renewSession: renew ? { token, maxAgeS: SESSION_TTL_MS / 1000 } : undefined,
  };
}

export function toMeDto(deps: Pick<AuthDeps, "config">, user: User): MeDto {
  return { ...toUserDto(user), mode: deps.config.mode };
}

export async function purgeExpiredAuth(deps: Pick<AuthDeps, "db" | "clock">) {
  return repo.purgeExpired(deps.db, deps.clock.now());
}

/** connect=1 adds an account to the signed-in user; it needs an approved account like every other action. */
export function connectingUser(caller: Caller | null, connect: boolean): User | null {
  if (!connect || !caller) return null;
  return checkAccess(caller, "approved").user;
}
