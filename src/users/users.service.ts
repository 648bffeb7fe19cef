import type { User } from "../db/schema";
import { transactionLock } from "../db/sql";
import type { Deps } from "../deps";
import { getPlan } from "../plans/plans.service";
import { isValidTimeZone, toApiTime } from "../shared/time";
import { lastApprovedAdmin, unknownPlan, unknownTimeZone, userNotFound } from "./users.errors";
import * as repo from "./users.repo";
import type { AdminUserUpdate, UserDto } from "./users.schema";

/** The advisory-lock space of user sign-ups (key 0) and admin changes (key 1): "user". */
const USERS_LOCK = 0x75736572;

type UserDeps = Pick<Deps, "db" | "clock">;

export const toUserDto = (u: User): UserDto => ({
  id: u.id,
  pinterest_user_id: u.pinterest_user_id,
  username: u.username,
  timezone: u.timezone,
  daily_pin_limit: u.daily_pin_limit,
  created_at: toApiTime(u.created_at),
  is_admin: u.is_admin === 1,
  status: u.status,
  plan: u.plan,
  selected_profile_id: u.selected_profile_id,
});

export async function getUser(deps: UserDeps, id: number): Promise<User> {
  const user = await repo.findUserById(deps.db, id);
  if (!user) throw userNotFound();
  return user;
}

/**
 * The user a Pinterest account signs in as; created on first sign-in. The very first user is the person
 * who installed PinFlow: admin, approved, on the pro plan with the owner's daily limit (the owner is not a
 * tenant). Later ones wait for approval with the configured defaults. Runs inside the caller's transaction
 * so two first sign-ins cannot both become admin (on PostgreSQL the transaction first takes the sign-up
 * lock: two processes' sign-ins of new accounts take turns, and the second sees the first's user).
 */
export async function findOrCreateUser(
  deps: UserDeps & Pick<Deps, "config">,
  account: { id: string; username: string },
  opts: { viaEmulator: boolean },
): Promise<{ user: User; created: boolean }> {
  await transactionLock(deps.db, USERS_LOCK, 0);
  const existing = await repo.findUserByPinterestId(deps.db, account.id);
  if (existing) return { user: existing, created: false };
  const first = (await repo.countUsers(deps.db)) === 0;
  const user = await repo.insertUser(deps.db, {
    pinterest_user_id: account.id,
    username: account.username,
    status: first ? "approved" : "pending",
    is_admin: first ? 1 : 0,
    plan: first ? "pro" : deps.config.defaultPlan,
    daily_pin_limit: first ? deps.config.ownerDailyLimit : deps.config.defaultDailyLimit,
    via_emulator: opts.viaEmulator ? 1 : 0,
    created_at: deps.clock.now(),
  });
  return { user, created: true };
}

/** Whether anyone has signed in yet (the first to do so becomes the admin). */
export const anyUser = async (deps: Pick<UserDeps, "db">) => (await repo.countUsers(deps.db)) > 0;

export async function setTimezone(deps: UserDeps, userId: number, timezone: string): Promise<User> {
  if (!isValidTimeZone(timezone)) {
    throw unknownTimeZone(timezone);
  }
  return (await repo.updateUser(deps.db, userId, { timezone })) ?? getUser(deps, userId);
}

export async function listUsers(deps: UserDeps): Promise<UserDto[]> {
  return (await repo.listUsers(deps.db)).map(toUserDto);
}

/**
 * An admin's change to a user. Refused (409) when it would leave no approved admin — the admin API would
 * then be closed to everyone; `allowNoAdmin` (the server's CLI, which needs no admin to work) skips that.
 */
export async function updateUserAsAdmin(
  deps: UserDeps,
  id: number,
  input: AdminUserUpdate,
  opts: { allowNoAdmin?: boolean } = {},
): Promise<UserDto> {
  await getUser(deps, id);
  if (input.plan !== undefined) {
    await getPlan(deps, input.plan).catch(() => {
      throw unknownPlan(input.plan as string);
    });
  }
  const values = {
    ...(input.status !== undefined && { status: input.status }),
    ...(input.plan !== undefined && { plan: input.plan }),
    ...(input.daily_pin_limit !== undefined && { daily_pin_limit: input.daily_pin_limit }),
    ...(input.is_admin !== undefined && { is_admin: input.is_admin ? 1 : 0 }),
  };
  if (Object.keys(values).length === 0) return toUserDto(await getUser(deps, id));
  // Change and count in one transaction: two admins demoting each other at once cannot both succeed.
  const user = await deps.db.transaction().execute(async (trx) => {
    // several processes (PostgreSQL): the admins' changes take turns, so each counts the other's
    await transactionLock(trx, USERS_LOCK, 1);
    const updated = await repo.updateUser(trx, id, values);
    if (!updated) throw userNotFound();
    if (!opts.allowNoAdmin && (await repo.countApprovedAdmins(trx)) === 0) throw lastApprovedAdmin();
    return updated;
  });
  return toUserDto(user);
}

export async function findUserForCli(deps: UserDeps, nameOrId: string): Promise<User> {
  const user = await repo.findUserByName(deps.db, nameOrId);
  if (!user) throw userNotFound(`User '${nameOrId}'`);
  return user;
}

/** The user or undefined (sign-in and sessions need "not found" as a value, not an error). */
export const findUser = (deps: Pick<UserDeps, "db">, id: number) => repo.findUserById(deps.db, id);
export const findUserByPinterestId = (deps: Pick<UserDeps, "db">, pinterestUserId: string) =>
  repo.findUserByPinterestId(deps.db, pinterestUserId);

export async function setSelectedProfile(
  deps: Pick<UserDeps, "db">,
  userId: number,
  profileId: number | null,
) {
  return repo.updateUser(deps.db, userId, { selected_profile_id: profileId });
}
