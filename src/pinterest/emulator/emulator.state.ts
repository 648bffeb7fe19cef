/**
 * The emulator's mutable data (authorization codes, tokens, pins, boards, sections, media uploads) and its
 * persistence. Without a path it lives in memory only; with one, every mutation is written synchronously to a
 * small SQLite file (bun:sqlite, WAL, synchronous=FULL) before the response goes out, so a pin created right
 * before a kill -9 survives. Uploaded videos are not kept: only what they were (size, type, duration).
 * Layout: one JSON snapshot row for the small data, one row per base64 image (written once, so a snapshot
 * stays small however many images are stored).
 */
import { Database } from "bun:sqlite";

export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  accountId: string;
  scopes: string[];
  expiresAt: number;
  usedAt: number | null;
}

export interface AccessTokenRecord {
  clientId: string;
  accountId: string;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshTokenRecord {
  clientId: string;
  accountId: string;
  scopes: string[];
  expiresAt: number;
  /** continuous: every refresh rotates it; legacy: it stays and no new one is issued. */
  mode: "continuous" | "legacy";
  /** Set when a refresh rotated it away (continuous mode). */
  replacedAt: number | null;
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
  id: string;
  accountId: string;
  name: string;
  description: string;
  privacy: "PUBLIC" | "PROTECTED" | "SECRET";
  createdAt: number;
}

/** A section made through POST /v5/boards/{id}/sections (demo boards have fixed ones too). */
export interface SectionRecord {
  id: string;
  boardId: string;
  name: string;
  createdAt: number;
}

/**
 * A registered media upload (POST /v5/media) and what became of it. Its status follows from the record and
 * the clock: registered until bytes arrive, then processing for `processingMs`, then `outcome`.
 */
export interface MediaRecord {
  id: string;
  accountId: string;
  /** The S3-style form fields it was registered with; an upload must send every one unchanged. */
  parameters: Record<string, string>;
  registeredAt: number;
  /** Until then the upload parameters are good (the policy's expiration). */
  expiresAt: number;
  uploadedAt: number | null;
  /** How many uploads of bytes were received (a second one replaces the first, as on S3). */
  uploads: number;
  byteLength: number | null;
  contentType: string | null;
  durationMs: number | null;
  width: number | null;
  height: number | null;
  processingMs: number;
  /** Decided when the bytes arrive: failed when they are not a video, or a fault said so. */
  outcome: "succeeded" | "failed" | null;
}

export interface PinRecord {
  id: string;
  accountId: string;
  boardId: string;
  /** Absent in states saved before sections existed. */
  boardSectionId?: string | null;
  title: string | null;
  description: string | null;
  link: string | null;
  altText: string | null;
  dominantColor: string;
  media: PinMediaRecord;
  width: number;
  height: number;
  createdAt: number;
  deletedAt: number | null;
  /** Created while the "lose the response" fault was on: stored, but the caller never heard back. */
  responseLost: boolean;
}

export interface StateData {
  version: 1;
  /** The next pin's sequence number (pin ids grow with it, so "newest first" is creation order). */
  nextPinSeq: number;
  codes: Record<string, CodeRecord>;
  accessTokens: Record<string, AccessTokenRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  pins: PinRecord[];
  /** Boards, sections and media uploads made through the API (added after version 1 shipped: may be absent). */
  boards: BoardRecord[];
  sections: SectionRecord[];
  media: MediaRecord[];
  nextBoardSeq: number;
  nextSectionSeq: number;
  nextMediaSeq: number;
}

export interface StoredMedia {
  contentType: string;
  bytes: Uint8Array;
}

export interface Store {
  readonly data: StateData;
  /** Writes the current data (no-op in memory). Call after every mutation, before answering. */
  commit(): void;
  putMedia(pinId: string, media: StoredMedia): void;
  media(pinId: string): StoredMedia | null;
  /** Back to an empty state (demo accounts and boards are fixed data and stay). */
  reset(): void;
  close(): void;
}

export const emptyState = (): StateData => ({
  version: 1,
  nextPinSeq: 1,
  codes: {},
  accessTokens: {},
  refreshTokens: {},
  pins: [],
  boards: [],
  sections: [],
  media: [],
  nextBoardSeq: 1,
  nextSectionSeq: 1,
  nextMediaSeq: 1,
});

export function openStore(path?: string): Store {
  const mediaCache = new Map<string, StoredMedia>();
  if (!path) {
    let data = emptyState();
    return {
      get data() {
        return data;
      },
      commit() {},
      putMedia: (pinId, media) => void mediaCache.set(pinId, media),
      media: (pinId) => mediaCache.get(pinId) ?? null,
      reset() {
        data = emptyState();
        mediaCache.clear();
      },
      close() {},
    };
  }

  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec(
    "CREATE TABLE IF NOT EXISTS emulator_state (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)",
  );
  db.exec(
    "CREATE TABLE IF NOT EXISTS emulator_media (pin_id TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL)",
  );
  const row = db.query<{ data: string }, []>("SELECT data FROM emulator_state WHERE id = 1").get();
  let data = row ? migrateData(JSON.parse(row.data)) : emptyState();
  const save = db.query<void, { $data: string }>(
    "INSERT INTO emulator_state (id, data) VALUES (1, $data) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
  );
  const insertMedia = db.query<void, { $pin: string; $type: string; $bytes: Uint8Array }>(
    "INSERT OR REPLACE INTO emulator_media (pin_id, content_type, bytes) VALUES ($pin, $type, $bytes)",
  );
  const selectMedia = db.query<{ content_type: string; bytes: Uint8Array }, { $pin: string }>(
    "SELECT content_type, bytes FROM emulator_media WHERE pin_id = $pin",
  );
  let open = true;
  return {
    get data() {
      return data;
    },
    commit() {
      if (open) save.run({ $data: JSON.stringify(data) });
    },
    putMedia(pinId, media) {
      mediaCache.set(pinId, media);
      if (open) insertMedia.run({ $pin: pinId, $type: media.contentType, $bytes: media.bytes });
    },
    media(pinId) {
      const cached = mediaCache.get(pinId);
      if (cached || !open) return cached ?? null;
      const found = selectMedia.get({ $pin: pinId });
      if (!found) return null;
      const media = { contentType: found.content_type, bytes: new Uint8Array(found.bytes) };
      mediaCache.set(pinId, media);
      return media;
    },
    reset() {
      data = emptyState();
      mediaCache.clear();
      if (open) {
        db.transaction(() => {
          db.exec("DELETE FROM emulator_media");
          save.run({ $data: JSON.stringify(data) });
        })();
      }
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

/** Future shape changes go here; today there is one version (later fields default when absent). */
function migrateData(raw: unknown): StateData {
  const value = raw as Partial<StateData>;
  if (value?.version !== 1) return emptyState();
  return { ...emptyState(), ...value };
}
