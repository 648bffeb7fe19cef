/** Collections: local groupings of a user's pins (not Pinterest boards). Deleting one keeps its pins. */
import type { Deps } from "../deps";
import { pinNotFound } from "../pins/pins.errors";
import { toApiTime } from "../shared/time";
import { collectionNotFound } from "./collections.errors";
import * as repo from "./collections.repo";
import type { CollectionDetailDto, CollectionDto } from "./collections.schema";

type CollectionDeps = Pick<Deps, "db" | "clock">;
type Row = NonNullable<Awaited<ReturnType<typeof repo.findCollection>>>;

const toDto = (c: Row): CollectionDto => ({
  id: c.id,
  name: c.name,
  pin_count: Number(c.pin_count ?? 0),
  created_at: toApiTime(c.created_at),
});

async function owned(deps: CollectionDeps, userId: number, id: number): Promise<Row> {
  const c = await repo.findCollection(deps.db, userId, id);
  if (!c) throw collectionNotFound();
  return c;
}

export async function listCollections(deps: CollectionDeps, userId: number): Promise<CollectionDto[]> {
  return (await repo.listCollections(deps.db, userId)).map(toDto);
}

export async function getCollection(
  deps: CollectionDeps,
  userId: number,
  id: number,
): Promise<CollectionDetailDto> {
  const c = await owned(deps, userId, id);
  return { ...toDto(c), pin_ids: await repo.pinIdsOf(deps.db, c.id) };
}

export async function createCollection(
  deps: CollectionDeps,
  userId: number,
  name: string,
): Promise<CollectionDto> {
  const { id } = await repo.insertCollection(deps.db, userId, name, deps.clock.now());
  return toDto(await owned(deps, userId, id));
}

export async function renameCollection(
  deps: CollectionDeps,
  userId: number,
  id: number,
  name: string,
): Promise<CollectionDto> {
  await owned(deps, userId, id);
  await repo.renameCollection(deps.db, id, name);
  return toDto(await owned(deps, userId, id));
}

export async function deleteCollection(deps: CollectionDeps, userId: number, id: number): Promise<void> {
  await owned(deps, userId, id);
  await repo.deleteCollection(deps.db, id);
}

/** Adding a pin that is already there changes nothing (idempotent). */
export async function addPin(deps: CollectionDeps, userId: number, id: number, pinId: number): Promise<void> {
  await owned(deps, userId, id);
  if (!(await repo.userOwnsPin(deps.db, userId, pinId))) throw pinNotFound();
  await repo.addPin(deps.db, id, pinId, deps.clock.now());
}

export async function removePin(
  deps: CollectionDeps,
  userId: number,
  id: number,
  pinId: number,
): Promise<void> {
  await owned(deps, userId, id);
  if (!(await repo.userOwnsPin(deps.db, userId, pinId))) throw pinNotFound();
  await repo.removePin(deps.db, id, pinId);
}
