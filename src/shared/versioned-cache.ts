/**
 * Values computed from data that carries a version: an entry counts only while its version is the current
 * one. Bounded: past `max` entries the oldest one is dropped.
 */
export interface VersionedCache<V> {
  get(id: number, version: string): V | undefined;
  set(id: number, version: string, value: V): void;
}

export function createVersionedCache<V>(max: number): VersionedCache<V> {
  const entries = new Map<number, { version: string; value: V }>();
  return {
    get(id, version) {
      const hit = entries.get(id);
      return hit && hit.version === version ? hit.value : undefined;
    },
    set(id, version, value) {
      entries.delete(id);
      entries.set(id, { version, value });
      if (entries.size > max) entries.delete(entries.keys().next().value as number);
    },
  };
}
