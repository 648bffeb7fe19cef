/**
 * Seed data written straight into pinflow.db (bun:sqlite, one transaction, prepared statements): far faster
 * than the API for 100 000 rows. Only done while PinFlow is stopped, except `injectDeliveries`, which a
 * running PinFlow tolerates (WAL, busy_timeout) the way it tolerates the CLI.
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";

export type SeedStatus = "scheduled" | "queued" | "published" | "draft" | "failed";

export function openDb(dataDir: string, readonly = false): Database {
  const db = new Database(join(dataDir, "pinflow.db"), readonly ? { readonly: true } : { strict: false });
  db.run("PRAGMA busy_timeout = 10000");
  return db;
}

export function owner(db: Database): { userId: number; profileId: number } {
  const row = db
    .query("SELECT id AS profileId, user_id AS userId FROM profiles ORDER BY id LIMIT 1")
    .get() as {
    userId: number;
    profileId: number;
  } | null;
  if (!row) throw new Error("no profile: sign in first");
  return row;
}

export interface PinSpec {
  status: SeedStatus;
  boardId: string;
  title: string;
  scheduledAt: number | null;
  publishedAt?: number | null;
  sortOrder?: number;
  mediaUrl?: string;
}

/** The columns of a seeded pin, in the order of `pinValues`. */
export const PIN_COLUMNS = `user_id, profile_id, board_id, title, description, link, alt_text, media_url, status,
         scheduled_at, published_at, pinterest_pin_id, error_message, sort_order, created_at, updated_at`;

/**
 * One seeded pin's values for PIN_COLUMNS; `n` (its place in this seeding) makes a published pin's
 * Pinterest id unique.
 */
export function pinValues(
  owner: { userId: number; profileId: number },
  p: PinSpec,
  n: number,
  now: number,
): Array<string | number | null> {
  const published = p.status === "published";
  return [
    owner.userId,
    owner.profileId,
    p.boardId,
    p.title,
    "Seeded by bench/: a description of ordinary length for a pin, like most users write.",
    "https://shop.example.com/products/42",
    "A photo",
    p.mediaUrl ?? "https://images.example.com/photo.jpg",
    p.status,
    p.scheduledAt,
    published ? (p.publishedAt ?? now) : null,
    published ? `99900000${String(n).padStart(10, "0")}` : null,
    p.status === "failed" ? "Seeded failure" : null,
    p.sortOrder ?? 0,
    now,
    now,
  ];
}

/** Inserts pins in one transaction; returns the first and last id. */
export function insertPins(
  dataDir: string,
  pins: Iterable<PinSpec>,
): { first: number; last: number; count: number } {
  const db = openDb(dataDir);
  try {
    const pinOwner = owner(db);
    const now = Date.now();
    const stmt = db.prepare(
      `INSERT INTO pins (${PIN_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let first = 0;
    let last = 0;
    let count = 0;
    db.transaction(() => {
      for (const p of pins) {
        const res = stmt.run(...pinValues(pinOwner, p, count, now));
        const id = Number(res.lastInsertRowid);
        if (!first) first = id;
        last = id;
        count++;
      }
    })();
    return { first, last, count };
  } finally {
    db.close();
  }
}

/**
 * A mixed history for the API benchmarks: per 10 pins, 4 scheduled (in the future, so the scheduler leaves
 * them alone), 4 published, 1 draft, 1 failed — spread over the boards.
 */
export function* historyPins(n: number, boards: string[], startIndex = 0): Generator<PinSpec> {
  const future = Date.now() + 30 * 86_400_000;
  for (let i = startIndex; i < startIndex + n; i++) {
    const kind = i % 10;
    const status: SeedStatus =
      kind < 4 ? "scheduled" : kind < 8 ? "published" : kind === 8 ? "draft" : "failed";
    yield {
      status,
      boardId: boards[i % boards.length] as string,
      title: `History pin ${i}`,
      scheduledAt: status === "scheduled" ? future + i * 60_000 : null,
      publishedAt: status === "published" ? Date.now() - i * 60_000 : null,
    };
  }
}

/** Deletes pins with id above `lastId` (what a POST benchmark added) and their outbox rows. */
export function deletePinsAbove(dataDir: string, lastId: number): number {
  const db = openDb(dataDir);
  try {
    return db.run("DELETE FROM pins WHERE id > ?", [lastId]).changes;
  } finally {
    db.close();
  }
}

export function maxPinId(dataDir: string): number {
  const db = openDb(dataDir, true);
  try {
    return (db.query("SELECT coalesce(max(id), 0) AS n FROM pins").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Pending deliveries for `webhookId`, due now, with a body shaped like a real pin event. */
export function injectDeliveries(dataDir: string, webhookId: number, n: number, tag: string): void {
  const db = openDb(dataDir);
  try {
    const now = Date.now();
    const stmt = db.prepare(
      `INSERT INTO webhook_deliveries (webhook_id, message_id, event, payload, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, 'pin.created', ?, 'pending', 0, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const payload = JSON.stringify({
          event: "pin.created",
          timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
          data: { pin_id: i + 1, title: `Injected ${i}`, board_id: "1", status: "queued" },
        });
        stmt.run(webhookId, `msg_${tag}_${i}`, payload, now, now);
      }
    })();
  } finally {
    db.close();
  }
}
