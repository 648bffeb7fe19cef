/**
 * The kill -9 publishing storm, shared by chaos/kill.ts (one process on SQLite) and chaos/kill-postgres.ts
 * (three processes on PostgreSQL): the seeded pins, the client that keeps POSTing through the kills, and the
 * verdict — every acknowledged pin must be on Pinterest exactly once (matched by title, unique per pin).
 */
import { sleep } from "./proc";
import type { PinSpec } from "./seed";
import type { EmulatorState } from "./world";

/** `count` scheduled pins titled `storm <i>`, due evenly over 20 s from `firstDue`, round-robin on `boards`. */
export function* stormPins(boards: string[], count: number, firstDue: number): Generator<PinSpec> {
  for (let i = 0; i < count; i++) {
    yield {
      status: "scheduled",
      boardId: boards[i % boards.length] as string,
      title: `storm ${i}`,
      scheduledAt: firstDue + Math.floor((i * 20_000) / count),
    };
  }
}

export interface Poster {
  /** Stops posting; resolves once the last POST has finished. */
  stop(): Promise<{ acknowledged: number[]; refused: number }>;
}

/**
 * A client that keeps creating pins through the API, whatever state PinFlow is in: every 100 ms one POST to
 * the process `pick` returns (none up: no POST). Acknowledged = answered 201; refused = the request failed.
 */
export function startPoster(
  pick: () => { url: string } | null | undefined,
  key: string,
  boards: string[],
): Poster {
  const acknowledged: number[] = [];
  let refused = 0;
  let posting = true;
  const posted = (async () => {
    let n = 0;
    while (posting) {
      const pf = pick();
      if (pf) {
        // A new title for every attempt: a POST cut off by a kill may still have created its pin.
        const title = `api ${n++}`;
        try {
          const res = await fetch(`${pf.url}/pins`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: JSON.stringify({
              board_id: boards[n % boards.length],
              media_url: "https://images.example.com/photo.jpg",
              title,
              scheduled_at: new Date(Date.now() + 2000).toISOString(),
            }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: number }).id);
          else await res.arrayBuffer();
        } catch {
          refused++;
        }
      }
      await sleep(100);
    }
  })();
  return {
    async stop() {
      posting = false;
      await posted;
      return { acknowledged, refused };
    },
  };
}

/** A pin as PinFlow left it (more columns may come along: examples show the whole row). */
export interface StormRow {
  id: number;
  title: string;
  status: string;
  pinterest_pin_id: string | null;
  error_message: string | null;
}

export interface StormVerdict {
  lostResponsesOnEmulator: number;
  published: number;
  failed: number;
  failedReasons: Record<string, number>;
  notSettled: number;
  lost: number;
  lostExamples: unknown[];
  duplicated: number;
  duplicateExamples: unknown[];
  misattributed: number;
  /** Pins that must exist, are on Pinterest, and PinFlow marked failed. */
  onPinterestButFailed: number;
}

/**
 * Judges the storm: `rows` are every pin in PinFlow, `mustExist` the ids that were acknowledged (seeded or
 * answered 201), `logs` PinFlow's log lines (each duplicate's example carries the lines of its pin).
 */
export function stormVerdict(
  rows: StormRow[],
  state: EmulatorState,
  mustExist: number[],
  logs: string,
): StormVerdict {
  const byTitle = new Map<string, string[]>();
  for (const p of state.pins) byTitle.set(p.title ?? "", [...(byTitle.get(p.title ?? "") ?? []), p.id]);
  const pinterestById = new Map(state.pins.map((p) => [p.id, p]));
  const rowById = new Map(rows.map((r) => [r.id, r]));

  const lostExamples: unknown[] = [];
  let lost = 0;
  let misattributed = 0;
  let onPinterestButFailed = 0;
  for (const id of mustExist) {
    const row = rowById.get(id);
    const created = row ? (byTitle.get(row.title) ?? []) : [];
    if (!row || created.length === 0) {
      lost++;
      if (lostExamples.length < 5) lostExamples.push(row ?? { id, missing: "row gone" });
      continue;
    }
    if (
      row.status === "published" &&
      row.pinterest_pin_id &&
      pinterestById.get(row.pinterest_pin_id)?.title !== row.title
    )
      misattributed++;
    if (row.status === "failed") onPinterestButFailed++;
  }
  const duplicateExamples: unknown[] = [];
  let duplicated = 0;
  for (const [title, ids] of byTitle) {
    if (ids.length > 1) {
      duplicated += ids.length - 1;
      if (duplicateExamples.length < 5) {
        const row = rows.find((r) => r.title === title);
        const pinLog = logs
          .split("\n")
          .filter((l) => row && l.includes(`"pin_id":${row.id},`))
          .map((l) => l.slice(0, 300));
        duplicateExamples.push({
          title,
          onPinterest: ids.map((id) => pinterestById.get(id)),
          pinflow: row,
          log: pinLog,
        });
      }
    }
  }
  const failedReasons: Record<string, number> = {};
  for (const r of rows.filter((x) => x.status === "failed")) {
    const reason = (r.error_message ?? "(none)").slice(0, 120);
    failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
  }
  return {
    lostResponsesOnEmulator: state.pins.filter((p) => p.responseLost).length,
    published: rows.filter((r) => r.status === "published").length,
    failed: rows.filter((r) => r.status === "failed").length,
    failedReasons,
    notSettled: rows.filter((r) => ["scheduled", "queued", "publishing"].includes(r.status)).length,
    lost,
    lostExamples,
    duplicated,
    duplicateExamples,
    misattributed,
    onPinterestButFailed,
  };
}
