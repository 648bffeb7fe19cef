/** A map whose entries count as absent once older than `ttlMs` (time is passed in: the clock is injected). */
export interface TtlCache<K, V> {
  get(key: K, now: number): V | undefined;
  set(key: K, value: V, now: number): void;
  delete(key: K): void;
}

export function createTtlCache<K, V>(ttlMs: number): TtlCache<K, V> {
  const entries = new Map<K, { at: number; value: V }>();
  return {
    get(key, now) {
      const hit = entries.get(key);
      return hit && now - hit.at < ttlMs ? hit.value : undefined;
    },
    set: (key, value, now) => void entries.set(key, { at: now, value }),
    delete: (key) => void entries.delete(key),
  };
}
