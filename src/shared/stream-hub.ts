/**
 * The open event streams of this process, by user: what GET /events writes to (src/events/). Each stream
 * remembers the last change it was given, so the poller reads from the oldest of them and nothing is sent
 * twice or skipped. In-process state: one hub per Deps (deps.inProcess.streams).
 */
export interface StreamSink {
  readonly userId: number;
  /** The id of the last change this stream has been given (or has no need of: another user's). */
  seen: number;
  /** When something was last written to it (the clock's ms): quiet streams get a keep-alive. */
  lastWriteAt: number;
  /** Writes a chunk; false when the stream is gone (it is then removed). */
  write(chunk: string, now: number): boolean;
  /** Whether its caller may still listen (key revoked, session ended, user suspended: no). */
  stillAllowed(): Promise<boolean>;
  close(): void;
}

export interface StreamHub {
  readonly size: number;
  add(sink: StreamSink): void;
  remove(sink: StreamSink): void;
  of(userId: number): ReadonlySet<StreamSink>;
  all(): StreamSink[];
}

const NONE: ReadonlySet<StreamSink> = new Set();

export function createStreamHub(): StreamHub {
  const byUser = new Map<number, Set<StreamSink>>();
  let size = 0;
  return {
    get size() {
      return size;
    },
    add(sink) {
      let set = byUser.get(sink.userId);
      if (!set) {
        set = new Set();
        byUser.set(sink.userId, set);
      }
      if (!set.has(sink)) size++;
      set.add(sink);
    },
    remove(sink) {
      const set = byUser.get(sink.userId);
      if (!set?.delete(sink)) return;
      size--;
      if (set.size === 0) byUser.delete(sink.userId);
    },
    of: (userId) => byUser.get(userId) ?? NONE,
    all: () => [...byUser.values()].flatMap((set) => [...set]),
  };
}
