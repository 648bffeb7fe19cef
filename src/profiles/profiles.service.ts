/** Connected Pinterest accounts ("profiles") and their tokens, which are only ever stored encrypted. */

import { publicLink } from "../config";
import type { Profile, User } from "../db/schema";
import type { Deps } from "../deps";
import type { TokenSet } from "../pinterest/pinterest.client";
import type { Account } from "../pinterest/pinterest.schema";
import { decrypt, encrypt } from "../shared/crypto";
import { toApiTime } from "../shared/time";
import { setSelectedProfile } from "../users/users.service";
import { noProfileConnected, profileHasPendingPins, profileNotFound } from "./profiles.errors";
import * as repo from "./profiles.repo";
import type { ProfileDto } from "./profiles.schema";

type ProfileDeps = Pick<Deps, "db" | "clock" | "keys">;

const aad = (p: { user_id: number; pinterest_user_id: string }, column: string) =>
  `profile:${p.user_id}:${p.pinterest_user_id}:${column}`;

export const toProfileDto = (p: Profile, selectedId: number | null): ProfileDto => ({
  id: p.id,
  pinterest_user_id: p.pinterest_user_id,
  pinterest_username: p.pinterest_username,
  account_type: p.account_type,
  profile_image: p.profile_image,
  is_selected: p.id === selectedId,
  needs_reconnect: p.needs_reconnect === 1,
  reconnect_reason: p.reconnect_reason,
  created_at: toApiTime(p.created_at),
});

function sealedTokens(
  deps: ProfileDeps,
  owner: { user_id: number; pinterest_user_id: string },
  tokens: TokenSet,
) {
  return {
    access_token_enc: encrypt(deps.keys.tokens, tokens.accessToken, aad(owner, "access_token")),
    access_token_expires_at: tokens.accessTokenExpiresAt,
    refresh_token_enc: tokens.refreshToken
      ? encrypt(deps.keys.tokens, tokens.refreshToken, aad(owner, "refresh_token"))
      : null,
    refresh_token_expires_at: tokens.refreshTokenExpiresAt,
    scopes: tokens.scopes.join(","),
  };
}

/** Creates the profile or refreshes its account details and tokens; a reconnect clears needs_reconnect. */
export async function upsertProfile(
  deps: ProfileDeps,
  input: { userId: number; account: Account; tokens: TokenSet; viaEmulator: boolean },
): Promise<Profile> {
  const owner = { user_id: input.userId, pinterest_user_id: input.account.id };
  const now = deps.clock.now();
  const details = {
    pinterest_username: input.account.username,
    account_type: input.account.account_type ?? null,
    profile_image: input.account.profile_image ?? null,
    ...sealedTokens(deps, owner, input.tokens),
    needs_reconnect: 0,
    reconnect_reason: null,
    updated_at: now,
  };
  const existing = await repo.findProfileByAccount(deps.db, input.userId, input.account.id);
  if (existing) return repo.updateProfile(deps.db, existing.id, details);
  return repo.insertProfile(deps.db, {
    ...owner,
    ...details,
    via_emulator: input.viaEmulator ? 1 : 0,
    created_at: now,
  });
}

/** Stores a refreshed token set; the new refresh token replaces the old one in the same write. */
export async function saveRefreshedTokens(
  deps: ProfileDeps,
  profile: Profile,
  tokens: TokenSet,
): Promise<Profile> {
  const sealed = sealedTokens(deps, profile, tokens);
  // A legacy refresh answers without a new refresh token or its expiry: the stored expiry still holds.
  if (tokens.refreshTokenExpiresAt === null)
    sealed.refresh_token_expires_at = profile.refresh_token_expires_at;
  return repo.updateProfile(deps.db, profile.id, { ...sealed, updated_at: deps.clock.now() });
}

export async function markNeedsReconnect(
  deps: ProfileDeps,
  profileId: number,
  reason: string,
): Promise<void> {
  await repo.updateProfile(deps.db, profileId, {
    needs_reconnect: 1,
    reconnect_reason: reason,
    updated_at: deps.clock.now(),
  });
}

export function accessTokenOf(deps: ProfileDeps, profile: Profile): string | null {
  return decrypt(deps.keys.tokens, profile.access_token_enc, aad(profile, "access_token"));
}

export function refreshTokenOf(deps: ProfileDeps, profile: Profile): string | null {
  return profile.refresh_token_enc
    ? decrypt(deps.keys.tokens, profile.refresh_token_enc, aad(profile, "refresh_token"))
    : null;
}

export async function listProfiles(deps: ProfileDeps, user: User): Promise<ProfileDto[]> {
  return (await repo.listProfilesOfUser(deps.db, user.id)).map((p) =>
    toProfileDto(p, user.selected_profile_id),
  );
}

export async function getProfileOfUser(deps: Pick<Deps, "db">, user: User, id: number): Promise<Profile> {
  const profile = await repo.findProfileForUser(deps.db, user.id, id);
  if (!profile) throw profileNotFound();
  return profile;
}

/** The profile a request acts for: the one asked for, else the selected one, else the user's first. */
export async function resolveProfile(
  deps: ProfileDeps & Pick<Deps, "config">,
  user: User,
  requestedId?: number | null,
): Promise<Profile> {
  if (requestedId) return getProfileOfUser(deps, user, requestedId);
  if (user.selected_profile_id) {
    const selected = await repo.findProfileForUser(deps.db, user.id, user.selected_profile_id);
    if (selected) return selected;
  }
  const [first] = await repo.listProfilesOfUser(deps.db, user.id);
  if (!first) throw noProfileConnected(publicLink(deps.config, "/auth/login?connect=1"));
  return first;
}

export async function selectProfile(deps: ProfileDeps, user: User, id: number): Promise<ProfileDto> {
  const profile = await getProfileOfUser(deps, user, id);
  await setSelectedProfile(deps, user.id, profile.id);
  return toProfileDto(profile, profile.id);
}

/** Disconnects a profile (its pins and webhooks go with it); refused while pins wait to publish unless forced. */
export async function disconnectProfile(
  deps: ProfileDeps,
  user: User,
  id: number,
  force: boolean,
): Promise<void> {
  const profile = await getProfileOfUser(deps, user, id);
  const pending = await repo.countPendingPins(deps.db, profile.id);
  if (pending > 0 && !force) {
    throw profileHasPendingPins(pending);
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteProfile(trx, profile.id);
    if (user.selected_profile_id === profile.id) {
      const [next] = await repo.listProfilesOfUser(trx, user.id);
      await setSelectedProfile({ db: trx }, user.id, next?.id ?? null);
    }
  });
}

export const findProfile = (deps: Pick<ProfileDeps, "db">, id: number) => repo.findProfileById(deps.db, id);
