/**
 * Calling Pinterest as a profile: refresh an expired access token first, retry once after a 401 with a
 * refreshed token, and mark the profile needs_reconnect when Pinterest refuses the refresh. Refreshes are
 * single-flight per profile: with continuous refresh every refresh rotates the refresh token, so two at
 * once would invalidate each other.
 */

import type { Profile } from "../db/schema";
import { withAdvisoryLock } from "../db/sql";
import type { Deps } from "../deps";
import { AppError } from "../http/errors";
import { PinterestError } from "../pinterest/pinterest.errors";
import { findProfileById, listProfilesExpiring } from "./profiles.repo";
import { accessTokenOf, markNeedsReconnect, refreshTokenOf, saveRefreshedTokens } from "./profiles.service";

type TokenDeps = Pick<Deps, "db" | "clock" | "keys" | "pinterest" | "log" | "inProcess">;

/** The profile must be reconnected by its owner (sign in again with Pinterest). */
export class ReconnectNeededError extends AppError {
  constructor(
    readonly profile: Pick<Profile, "id" | "pinterest_username">,
    reason: string,
  ) {
    super(
      409,
      `The Pinterest account @${profile.pinterest_username} needs to be reconnected (${reason}). Sign in with Pinterest again to reconnect it.`,
      "profiles.needs_reconnect",
    );
  }
}

/** The advisory-lock space of token refreshes (any constant, the same in every PinFlow): "tokn". */
const TOKEN_REFRESH_LOCK = 0x746f6b6e;

/**
 * Refreshes unless another caller is already doing it, in which case its result is shared. Across processes
 * (PostgreSQL) the refresh also holds an advisory lock on the profile: a second process waits, then finds the
 * stored tokens changed and uses them instead of spending the rotated refresh token a second time.
 */
export function refreshProfile(
  deps: TokenDeps,
  profile: Profile,
  opts: { force?: boolean } = {},
): Promise<Profile> {
  return deps.inProcess.tokenRefreshes.run(profile.id, () =>
    withAdvisoryLock(deps.db, TOKEN_REFRESH_LOCK, profile.id, () =>
      doRefresh(deps, profile, opts.force ?? false),
    ),
  );
}

async function doRefresh(deps: TokenDeps, stale: Profile, force: boolean): Promise<Profile> {
  // Another process or an earlier call may have refreshed already: start from the stored row.
  const profile = (await findProfileById(deps.db, stale.id)) ?? stale;
  if (profile.needs_reconnect)
    throw new ReconnectNeededError(profile, profile.reconnect_reason ?? "access was revoked");
  // Someone refreshed while we waited: use theirs (the ahead-of-expiry job forces a refresh).
  if (!force && profile.access_token_enc !== stale.access_token_enc && !isExpired(deps, profile))
    return profile;
  const refreshToken = refreshTokenOf(deps, profile);
  if (!refreshToken) return giveUp(deps, profile, "no usable refresh token is stored");
  try {
    const tokens = await deps.pinterest.refreshTokens(refreshToken);
    deps.log.info("pinterest token refreshed", { profile_id: profile.id });
    return await saveRefreshedTokens(deps, profile, tokens);
  } catch (err) {
    if (err instanceof PinterestError && (err.kind === "auth" || err.kind === "permanent")) {
      return giveUp(deps, profile, "Pinterest refused to refresh its access");
    }
    throw err;
  }
}

async function giveUp(deps: TokenDeps, profile: Profile, reason: string): Promise<never> {
  await markNeedsReconnect(deps, profile.id, reason);
  deps.log.warn("profile needs reconnect", { profile_id: profile.id, reason });
  throw new ReconnectNeededError(profile, reason);
}

const isExpired = (deps: TokenDeps, p: Profile) =>
  p.access_token_expires_at !== null && p.access_token_expires_at <= deps.clock.now();

/** Runs `call` with the profile's access token, refreshing it when expired or refused once with a 401. */
export async function withAccessToken<T>(
  deps: TokenDeps,
  profile: Profile,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  if (profile.needs_reconnect)
    throw new ReconnectNeededError(profile, profile.reconnect_reason ?? "access was revoked");
  let current = isExpired(deps, profile) ? await refreshProfile(deps, profile) : profile;
  let token = accessTokenOf(deps, current);
  if (!token) {
    current = await refreshProfile(deps, current);
    token = accessTokenOf(deps, current);
    if (!token)
      return giveUp(deps, current, "its stored token cannot be decrypted (was the master key changed?)");
  }
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof PinterestError) || err.kind !== "auth") throw err;
    current = await refreshProfile(deps, current);
    return call(accessTokenOf(deps, current) as string);
  }
}

/** Access tokens are renewed this long before they expire, refresh tokens (60-day continuous) this long. */
export const REFRESH_ACCESS_AHEAD_MS = 3 * 86_400_000;
export const REFRESH_GRANT_AHEAD_MS = 14 * 86_400_000;

/** The refresh-tokens job: renews tokens ahead of expiry, one profile at a time; returns how many. */
export async function refreshExpiringTokens(deps: TokenDeps): Promise<{ refreshed: number; failed: number }> {
  const now = deps.clock.now();
  const due = await listProfilesExpiring(
    deps.db,
    now + REFRESH_ACCESS_AHEAD_MS,
    now + REFRESH_GRANT_AHEAD_MS,
  );
  let refreshed = 0;
  let failed = 0;
  for (const profile of due) {
    try {
      await refreshProfile(deps, profile, { force: true });
      refreshed++;
    } catch (err) {
      failed++;
      deps.log.warn("token refresh failed", { profile_id: profile.id, err: (err as Error).message });
    }
  }
  return { refreshed, failed };
}
