/** At most one run per key at a time: a caller that finds a run in progress shares its result. */
export interface SingleFlight<K, V> {
  run(key: K, work: () => Promise<V>): Promise<V>;
}

export function createSingleFlight<K, V>(): SingleFlight<K, V> {
  const running = new Map<K, Promise<V>>();
  return {
    run(key, work) {
      const existing = running.get(key);
      if (existing) return existing;
      const started = work().finally(() => running.delete(key));
      running.set(key, started);
      return started;
    },
  };
}
