/**
 * The pin API's rules (docs/seed-api-reference.txt "Pins"; docs/publishing.md): creation with quotas and
 * pre-flight, edits that respect the status lifecycle, bulk actions on the caller's own pins, and the queue
 * order. Every change that is an event (pin.created, pin.scheduled) writes the webhook outbox in its
 * transaction.
 */

import type { Db } from "../db/database";
import type { PinStatus, PinUpdate, User, WebhookEvent } from "../db/schema";
import type { Deps } from "../deps";
import { once } from "../idempotency/idempotency.service";
import { resolveProfile } from "../profiles/profiles.service";
import { assertBulkAllowed, consumePinQuota } from "../quotas/quotas.service";
import { noSlotsToSpreadInto } from "../schedule/schedule.errors";
import {
  firstFreeSlot,
  publishOrderOf,
  queueTimes,
  slottedProfilesOf,
  spacingProblem,
  unslottedProfilesOf,
} from "../schedule/schedule.service";
import { DAY_MS, type FixedPin } from "../schedule/schedule.spacing";
import { isLocked } from "../shared/pin-status";
import { monthRange, toApiTime } from "../shared/time";
import { yielder } from "../shared/yield";
import { isVideoUrl } from "../uploads/uploads.service";
import { recordPinEvent, recordPinEvents } from "../webhooks/webhooks.outbox";
import { pinChanged, pinLocked, pinNotFound, scheduledInPast, scheduleNeedsTime } from "./pins.errors";
import { preflight } from "./pins.preflight";
import type { PinRow } from "./pins.repo";
import * as repo from "./pins.repo";
import type { CreatePinInput, ListPinsFilter, PinDto, SpreadPinInput, UpdatePinInput } from "./pins.schema";

export type PinDeps = Pick<
  Deps,
  "db" | "clock" | "ids" | "keys" | "pinterest" | "log" | "config" | "inProcess"
>;

export const toPinDto = (p: PinRow, queueAt: number | null = null): PinDto => ({
  id: p.id,
  user_id: p.user_id,
  profile_id: p.profile_id,
  pinterest_user_id: p.pinterest_user_id,
  pinterest_username: p.pinterest_username,
  board_id: p.board_id,
  board_section_id: p.board_section_id,
  title: p.title,
  description: p.description,
  media_url: p.media_url,
  media_type: isVideoUrl(p.media_url) ? "video" : "image",
  cover_image_url: p.cover_image_url,
  cover_key_frame_time: p.cover_key_frame_time,
  video_status: p.video_state,
  link: p.link,
  alt_text: p.alt_text,
  status: p.status,
  scheduled_at: toApiTime(p.scheduled_at),
  published_at: toApiTime(p.published_at),
  pinterest_pin_id: p.pinterest_pin_id,
  error_message: p.error_message,
  retry_count: p.retry_count,
  sort_order: p.sort_order,
  created_at: toApiTime(p.created_at),
  queue_at: p.status === "queued" ? toApiTime(queueAt) : null,
});

/** Pin objects with their queue_at: the plans of the profiles (with slots) whose queued pins are among them. */
export async function toPinDtos(
  deps: Pick<PinDeps, "db" | "clock" | "inProcess">,
  rows: readonly PinRow[],
): Promise<PinDto[]> {
  const queuedProfiles = rows.filter((r) => r.status === "queued").map((r) => r.profile_id);
  const times = queuedProfiles.length ? await queueTimes(deps, queuedProfiles) : new Map<number, number>();
  return rows.map((r) => toPinDto(r, times.get(r.id) ?? null));
}

export async function pinDto(
  deps: Pick<PinDeps, "db" | "clock" | "inProcess">,
  row: PinRow,
): Promise<PinDto> {
  return (await toPinDtos(deps, [row]))[0] as PinDto;
}

const emptyToNull = (s: string | null | undefined) => (s === undefined || s === null || s === "" ? null : s);

export async function getPin(deps: PinDeps, user: User, id: number): Promise<PinRow> {
  const pin = await repo.findPin(deps.db, user.id, id);
  if (!pin) throw pinNotFound();
  return pin;
}

/**
 * A page of pins; the total only when asked for, since counting every match costs milliseconds at
 * 100 000 pins while the page itself costs a fraction of one.
 */
export async function listPins(deps: PinDeps, user: User, filter: ListPinsFilter) {
  const wantTotal = filter.with_total === "true" || filter.with_total === "1";
  const slotted = filter.sort === "queue" ? await slottedProfilesOf(deps, user.id) : new Set<number>();
  const [rows, total] = await Promise.all([
    slotted.size > 0
      ? listInPublishingOrder(deps, user, filter, slotted)
      : repo.listPins(deps.db, user.id, filter),
    wantTotal ? repo.countPins(deps.db, user.id, filter) : null,
  ]);
  return { pins: await toPinDtos(deps, rows), total };
}

/**
 * `sort=queue` when some of the user's profiles have slots: the order pins will publish in. Queued pins of
 * profiles without slots come first (they go at once), then slotted ones by queue_at, then everything else
 * by queue position.
 */
async function listInPublishingOrder(
  deps: PinDeps,
  user: User,
  filter: ListPinsFilter,
  slotted: ReadonlySet<number>,
): Promise<PinRow[]> {
  const onlyQueued = filter.status === "queued" && !filter.title && !filter.board_id && !filter.collection_id;
  if (onlyQueued) return queuedInPublishingOrder(deps, user, filter, slotted);
  const keys = await repo.listPinOrderKeys(deps.db, user.id, filter);
  const times = await queueTimes(
    deps,
    keys.filter((k) => k.status === "queued").map((k) => k.profile_id),
  );
  const rank = (k: (typeof keys)[number]) => {
    if (k.status !== "queued") return Number.MAX_VALUE;
    const at = times.get(k.id);
    return at === undefined ? (k.slotted ? Number.MAX_VALUE / 2 : Number.NEGATIVE_INFINITY) : at;
  };
  const page = keys
    .map((k, index) => ({ id: k.id, rank: rank(k), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(filter.offset, filter.offset + filter.limit)
    .map((k) => k.id);
  const rows = new Map((await repo.findPinsByIds(deps.db, user.id, page)).map((r) => [r.id, r]));
  return page.map((id) => rows.get(id)).filter((r): r is PinRow => r !== undefined);
}

/**
 * The queue page straight from the cached plans: queued pins of profiles without slots first (they go at
 * once), then the slotted profiles' pins merged by queue_at, then those past the plans' horizon.
 */
async function queuedInPublishingOrder(
  deps: PinDeps,
  user: User,
  filter: ListPinsFilter,
  slotted: ReadonlySet<number>,
): Promise<PinRow[]> {
  const profiles = [...slotted].filter((id) => !filter.profile_id || id === filter.profile_id);
  const plans = await Promise.all(profiles.map((id) => publishOrderOf(deps, id)));
  const end = filter.offset + filter.limit;
  const unslotted = (await unslottedProfilesOf(deps, user.id)).filter(
    (id) => !filter.profile_id || id === filter.profile_id,
  );
  const plain = await repo.listQueuedIdsOf(deps.db, unslotted, end);
  const planned = mergeByTime(plans, Math.max(0, end - plain.length));
  const page = [...plain, ...planned].slice(filter.offset, end);
  const rows = new Map((await repo.findPinsByIds(deps.db, user.id, page)).map((r) => [r.id, r]));
  return page.map((id) => rows.get(id)).filter((r): r is PinRow => r !== undefined);
}

/** The first `count` ids of several publish orders (each sorted by time), merged by time. */
function mergeByTime(
  plans: Array<{ order: number[]; queueAt: Map<number, number> }>,
  count: number,
): number[] {
  if (plans.length === 1) return (plans[0] as { order: number[] }).order.slice(0, count);
  const heads = plans.map(() => 0);
  const out: number[] = [];
  const timeOf = (i: number) => {
    const plan = plans[i] as (typeof plans)[number];
    const id = plan.order[heads[i] as number];
    return id === undefined ? Number.NaN : (plan.queueAt.get(id) ?? Number.POSITIVE_INFINITY);
  };
  while (out.length < count) {
    let best = -1;
    for (let i = 0; i < plans.length; i++) {
      const t = timeOf(i);
      if (!Number.isNaN(t) && (best === -1 || t < timeOf(best))) best = i;
    }
    if (best === -1) break;
    out.push((plans[best] as (typeof plans)[number]).order[heads[best] as number] as number);
    heads[best] = (heads[best] as number) + 1;
  }
  return out;
}

/** What a new pin will be stored as: its status follows scheduled_at/draft, then the pre-flight. */
async function prepare(
  deps: PinDeps,
  user: User,
  input: CreatePinInput,
  extraFixed: FixedPin[] = [],
  note: string | null = null,
) {
  const profile = await resolveProfile(deps, user, input.profile_id);
  const now = deps.clock.now();
  const scheduledAt = input.scheduled_at ?? null;
  if (scheduledAt !== null && scheduledAt <= now) throw scheduledInPast();
  const content = {
    board_id: input.board_id,
    board_section_id: emptyToNull(input.board_section_id),
    media_url: input.media_url,
    title: emptyToNull(input.title),
    description: emptyToNull(input.description),
    link: emptyToNull(input.link),
    alt_text: emptyToNull(input.alt_text),
    cover_image_url: emptyToNull(input.cover_image_url),
    cover_key_frame_time: input.cover_key_frame_time ?? null,
  };
  let status: PinStatus = input.status === "draft" ? "draft" : scheduledAt !== null ? "scheduled" : "queued";
  const problem =
    status === "draft"
      ? null
      : ((await preflight(deps, profile, user.id, content)) ??
        (status === "scheduled" && profile.min_spacing_days > 0
          ? await spacingProblem(deps, profile.id, content, scheduledAt as number, extraFixed)
          : null));
  if (problem) status = "review";
  return { profile, content, scheduledAt, status, error_message: problem ?? note };
}

/** What a pin created from `input` would be (status after the pre-flight, and why), without creating it. */
export interface PinPreview {
  profile_id: number;
  board_id: string;
  media_url: string;
  title: string | null;
  description: string | null;
  link: string | null;
  alt_text: string | null;
  status: PinStatus;
  scheduled_at: number | null;
  error_message: string | null;
}

/** A dry run of createPins: each input as it would be stored; nothing is written, no quota is taken. */
export async function previewPins(
  deps: PinDeps,
  user: User,
  inputs: CreatePinInput[],
): Promise<PinPreview[]> {
  const out: PinPreview[] = [];
  const breathe = yielder();
  for (const input of inputs) {
    await breathe();
    const p = await prepare(deps, user, input);
    out.push({
      profile_id: p.profile.id,
      ...p.content,
      status: p.status,
      scheduled_at: p.scheduledAt,
      error_message: p.error_message,
    });
  }
  return out;
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Inserts a prepared pin with its webhook events; the stored row as pin objects carry it. */
async function insertPrepared(trx: Db, deps: PinDeps, user: User, p: Prepared, now: number): Promise<PinRow> {
  const sortOrder = p.status === "queued" ? await repo.nextSortOrder(trx, user.id) : 0;
  const inserted = await repo.insertPin(trx, {
    user_id: user.id,
    profile_id: p.profile.id,
    ...p.content,
    status: p.status,
    scheduled_at: p.scheduledAt,
    error_message: p.error_message,
    sort_order: sortOrder,
    created_at: now,
    updated_at: now,
  });
  const row: PinRow = {
    ...inserted,
    pinterest_user_id: p.profile.pinterest_user_id,
    pinterest_username: p.profile.pinterest_username,
    video_state: null, // a video's upload starts when it is published
  };
  const events: WebhookEvent[] =
    row.status === "scheduled" ? ["pin.created", "pin.scheduled"] : ["pin.created"];
  await recordPinEvents(trx, { ids: deps.ids, now }, events, row);
  return row;
}

export interface CreateOptions {
  /** Shown as the pin's error_message when the pre-flight has nothing to say (e.g. a draft without image). */
  note?: string;
  /** Runs in the pin's own transaction once it is inserted (e.g. a feed recording the item it came from). */
  inTransaction?: (trx: Db, pinId: number) => Promise<void>;
}

export async function createPin(
  deps: PinDeps,
  user: User,
  input: CreatePinInput,
  opts: CreateOptions = {},
): Promise<PinDto> {
  const prepared = await prepare(deps, user, input, [], opts.note ?? null);
  const created = await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await consumePinQuota(trx, user, 1, now);
    const row = await insertPrepared(trx, deps, user, prepared, now);
    await opts.inTransaction?.(trx, row.id);
    return row;
  });
  return pinDto(deps, created);
}

/** All or nothing: a batch over either quota, or with one invalid item, creates no pin. */
export async function createPins(deps: PinDeps, user: User, inputs: CreatePinInput[]): Promise<PinDto[]> {
  await assertBulkAllowed(deps.db, user);
  const prepared: Prepared[] = [];
  // a big batch (a 1,000-row import) lets other requests in between its pre-flights
  const breathe = yielder();
  for (const input of inputs) {
    await breathe();
    prepared.push(await prepare(deps, user, input));
  }
  return insertAllOrNone(deps, user, prepared);
}

/** Takes the quota for every pin and inserts them in one transaction: all of them, or (429) none. */
async function insertAllOrNone(deps: PinDeps, user: User, prepared: Prepared[]): Promise<PinDto[]> {
  const rows = await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await consumePinQuota(trx, user, prepared.length, now);
    const out: PinRow[] = [];
    for (const p of prepared) out.push(await insertPrepared(trx, deps, user, p, now));
    return out;
  });
  return toPinDtos(deps, rows);
}

/**
 * One pin to several boards, `interval_days` apart (Tailwind's Interval): the first at `scheduled_at`, or
 * at the profile's next free slot; each a scheduled pin, counted against the quotas like any; all or none.
 * With a spacing guard on the profile, siblings closer than it go to review like any scheduled pin would.
 */
export async function spreadPins(deps: PinDeps, user: User, input: SpreadPinInput): Promise<PinDto[]> {
  const profile = await resolveProfile(deps, user, input.profile_id);
  const { board_ids, interval_days, scheduled_at, ...fields } = input;
  const first = scheduled_at ?? (await firstFreeSlot(deps, profile.id));
  if (first === null) throw noSlotsToSpreadInto();
  const prepared: Prepared[] = [];
  const siblings: FixedPin[] = [];
  for (const [i, board_id] of board_ids.entries()) {
    const at = first + i * interval_days * DAY_MS;
    const p = await prepare(
      deps,
      user,
      { ...fields, board_id, profile_id: profile.id, scheduled_at: at },
      siblings,
    );
    prepared.push(p);
    siblings.push({ id: -1 - i, link: p.content.link, media_url: p.content.media_url, at });
  }
  return insertAllOrNone(deps, user, prepared);
}

/**
 * Why a conditional write changed nothing: the pin is gone (404), was claimed by the publisher (409 with
 * the locked-pin text), or was changed by another request since it was read (409).
 */
export async function whyUnchanged(deps: Pick<PinDeps, "db">, user: User, id: number) {
  const now = await repo.findPin(deps.db, user.id, id);
  if (!now) return pinNotFound();
  return isLocked(now.status) ? pinLocked(now.status) : pinChanged();
}

/**
 * Only the given fields change. A new scheduled_at (re)schedules a queued, scheduled or failed pin;
 * a pin that goes back to queued/scheduled starts over (retry_count 0, no error) after a fresh pre-flight.
 * The write is conditional on the status the change was decided from: if the publisher claimed the pin
 * while the pre-flight asked Pinterest for its boards, nothing is written and the caller gets 409.
 */
export async function updatePin(
  deps: PinDeps,
  user: User,
  id: number,
  input: UpdatePinInput,
): Promise<PinDto> {
  const pin = await getPin(deps, user, id);
  if (isLocked(pin.status)) throw pinLocked(pin.status);
  const now = deps.clock.now();
  const scheduledAt = input.scheduled_at === undefined ? pin.scheduled_at : input.scheduled_at;
  const status: PinStatus =
    input.status ??
    (input.scheduled_at && ["queued", "scheduled", "failed"].includes(pin.status) ? "scheduled" : pin.status);
  if (input.scheduled_at && input.scheduled_at <= now) throw scheduledInPast();
  if (status === "scheduled" && (scheduledAt === null || scheduledAt <= now)) throw scheduleNeedsTime();

  const boardId = input.board_id ?? pin.board_id;
  const content = {
    board_id: boardId,
    // a section belongs to its board: moving the pin to another board leaves the section unless one is given
    board_section_id:
      input.board_section_id !== undefined
        ? emptyToNull(input.board_section_id)
        : boardId === pin.board_id
          ? pin.board_section_id
          : null,
    media_url: input.media_url ?? pin.media_url,
    title: input.title === undefined ? pin.title : emptyToNull(input.title),
    description: input.description === undefined ? pin.description : emptyToNull(input.description),
    link: input.link === undefined ? pin.link : emptyToNull(input.link),
    alt_text: input.alt_text === undefined ? pin.alt_text : emptyToNull(input.alt_text),
    cover_image_url:
      input.cover_image_url === undefined ? pin.cover_image_url : emptyToNull(input.cover_image_url),
    cover_key_frame_time:
      input.cover_key_frame_time === undefined ? pin.cover_key_frame_time : input.cover_key_frame_time,
  };
  const changes: PinUpdate = { ...content, scheduled_at: scheduledAt, status, updated_at: now };
  if (status === "queued" || status === "scheduled") {
    const profile = await resolveProfile(deps, user, pin.profile_id);
    const problem =
      (await preflight(deps, profile, user.id, content)) ??
      (status === "scheduled"
        ? await spacingProblem(deps, profile.id, { id: pin.id, ...content }, scheduledAt as number)
        : null);
    Object.assign(changes, problem ? { status: "review", error_message: problem } : { error_message: null });
  }
  // A status change starts the pin over: e.g. a failed pin sent back to the queue gets 3 fresh attempts
  // (and, on a profile with slots, a new slot).
  if (status !== pin.status) Object.assign(changes, { retry_count: 0, next_attempt_at: null, slot_at: null });
  if (status === "draft" || status === "review") Object.assign(changes, { next_attempt_at: null });

  const written = await deps.db.transaction().execute(async (trx) => {
    if (changes.status === "queued" && pin.status !== "queued")
      changes.sort_order = await repo.nextSortOrder(trx, user.id);
    if (!(await repo.updatePinIfStatus(trx, pin.id, pin.status, changes))) return false;
    const row = (await repo.findPin(trx, user.id, pin.id)) as PinRow;
    if (row.status === "scheduled" && input.scheduled_at) {
      await recordPinEvent(trx, { ids: deps.ids, now }, "pin.scheduled", row);
    }
    return true;
  });
  if (!written) throw await whyUnchanged(deps, user, id);
  return pinDto(deps, await getPin(deps, user, id));
}

/** One conditional statement: a pin the publisher has claimed is never deleted from under it. */
export async function deletePin(deps: PinDeps, user: User, id: number): Promise<void> {
  if (!(await repo.deletePinUnlessLocked(deps.db, user.id, id))) throw await whyUnchanged(deps, user, id);
}

/**
 * The array position becomes sort_order; only the caller's pins that can still change are touched
 * (a pin published meanwhile keeps its place in history) and counted.
 */
export async function reorderPins(deps: PinDeps, user: User, pinIds: number[]): Promise<{ updated: number }> {
  const now = deps.clock.now();
  const updated = await deps.db.transaction().execute(async (trx) => {
    const moved = new Set<number>();
    for (const [position, id] of pinIds.entries()) {
      if (await repo.setSortOrderUnlessLocked(trx, user.id, id, position, now)) moved.add(id);
    }
    return moved.size;
  });
  return { updated };
}

export async function deletePins(deps: PinDeps, user: User, pinIds: number[]): Promise<number> {
  return repo.deletePins(deps.db, user.id, pinIds);
}

/** Applies `change` to each of the caller's pins that can still change; returns how many changed. */
async function eachEditable(
  deps: PinDeps,
  user: User,
  pinIds: number[],
  change: (pin: PinRow) => UpdatePinInput | null,
): Promise<{ updated: number }> {
  let updated = 0;
  for (const pin of await repo.findPinsByIds(deps.db, user.id, [...new Set(pinIds)])) {
    const input = isLocked(pin.status) ? null : change(pin);
    if (!input) continue;
    try {
      await updatePin(deps, user, pin.id, input);
      updated++;
    } catch (err) {
      deps.log.debug("bulk change skipped a pin", { pin_id: pin.id, err: (err as Error).message });
    }
  }
  return { updated };
}

/** Pins that cannot take the status (e.g. scheduled without a future time) are skipped, not counted. */
export function setPinsStatus(deps: PinDeps, user: User, pinIds: number[], status: UpdatePinInput["status"]) {
  return eachEditable(deps, user, pinIds, () => ({ status }));
}

export function schedulePins(deps: PinDeps, user: User, pinIds: number[], scheduledAt: number) {
  if (scheduledAt <= deps.clock.now()) throw scheduledInPast();
  return eachEditable(deps, user, pinIds, () => ({ scheduled_at: scheduledAt, status: "scheduled" }));
}

/** Per user id, the pins waiting to be published (held while the user is not approved). */
export async function waitingPinsByUser(deps: Pick<PinDeps, "db">, userIds: number[]) {
  const rows = await repo.countWaitingByUser(deps.db, userIds);
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

export async function calendar(
  deps: PinDeps,
  user: User,
  q: { year: number; month: number; profile_id?: number },
) {
  const [from, to] = monthRange(user.timezone, q.year, q.month);
  return toPinDtos(deps, await repo.listPinsInRange(deps.db, user.id, from, to, q.profile_id));
}

/** POST /pins and POST /pins/bulk honour an Idempotency-Key: a retried request gets the first answer. */
export function createPinOnce(deps: PinDeps, user: User, input: CreatePinInput, key: string | null) {
  return once(deps, { userId: user.id, key, request: ["POST /pins", input] }, async () => ({
    status: 201,
    body: await createPin(deps, user, input),
  }));
}

export function spreadPinsOnce(deps: PinDeps, user: User, input: SpreadPinInput, key: string | null) {
  return once(deps, { userId: user.id, key, request: ["POST /pins/spread", input] }, async () => ({
    status: 201,
    body: await spreadPins(deps, user, input),
  }));
}

export function createPinsOnce(deps: PinDeps, user: User, inputs: CreatePinInput[], key: string | null) {
  return once(deps, { userId: user.id, key, request: ["POST /pins/bulk", inputs] }, async () => ({
    status: 201,
    body: await createPins(deps, user, inputs),
  }));
}
