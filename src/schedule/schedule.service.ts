/**
 * Posting schedules (docs/publishing.md §9): a profile's weekly slots, in its user's time zone. A profile
 * without slots publishes its queue at once (the seed's behaviour); with slots, its queued pins take one slot
 * occurrence each, in queue order, keeping the spacing guard. This module reads and writes schedules, plans
 * the queue (queue_at), picks the pin a due occurrence publishes, and checks scheduled pins' spacing.
 */
import type { User } from "../db/schema";
import type { Deps } from "../deps";
import { getProfileOfUser } from "../profiles/profiles.service";
import { toApiTime, zonedParts } from "../shared/time";
import { setTimezone } from "../users/users.service";
import { rangeTooLong } from "./schedule.errors";
import { PLAN_HORIZON_MS, type Plan, planQueue, type QueuedPin } from "./schedule.plan";
import * as repo from "./schedule.repo";
import {
  MAX_OCCURRENCE_RANGE_DAYS,
  type OccurrencesDto,
  type ScheduleDto,
  type ScheduleInput,
  type Slot,
  VOLUME_WARNING_PER_DAY,
  type VolumeWarning,
} from "./schedule.schema";
import { localDate, nextOccurrences, occurrencesBetween, sortSlots } from "./schedule.slots";
import { DAY_MS, type FixedPin, SpacingBook, spacingKeys } from "./schedule.spacing";

type ScheduleDeps = Pick<Deps, "db" | "clock" | "inProcess">;
type Row = repo.ProfileScheduleRow;

const slotsOf = (row: Pick<Row, "posting_slots">): Slot[] => JSON.parse(row.posting_slots) as Slot[];

async function rowOf(deps: ScheduleDeps, profileId: number): Promise<Row> {
  const row = await repo.findProfileSchedule(deps.db, profileId);
  if (!row) throw new Error(`profile ${profileId} vanished`);
  return row;
}

/**
 * The queue plan of a profile as it stands now (empty when it has no slots). Cached until the profile's
 * queue_version (bumped by every pin change), its schedule or its user's time zone changes; the hour is in
 * the key too, as the plan's horizon moves with time.
 */
async function planOf(deps: ScheduleDeps, row: Row): Promise<Plan> {
  const now = deps.clock.now();
  const version = [
    row.queue_version,
    row.slot_cursor,
    row.posting_slots,
    row.min_spacing_days,
    row.timezone,
    Math.floor(now / 3_600_000),
  ].join("|");
  const cached = deps.inProcess.queuePlans.get(row.profile_id, version) as Plan | undefined;
  if (cached) return cached;
  const plan = await computePlan(deps, row, now);
  deps.inProcess.queuePlans.set(row.profile_id, version, plan);
  return plan;
}

async function computePlan(deps: ScheduleDeps, row: Row, now: number): Promise<Plan> {
  const slots = slotsOf(row);
  const cursor = row.slot_cursor ?? now;
  const spacingMs = row.min_spacing_days * DAY_MS;
  const [queued, fixed] = await Promise.all([
    repo.listQueued(deps.db, row.profile_id),
    spacingMs > 0 && slots.length > 0
      ? repo.listFixedBetween(
          deps.db,
          row.profile_id,
          Math.min(cursor, now) - spacingMs,
          now + PLAN_HORIZON_MS + spacingMs,
        )
      : [],
  ]);
  return planQueue({
    slots,
    zone: row.timezone,
    cursor,
    now,
    spacingDays: row.min_spacing_days,
    queued,
    fixed,
  });
}

/** Days (in the zone) with more pins than Pinterest likes from one account. */
function volumeWarnings(times: Iterable<number>, zone: string): VolumeWarning[] {
  const perDay = new Map<string, number>();
  for (const at of times) {
    const day = localDate(at, zone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return [...perDay]
    .filter(([, n]) => n > VOLUME_WARNING_PER_DAY)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, pins]) => ({
      date,
      pins,
      message: `${pins} pins on ${date}: Pinterest may treat more than ${VOLUME_WARNING_PER_DAY} pins a day from one account as spam. Spread them over more days.`,
    }));
}

async function warningsBetween(deps: ScheduleDeps, row: Row, plan: Plan, from: number, to: number) {
  const scheduled = await repo.listScheduledTimes(deps.db, row.profile_id, from, to);
  const queued = [...plan.queueAt.values()].filter((at) => at >= from && at < to);
  return volumeWarnings([...scheduled, ...queued], row.timezone);
}

async function toScheduleDto(deps: ScheduleDeps, row: Row): Promise<ScheduleDto> {
  const now = deps.clock.now();
  const plan = await planOf(deps, row);
  return {
    profile_id: row.profile_id,
    timezone: row.timezone,
    slots: slotsOf(row),
    min_spacing_days: row.min_spacing_days,
    warnings: await warningsBetween(deps, row, plan, now, now + MAX_OCCURRENCE_RANGE_DAYS * DAY_MS),
  };
}

export async function getSchedule(deps: ScheduleDeps, user: User, profileId: number): Promise<ScheduleDto> {
  await getProfileOfUser(deps, user, profileId);
  return toScheduleDto(deps, await rowOf(deps, profileId));
}

/**
 * Replaces the slots and spacing (and the user's time zone, when given). New slots start from now: nothing
 * is owed for the time before them. No pin is lost either way: queued pins stay queued and are planned into
 * the new slots, or, without slots, publish at once.
 */
export async function putSchedule(
  deps: ScheduleDeps,
  user: User,
  profileId: number,
  input: ScheduleInput,
): Promise<ScheduleDto> {
  await getProfileOfUser(deps, user, profileId);
  const before = await rowOf(deps, profileId);
  if (input.timezone && input.timezone !== before.timezone) await setTimezone(deps, user.id, input.timezone);
  const slots = JSON.stringify(sortSlots(input.slots));
  const unchanged = slots === before.posting_slots;
  await repo.saveSchedule(deps.db, profileId, {
    posting_slots: slots,
    min_spacing_days: input.min_spacing_days,
    slot_cursor: input.slots.length === 0 ? null : unchanged ? before.slot_cursor : deps.clock.now(),
  });
  return toScheduleDto(deps, await rowOf(deps, profileId));
}

/** Each slot occurrence in [from, to) with the pin it publishes (or published), null while open. */
export async function listOccurrences(
  deps: ScheduleDeps,
  user: User,
  profileId: number,
  range: { from: number; to: number },
): Promise<OccurrencesDto> {
  if (range.to <= range.from || range.to - range.from > MAX_OCCURRENCE_RANGE_DAYS * DAY_MS)
    throw rangeTooLong();
  await getProfileOfUser(deps, user, profileId);
  const row = await rowOf(deps, profileId);
  const plan = await planOf(deps, row);
  const cursor = row.slot_cursor ?? deps.clock.now();
  const planned = pinsByInstant(plan.occurrences.map((o) => ({ at: o.at, id: o.pinId })));
  const used = pinsByInstant(
    (await repo.listSlotTakers(deps.db, profileId, range.from, Math.min(range.to, cursor + 1))).map((p) => ({
      at: p.slot_at as number,
      id: p.id,
    })),
  );
  const occurrences = occurrencesBetween(slotsOf(row), row.timezone, range.from, range.to).map((at) => ({
    at: toApiTime(at),
    pin_id: ((at <= cursor ? used : planned).get(at)?.shift() ?? null) as number | null,
  }));
  return {
    timezone: row.timezone,
    occurrences,
    warnings: await warningsBetween(deps, row, plan, range.from, range.to),
  };
}

function pinsByInstant(entries: Array<{ at: number; id: number | null }>) {
  const map = new Map<number, Array<number | null>>();
  for (const e of entries) map.set(e.at, [...(map.get(e.at) ?? []), e.id]);
  return map;
}

/** queue_at of every queued pin of these profiles that have slots (pins of other profiles: absent = null). */
export async function queueTimes(
  deps: ScheduleDeps,
  profileIds: Iterable<number>,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const profileId of new Set(profileIds)) {
    const row = await repo.findProfileSchedule(deps.db, profileId);
    if (!row || row.posting_slots === "[]") continue;
    for (const [pinId, at] of (await planOf(deps, row)).queueAt) out.set(pinId, at);
  }
  return out;
}

/** A slotted profile's queued pins in the order they will publish, with their queue_at. */
export async function publishOrderOf(deps: ScheduleDeps, profileId: number) {
  const row = await rowOf(deps, profileId);
  const plan = await planOf(deps, row);
  return { order: plan.publishOrder, queueAt: plan.queueAt };
}

/** The user's profiles that have posting slots. */
export const slottedProfilesOf = async (deps: Pick<Deps, "db">, userId: number) =>
  new Set((await repo.listProfileSlotFlags(deps.db, userId)).filter((p) => p.slotted).map((p) => p.id));

/** The user's profiles without posting slots (their queue publishes at once). */
export const unslottedProfilesOf = async (deps: Pick<Deps, "db">, userId: number) =>
  (await repo.listProfileSlotFlags(deps.db, userId)).filter((p) => !p.slotted).map((p) => p.id);

/** The first slot occurrence no queued pin will take, or null for a profile without slots. */
export async function firstFreeSlot(deps: ScheduleDeps, profileId: number): Promise<number | null> {
  const row = await rowOf(deps, profileId);
  if (row.posting_slots === "[]") return null;
  return (await planOf(deps, row)).firstFree;
}

/**
 * Why a pin fixed at `at` would break the profile's spacing (the pin it comes too close to, and when), or
 * null. A scheduled pin that would is put in review with this message.
 */
export async function spacingProblem(
  deps: ScheduleDeps,
  profileId: number,
  pin: { id?: number; link: string | null; media_url: string },
  at: number,
  /** Pins not stored yet that will be fixed too (a spread's earlier siblings). */
  alsoFixed: readonly FixedPin[] = [],
): Promise<string | null> {
  const row = await rowOf(deps, profileId);
  if (row.min_spacing_days === 0) return null;
  const spacingMs = row.min_spacing_days * DAY_MS;
  const stored = await repo.listFixedBetween(deps.db, profileId, at - spacingMs, at + spacingMs + 1);
  const fixed = [...stored, ...alsoFixed].filter((f) => f.id !== pin.id);
  const hit = new SpacingBook(spacingMs, fixed).collision(spacingKeys(pin), at, pin.id);
  if (!hit) return null;
  const other = fixed.find((f) => f.id === hit.id);
  const what = other && other.media_url === pin.media_url ? "the same image" : "the same link";
  const which = hit.id > 0 ? `pin ${hit.id}` : "another pin of this request";
  return `Too close to ${which} (${what}) at ${localTime(hit.at, row.timezone)}: this profile keeps ${row.min_spacing_days} day${row.min_spacing_days === 1 ? "" : "s"} between pins with the same link or image. Pick a time at least that far from it.`;
}

const localTime = (ms: number, zone: string) => {
  const p = zonedParts(ms, zone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)} (${zone})`;
};

/** A due slot occurrence of a profile and the pin it publishes (null: it passes empty). */
export interface DueSlot {
  profileId: number;
  at: number;
  /** The cursor as read: the claim moves it only from here, so one occurrence never takes two pins. */
  cursorSeen: number | null;
  pin: QueuedPin | null;
}

/**
 * The next open occurrence of every slotted profile whose time has come, with the pin it takes: the first
 * queued pin (queue order) that has not had a slot and keeps the spacing. Profiles of users who are not
 * approved let their occurrences pass (their pins wait, and do not all go at once on approval); a profile
 * paused by a Pinterest 429 keeps its occurrence until the pause ends (late, not skipped).
 */
export async function dueSlots(deps: ScheduleDeps, skipProfiles: ReadonlySet<number> = new Set()) {
  const now = deps.clock.now();
  const due: DueSlot[] = [];
  for (const row of await repo.listSlottedProfiles(deps.db)) {
    if (skipProfiles.has(row.profile_id)) continue;
    if (row.rate_limited_until !== null && row.rate_limited_until > now) continue;
    const cursor = row.slot_cursor ?? now;
    const [at] = nextOccurrences(slotsOf(row), row.timezone, cursor, 1);
    if (at === undefined || at > now) continue;
    if (row.user_status !== "approved") {
      await repo.advanceCursor(deps.db, row.profile_id, row.slot_cursor, now);
      continue;
    }
    due.push({
      profileId: row.profile_id,
      at,
      cursorSeen: row.slot_cursor,
      pin: await pinFor(deps, row, at),
    });
  }
  return due;
}

const PICK_BATCH = 64;

async function pinFor(
  deps: ScheduleDeps,
  row: repo.ListedSlottedProfile,
  at: number,
): Promise<QueuedPin | null> {
  const spacingMs = row.min_spacing_days * DAY_MS;
  const book =
    spacingMs > 0
      ? new SpacingBook(
          spacingMs,
          await repo.listFixedBetween(deps.db, row.profile_id, at - spacingMs, at + spacingMs),
        )
      : null;
  let after: { sort_order: number; id: number } | undefined;
  while (true) {
    const batch = await repo.listQueuedWithoutSlot(deps.db, row.profile_id, PICK_BATCH, after);
    for (const pin of batch) {
      if (!book || book.earliest(spacingKeys(pin), at) <= at) return pin;
    }
    if (batch.length < PICK_BATCH) return null;
    after = batch[batch.length - 1];
  }
}

/** Uses up an occurrence without a pin; false when another claim moved the cursor first. */
export const passOccurrence = (deps: Pick<Deps, "db">, slot: DueSlot) =>
  repo.advanceCursor(deps.db, slot.profileId, slot.cursorSeen, slot.at);
