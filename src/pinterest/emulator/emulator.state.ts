/**
 * The emulator's mutable data (authorization codes, tokens, pins, boards, sections, media uploads) and its
 * persistence.
 *
 * Reads go to in-memory Maps, one per kind (`store.pins.get(id)`), whose records are read-only. The only way
 * to change them is `store.change((tx) => …)`: each `tx.put`, `tx.remove` and `tx.nextSeq` updates the Maps at
 * once (later reads in the same change see it) and is recorded; when the callback returns, exactly the
 * records it touched are written, in one transaction. So a caller cannot change a record without it being
 * persisted, and a call writes what it changed, nothing else.
 *
 * Why rows: the first version kept everything in one JSON snapshot row and rewrote it after every mutation,
 * O(all pins) per call — megabytes at 10 000 pins — so long demo runs and benchmarks with --data-dir slowed
 * down as they went. One row per record makes a call O(what changed) (bench/emulator.ts measures it).
 *
 * Durability rule: with a path, a change is on disk (bun:sqlite, WAL, synchronous=FULL) when `change`
 * returns, and handlers answer only after it has — so a pin created right before a kill -9 survives. If the
 * callback throws or the write fails, the Maps are put back as they were and the error propagates: memory
 * never holds what the file does not. Without a path the same API works on memory only.
 *
 * Layout: one table per kind, `(id TEXT PRIMARY KEY, data TEXT)` holding the record as JSON, loaded whole at
 * open in rowid order (= creation order: updates keep their row); `emulator_seq` holds the next number of
 * each id sequence; uploaded images are one row each in `emulator_media`, written once and read lazily. A
 * file of the snapshot format (the `emulator_state` row) is moved into rows once, at open, in one
 * transaction that also drops it. Uploaded videos are not kept: only what they were (size, type, duration).
 */
import { Database } from "bun:sqlite";

export interface CodeRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly accountId: string;
  readonly scopes: string[];
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface AccessTokenRecord {
  readonly clientId: string;
  readonly accountId: string;
  readonly scopes: string[];
  readonly expiresAt: number;
}

export interface RefreshTokenRecord {
  readonly clientId: string;
  readonly accountId: string;
  readonly scopes: string[];
  readonly expiresAt: number;
  /** continuous: every refresh rotates it; legacy: it stays and no new one is issued. */
  readonly mode: "continuous" | "legacy";
  /** Set when a refresh rotated it away (continuous mode). */
  readonly replacedAt: number | null;
}

/** A video pin's cover, as it was sent. A base64 cover's bytes are kept like a base64 image's. */
export type VideoCoverRecord =
  | { type: "key_frame"; seconds: number }
  | { type: "url"; url: string }
  | { type: "base64"; contentType: "image/jpeg" | "image/png"; byteLength: number };

export type PinMediaRecord =
  | { type: "image_url"; url: string }
  | { type: "image_base64"; contentType: "image/jpeg" | "image/png"; byteLength: number }
  | { type: "video_id"; mediaId: string; cover: VideoCoverRecord; durationMs: number | null };

/** A board made through POST /v5/boards (the demo boards are fixed data in emulator.seed.ts). */
export interface BoardRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly description: string;
  readonly privacy: "PUBLIC" | "PROTECTED" | "SECRET";
  readonly createdAt: number;
}

/** A section made through POST /v5/boards/{id}/sections (demo boards have fixed ones too). */
export interface SectionRecord {
  readonly id: string;
  readonly boardId: string;
  readonly name: string;
  readonly createdAt: number;
}

/**
 * A registered media upload (POST /v5/media) and what became of it. Its status follows from the record and
 * the clock: registered until bytes arrive, then processing for `processingMs`, then `outcome`.
 */
export interface MediaRecord {
  readonly id: string;
  readonly accountId: string;
  /** The S3-style form fields it was registered with; an upload must send every one unchanged. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly registeredAt: number;
  /** Until then the upload parameters are good (the policy's expiration). */
  readonly expiresAt: number;
  readonly uploadedAt: number | null;
  /** How many uploads of bytes were received (a second one replaces the first, as on S3). */
  readonly uploads: number;
  readonly byteLength: number | null;
  readonly contentType: string | null;
  readonly durationMs: number | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly processingMs: number;
  /** Decided when the bytes arrive: failed when they are not a video, or a fault said so. */
  readonly outcome: "succeeded" | "failed" | null;
}

export interface PinRecord {
  readonly id: string;
  readonly accountId: string;
  readonly boardId: string;
  /** Absent in states saved before sections existed. */
  readonly boardSectionId?: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly link: string | null;
  readonly altText: string | null;
  readonly dominantColor: string;
  readonly media: PinMediaRecord;
  readonly width: number;
  readonly height: number;
  readonly createdAt: number;
  readonly deletedAt: number | null;
  /** Created while the "lose the response" fault was on: stored, but the caller never heard back. */
  readonly responseLost: boolean;
}

/** Every kind of record, by the name of its Map on the store. */
export interface Records {
  pins: PinRecord;
  codes: CodeRecord;
  accessTokens: AccessTokenRecord;
  refreshTokens: RefreshTokenRecord;
  boards: BoardRecord;
  sections: SectionRecord;
  uploads: MediaRecord;
}

export type Kind = keyof Records;

const TABLES: Readonly<Record<Kind, string>> = {
  pins: "emulator_pins",
  codes: "emulator_codes",
  accessTokens: "emulator_access_tokens",
  refreshTokens: "emulator_refresh_tokens",
  boards: "emulator_boards",
  sections: "emulator_sections",
  uploads: "emulator_uploads",
};
const KINDS = Object.keys(TABLES) as Kind[];

/** The id sequences: ids grow with them, so "newest first" is creation order and no id is ever reused. */
export type Sequence = "pin" | "board" | "section" | "upload";
const SEQUENCES: readonly Sequence[] = ["pin", "board", "section", "upload"];

/** What reads see: every record of every kind by its key (an id, or the code or token itself), oldest first. */
export type State = { readonly [K in Kind]: ReadonlyMap<string, Records[K]> };

/** The writes of one `store.change`. Each is visible to reads at once; all are persisted when it returns. */
export interface Changes {
  /** Adds or replaces a record: pins, boards, sections and uploads by their id; codes and tokens by themselves. */
  put<K extends Kind>(kind: K, key: string, record: Records[K]): void;
  remove(kind: Kind, key: string): void;
  /** Takes the next number of a sequence. */
  nextSeq(sequence: Sequence): number;
}

export interface StoredMedia {
  contentType: string;
  bytes: Uint8Array;
}

export interface Store extends State {
  /**
   * Runs `apply` (synchronously) and persists what it put and removed, in one transaction, before returning
   * its result; on a throw nothing is kept. Answer only after it returns.
   */
  change<T>(apply: (tx: Changes) => T): T;
  /** Keeps a base64 image's bytes (written at once; they never change). */
  putMedia(pinId: string, media: StoredMedia): void;
  media(pinId: string): StoredMedia | null;
  /** Back to an empty state (demo accounts and boards are fixed data and stay). */
  reset(): void;
  close(): void;
}

/** One change to persist: a record's new value (null: removed), or a sequence's next number. */
type Write = { kind: Kind; key: string; record: unknown } | { sequence: Sequence; next: number };

type Maps = { [K in Kind]: Map<string, Records[K]> };
type Seqs = Record<Sequence, number>;

/** Where changes go: nowhere (memory only) or a SQLite file. */
interface Backend {
  write(writes: readonly Write[]): void;
  clear(): void;
  putMedia(pinId: string, media: StoredMedia): void;
  readMedia(pinId: string): StoredMedia | null;
  close(): void;
}

const emptyMaps = (): Maps => ({
  pins: new Map(),
  codes: new Map(),
  accessTokens: new Map(),
  refreshTokens: new Map(),
  boards: new Map(),
  sections: new Map(),
  uploads: new Map(),
});

const firstSeqs = (): Seqs => ({ pin: 1, board: 1, section: 1, upload: 1 });

/** The store: on the SQLite file at `path` (created if missing), or in memory only without one. */
export function openStore(path?: string): Store {
  const maps = emptyMaps();
  const seqs = firstSeqs();
  const backend = path ? openFile(path, maps, seqs) : memoryBackend();
  const mediaCache = new Map<string, StoredMedia>();
  let changing = false;
  return {
    ...maps,
    change(apply) {
      // A nested change would be persisted on its own: the outer one could then fail half-written.
      if (changing) throw new Error("emulator store: change() inside change()");
      changing = true;
      try {
        return runChange(maps, seqs, backend, apply);
      } finally {
        changing = false;
      }
    },
    putMedia(pinId, media) {
      mediaCache.set(pinId, media);
      backend.putMedia(pinId, media);
    },
    media(pinId) {
      const cached = mediaCache.get(pinId);
      if (cached) return cached;
      const found = backend.readMedia(pinId);
      if (found) mediaCache.set(pinId, found);
      return found;
    },
    reset() {
      for (const kind of KINDS) maps[kind].clear();
      Object.assign(seqs, firstSeqs());
      mediaCache.clear();
      backend.clear();
    },
    close: () => backend.close(),
  };
}

function runChange<T>(maps: Maps, seqs: Seqs, backend: Backend, apply: (tx: Changes) => T): T {
  // Keyed by what they change, so a record put twice in one change is written once, as it ended.
  const writes = new Map<string, Write>();
  const undo: Array<() => void> = [];
  const copied = new Set<Kind>();
  let open = true;
  const mustBeOpen = () => {
    if (!open) throw new Error("emulator store: a change was used after it ended (use it synchronously)");
  };
  const tx: Changes = {
    put(kind, key, record) {
      mustBeOpen();
      const map = maps[kind] as Map<string, unknown>;
      undo.push(restorer(map, key));
      map.set(key, record);
      writes.set(`${kind}\0${key}`, { kind, key, record });
    },
    remove(kind, key) {
      mustBeOpen();
      const map = maps[kind] as Map<string, unknown>;
      if (!map.has(key)) return;
      // Put back, a removed record would come last: the map is restored whole, in its order, instead.
      if (!copied.has(kind)) {
        copied.add(kind);
        const entries = [...map];
        undo.push(() => {
          map.clear();
          for (const [k, record] of entries) map.set(k, record);
        });
      }
      map.delete(key);
      writes.set(`${kind}\0${key}`, { kind, key, record: null });
    },
    nextSeq(sequence) {
      mustBeOpen();
      const taken = seqs[sequence];
      undo.push(() => {
        seqs[sequence] = taken;
      });
      seqs[sequence] = taken + 1;
      writes.set(`seq\0${sequence}`, { sequence, next: taken + 1 });
      return taken;
    },
  };
  try {
    const result = apply(tx);
    open = false;
    if (writes.size > 0) backend.write([...writes.values()]);
    return result;
  } catch (err) {
    for (const step of undo.reverse()) step();
    throw err;
  } finally {
    open = false;
  }
}

/** Undoes one put of `key`: the record it replaced comes back (in its place), or the new one goes. */
function restorer(map: Map<string, unknown>, key: string): () => void {
  if (!map.has(key)) return () => map.delete(key);
  const before = map.get(key);
  return () => map.set(key, before);
}

const memoryBackend = (): Backend => ({
  write() {},
  clear() {},
  putMedia() {},
  readMedia: () => null,
  close() {},
});

function openFile(path: string, maps: Maps, seqs: Seqs): Backend {
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA busy_timeout = 5000");
  createTables(db);
  const writeRows = rowWriter(db);
  moveSnapshotIntoRows(db, writeRows);
  loadRows(db, maps, seqs);
  const writeAll = db.transaction((writes: readonly Write[]) => writeRows(writes));
  const clearAll = db.transaction(() => {
    for (const kind of KINDS) db.exec(`DELETE FROM ${TABLES[kind]}`);
    db.exec("DELETE FROM emulator_seq");
    db.exec("DELETE FROM emulator_media");
  });
  const insertMedia = db.query<void, { $pin: string; $type: string; $bytes: Uint8Array }>(
    "INSERT OR REPLACE INTO emulator_media (pin_id, content_type, bytes) VALUES ($pin, $type, $bytes)",
  );
  const selectMedia = db.query<{ content_type: string; bytes: Uint8Array }, { $pin: string }>(
    "SELECT content_type, bytes FROM emulator_media WHERE pin_id = $pin",
  );
  // After close() (the emulator shutting down under a request still running) changes stay in memory only.
  let open = true;
  return {
    write(writes) {
      if (open) writeAll(writes);
    },
    clear() {
      if (open) clearAll();
    },
    putMedia(pinId, media) {
      if (open) insertMedia.run({ $pin: pinId, $type: media.contentType, $bytes: media.bytes });
    },
    readMedia(pinId) {
      const found = open ? selectMedia.get({ $pin: pinId }) : null;
      return found ? { contentType: found.content_type, bytes: new Uint8Array(found.bytes) } : null;
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

function createTables(db: Database) {
  for (const kind of KINDS) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLES[kind]} (id TEXT PRIMARY KEY, data TEXT NOT NULL)`);
  }
  db.exec("CREATE TABLE IF NOT EXISTS emulator_seq (name TEXT PRIMARY KEY, next INTEGER NOT NULL)");
  db.exec(
    "CREATE TABLE IF NOT EXISTS emulator_media (pin_id TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL)",
  );
}

/** Writes records and sequence numbers with statements prepared once; the caller holds the transaction. */
function rowWriter(db: Database): (writes: readonly Write[]) => void {
  const perKind = <S>(make: (table: string) => S) =>
    Object.fromEntries(KINDS.map((kind) => [kind, make(TABLES[kind])])) as Record<Kind, S>;
  // An upsert, not INSERT OR REPLACE: the row keeps its rowid, which is the creation order loadRows reads.
  const upsert = perKind((table) =>
    db.query<void, { $id: string; $data: string }>(
      `INSERT INTO ${table} (id, data) VALUES ($id, $data) ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
    ),
  );
  const remove = perKind((table) => db.query<void, { $id: string }>(`DELETE FROM ${table} WHERE id = $id`));
  const setSeq = db.query<void, { $name: string; $next: number }>(
    "INSERT INTO emulator_seq (name, next) VALUES ($name, $next) ON CONFLICT (name) DO UPDATE SET next = excluded.next",
  );
  return (writes) => {
    for (const write of writes) {
      if ("sequence" in write) setSeq.run({ $name: write.sequence, $next: write.next });
      else if (write.record === null) remove[write.kind].run({ $id: write.key });
      else upsert[write.kind].run({ $id: write.key, $data: JSON.stringify(write.record) });
    }
  };
}

function loadRows(db: Database, maps: Maps, seqs: Seqs) {
  for (const kind of KINDS) {
    const map = maps[kind] as Map<string, unknown>;
    const rows = db
      .query<{ id: string; data: string }, []>(`SELECT id, data FROM ${TABLES[kind]} ORDER BY rowid`)
      .all();
    for (const row of rows) map.set(row.id, JSON.parse(row.data));
  }
  const rows = db.query<{ name: string; next: number }, []>("SELECT name, next FROM emulator_seq").all();
  for (const row of rows) {
    if (SEQUENCES.includes(row.name as Sequence)) seqs[row.name as Sequence] = row.next;
  }
}

/** The previous layout: everything in one JSON row of `emulator_state` (later fields may be absent). */
interface Snapshot {
  version: 1;
  nextPinSeq: number;
  codes: Record<string, CodeRecord>;
  accessTokens: Record<string, AccessTokenRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  pins: PinRecord[];
  boards: BoardRecord[];
  sections: SectionRecord[];
  media: MediaRecord[];
  nextBoardSeq: number;
  nextSectionSeq: number;
  nextMediaSeq: number;
}

/** A data dir of the previous version keeps its pins and tokens: the snapshot becomes rows, once. */
function moveSnapshotIntoRows(db: Database, writeRows: (writes: readonly Write[]) => void) {
  const found = db
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'emulator_state'",
    )
    .get();
  if (!found) return;
  db.transaction(() => {
    const row = db.query<{ data: string }, []>("SELECT data FROM emulator_state WHERE id = 1").get();
    if (row) writeRows(snapshotWrites(JSON.parse(row.data)));
    db.exec("DROP TABLE emulator_state");
  })();
}

function snapshotWrites(raw: unknown): Write[] {
  const snapshot = raw as Partial<Snapshot> | null;
  // Version 1 is the only one ever written; the previous code started empty on anything else, as this does.
  if (snapshot?.version !== 1) return [];
  const keyed = <K extends Kind>(kind: K, entries: Array<[string, Records[K]]>): Write[] =>
    entries.map(([key, record]) => ({ kind, key, record }));
  const byId = <R extends { id: string }>(list: R[] | undefined): Array<[string, R]> =>
    (list ?? []).map((record) => [record.id, record]);
  return [
    ...keyed("codes", Object.entries(snapshot.codes ?? {})),
    ...keyed("accessTokens", Object.entries(snapshot.accessTokens ?? {})),
    ...keyed("refreshTokens", Object.entries(snapshot.refreshTokens ?? {})),
    ...keyed("pins", byId(snapshot.pins)),
    ...keyed("boards", byId(snapshot.boards)),
    ...keyed("sections", byId(snapshot.sections)),
    ...keyed("uploads", byId(snapshot.media)),
    { sequence: "pin", next: snapshot.nextPinSeq ?? 1 },
    { sequence: "board", next: snapshot.nextBoardSeq ?? 1 },
    { sequence: "section", next: snapshot.nextSectionSeq ?? 1 },
    { sequence: "upload", next: snapshot.nextMediaSeq ?? 1 },
  ];
}
