/**
 * POST /pins/import and GET /pins/export (issue 17). An import reads Pinterest's bulk-create CSV, checks every
 * row (reporting each problem by row and column), and creates the pins through the pins service exactly as
 * POST /pins/bulk does: the Growth plan or higher (bulk creation), quotas per pin, all or nothing, one
 * transaction, pre-flight into review. A dry run only reports (and is open to every plan: it creates nothing).
 * An export writes the same eight columns, so a file goes out and back in unchanged.
 */
import { createHash } from "node:crypto";
import { boardsOf } from "../boards/boards.service";
import type { User } from "../db/schema";
import { once } from "../idempotency/idempotency.service";
import type { PinDto } from "../pins/pins.schema";
import { createPins, listPins, type PinDeps, previewPins } from "../pins/pins.service";
import { getProfileOfUser, resolveProfile } from "../profiles/profiles.service";
import { toApiTime } from "../shared/time";
import { CsvFileError, readCsv, writeCsv } from "./imports.csv";
import { fileTooLarge, fileUnreadable, rowsInvalid } from "./imports.errors";
import { type Board, formatPublishDate, mapHeader, type RowOutcome, readRow } from "./imports.rows";
import {
  CSV_COLUMNS,
  type ExportQueryInput,
  type ImportReportDto,
  type ImportResultDto,
  type ImportRowDto,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  type PinPreviewDto,
} from "./imports.schema";

export type ImportDeps = PinDeps;

export interface ImportInput {
  file: File;
  dryRun: boolean;
  skipInvalid: boolean;
  profileId?: number;
  idempotencyKey: string | null;
}

type Checked = { row: number; outcome: RowOutcome };

/** A pin as the report shows it: checked only (a preview, its time made API time first) or created. */
const reportPin = (p: Omit<PinPreviewDto, "board_name">, boardName: string | null): PinPreviewDto => ({
  profile_id: p.profile_id,
  board_id: p.board_id,
  board_name: boardName,
  title: p.title,
  description: p.description,
  media_url: p.media_url,
  link: p.link,
  alt_text: p.alt_text,
  status: p.status,
  scheduled_at: p.scheduled_at,
  error_message: p.error_message,
});

/** Reads and checks every row of the file; throws 413 / 422 (the file itself) before any row is looked at. */
async function checkFile(deps: ImportDeps, user: User, bytes: Uint8Array, profileId?: number) {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw fileTooLarge();
  let table: ReturnType<typeof readCsv>;
  let columns: ReturnType<typeof mapHeader>;
  try {
    table = readCsv(bytes);
    columns = mapHeader(table.header);
  } catch (err) {
    throw fileUnreadable(err instanceof CsvFileError || err instanceof Error ? err.message : String(err));
  }
  const records = table.records
    .map((record, i) => ({ row: i + 2, record }))
    // an empty line, or a row a spreadsheet wrote as commas only, is no pin
    .filter(({ record }) => record.some((cell) => cell.trim() !== ""));
  if (records.length === 0) throw fileUnreadable("The file has a header but no rows.");
  if (records.length > MAX_IMPORT_ROWS)
    throw fileUnreadable(
      `The file has ${records.length.toLocaleString("en-US")} rows; at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} can be imported at once. Split it.`,
    );
  const profile = await resolveProfile(deps, user, profileId);
  const boardCell = columns.index.board;
  const needBoards =
    boardCell !== undefined &&
    records.some(({ record }) =>
      (record[boardCell] ?? "").trim() !== "" && columns.index.board_id === undefined
        ? true
        : (record[columns.index.board_id ?? -1] ?? "").trim() === "" &&
          (record[boardCell] ?? "").trim() !== "",
    );
  const boards: Board[] | null = needBoards
    ? (await boardsOf(deps, profile)).map((b) => ({ id: b.id, name: b.name }))
    : null;
  const ctx = {
    zone: user.timezone,
    now: deps.clock.now(),
    profileId: profile.id,
    username: profile.pinterest_username,
    boards,
  };
  const checked: Checked[] = records.map(({ row, record }) => ({
    row,
    outcome: readRow(record, columns, ctx),
  }));
  noteDuplicateTitles(checked);
  return { checked, ignored: columns.ignored };
}

/** Pinterest's own bulk tool refuses a file with two rows of the same title; PinFlow makes both and says so. */
function noteDuplicateTitles(checked: Checked[]) {
  const byTitle = new Map<string, number[]>();
  for (const c of checked) {
    if (!c.outcome.ok || !c.outcome.input.title) continue;
    const key = c.outcome.input.title.trim().toLowerCase();
    byTitle.set(key, [...(byTitle.get(key) ?? []), c.row]);
  }
  for (const c of checked) {
    if (!c.outcome.ok || !c.outcome.input.title) continue;
    const others = (byTitle.get(c.outcome.input.title.trim().toLowerCase()) ?? []).filter((r) => r !== c.row);
    if (others.length)
      c.outcome.warnings.push(
        `The same title is on row${others.length > 1 ? "s" : ""} ${others.join(", ")}: PinFlow makes each pin, but Pinterest's own bulk tool refuses duplicate titles.`,
      );
  }
}

/** The report of a file whose valid rows have these previews (in row order). */
function report(
  checked: Checked[],
  previews: PinPreviewDto[],
  ignored: string[],
  pinIds?: number[],
): ImportReportDto {
  let next = 0;
  const rows: ImportRowDto[] = checked.map(({ row, outcome }) => {
    if (!outcome.ok) return { row, ok: false, errors: outcome.errors };
    const i = next++;
    return {
      row,
      ok: true,
      pin: previews[i] as PinPreviewDto,
      warnings: outcome.warnings,
      ...(pinIds && { pin_id: pinIds[i] as number }),
    };
  });
  const valid = rows.filter((r) => r.ok).length;
  return { rows, valid, invalid: rows.length - valid, ignored_columns: ignored };
}

const validOf = (checked: Checked[]) =>
  checked.flatMap((c) => (c.outcome.ok ? [{ input: c.outcome.input, boardName: c.outcome.boardName }] : []));

async function previewReport(deps: ImportDeps, user: User, checked: Checked[], ignored: string[]) {
  const valid = validOf(checked);
  const previews = await previewPins(
    deps,
    user,
    valid.map((v) => v.input),
  );
  return report(
    checked,
    previews.map((p, i) =>
      reportPin({ ...p, scheduled_at: toApiTime(p.scheduled_at) }, valid[i]?.boardName ?? null),
    ),
    ignored,
  );
}

/** The dry run: every row checked and previewed as the pin it would be; nothing written. */
export async function dryRunImport(
  deps: ImportDeps,
  user: User,
  input: ImportInput,
): Promise<ImportReportDto> {
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  const { checked, ignored } = await checkFile(deps, user, bytes, input.profileId);
  return previewReport(deps, user, checked, ignored);
}

async function runImport(
  deps: ImportDeps,
  user: User,
  bytes: Uint8Array,
  input: ImportInput,
): Promise<ImportResultDto> {
  const { checked, ignored } = await checkFile(deps, user, bytes, input.profileId);
  const valid = validOf(checked);
  const invalid = checked.length - valid.length;
  if ((invalid > 0 && !input.skipInvalid) || valid.length === 0) {
    throw rowsInvalid(await previewReport(deps, user, checked, ignored));
  }
  const pins = await createPins(
    deps,
    user,
    valid.map((v) => v.input),
  );
  const base = report(
    checked,
    pins.map((p, i) => reportPin(p, valid[i]?.boardName ?? null)),
    ignored,
    pins.map((p) => p.id),
  );
  return { ...base, created: pins.length, pins };
}

/** The import itself (201), all or nothing unless skip_invalid; an Idempotency-Key makes a retry safe. */
export async function importPins(deps: ImportDeps, user: User, input: ImportInput) {
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw fileTooLarge();
  const request = [
    "POST /pins/import",
    createHash("sha256").update(bytes).digest("hex"),
    input.skipInvalid,
    input.profileId ?? null,
  ];
  return once(deps, { userId: user.id, key: input.idempotencyKey, request }, async () => ({
    status: 201,
    body: await runImport(deps, user, bytes, input),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------

const PAGE = 1000;
/** An export holds at most this many pins (filters narrow it). */
export const MAX_EXPORT_PINS = 100_000;

async function allPins(deps: ImportDeps, user: User, q: ExportQueryInput): Promise<PinDto[]> {
  const { format: _, ...filter } = q;
  const out: PinDto[] = [];
  for (let offset = 0; out.length < MAX_EXPORT_PINS; offset += PAGE) {
    const { pins } = await listPins(deps, user, { ...filter, limit: PAGE, offset });
    out.push(...pins);
    if (pins.length < PAGE) break;
  }
  return out.slice(0, MAX_EXPORT_PINS);
}

/** Board names per profile, as Pinterest lists them now; a board it cannot name stays its id (which imports too). */
async function boardNames(deps: ImportDeps, user: User, profileIds: Iterable<number>) {
  const names = new Map<string, string>();
  for (const id of new Set(profileIds)) {
    try {
      const profile = await getProfileOfUser(deps, user, id);
      for (const b of await boardsOf(deps, profile)) names.set(`${id}:${b.id}`, b.name);
    } catch (err) {
      deps.log.warn("export without board names", { profile_id: id, err: (err as Error).message });
    }
  }
  return names;
}

/** The pins as Pinterest's eight columns: Publish date only for scheduled pins, in the user's time zone. */
export async function exportCsv(deps: ImportDeps, user: User, q: ExportQueryInput): Promise<string> {
  const pins = await allPins(deps, user, q);
  const names = await boardNames(
    deps,
    user,
    pins.map((p) => p.profile_id),
  );
  const rows = pins.map((p) => [
    p.title ?? "",
    p.media_url,
    names.get(`${p.profile_id}:${p.board_id}`) ?? p.board_id,
    "",
    p.description ?? "",
    p.link ?? "",
    p.status === "scheduled" && p.scheduled_at
      ? formatPublishDate(Date.parse(p.scheduled_at), user.timezone)
      : "",
    "",
  ]);
  return writeCsv([[...CSV_COLUMNS], ...rows]);
}

export const exportJson = (deps: ImportDeps, user: User, q: ExportQueryInput) => allPins(deps, user, q);

/** `pinflow-pins-2026-05-01.csv`: the day in the user's time zone. */
export function exportFileName(deps: Pick<ImportDeps, "clock">, user: User, format: "csv" | "json") {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: user.timezone }).format(deps.clock.now());
  return `pinflow-pins-${day}.${format}`;
}
