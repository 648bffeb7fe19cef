import { useRef, useState } from "preact/hooks";
import type { BoardsDto } from "../../../boards/boards.schema";
import {
  CSV_COLUMNS,
  type ImportReportDto,
  type ImportResultDto,
  type ImportRowDto,
  MAX_IMPORT_ROWS,
} from "../../../imports/imports.schema";
import { ApiError, get, qs } from "../api";
import { withBase } from "../base";
import { Button, ErrorText, Notice, PageHeader, StatusChip } from "../components/ui";
import { formatTime } from "../format";
import { useLoad } from "../hooks";
import { useSession } from "../session";

/** POST /pins/import with the file; the report (200/422) or the result (201), else an ApiError. */
async function send(
  file: File,
  query: Record<string, string | number | undefined>,
  key?: string,
): Promise<ImportReportDto | ImportResultDto> {
  const form = new FormData();
  form.append("file", file);
  let res: Response;
  try {
    res = await fetch(withBase(`/pins/import${qs(query)}`), {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: key ? { "idempotency-key": key } : {},
    });
  } catch {
    throw new ApiError(0, "PinFlow is not reachable. Check that it is running.");
  }
  const body = await res.json().catch(() => null);
  if (res.ok || (res.status === 422 && body && "rows" in body)) return body;
  const detail = body?.detail;
  const message = Array.isArray(detail)
    ? detail.map((d: { msg: string }) => d.msg).join(" ")
    : typeof detail === "string"
      ? detail
      : `Import failed (${res.status})`;
  throw new ApiError(res.status, message);
}

/** A small file in Pinterest's format, with the account's first board, to start from. */
function sampleCsv(board: string): string {
  const soon = new Date(Date.now() + 7 * 86_400_000);
  const day = soon.toISOString().slice(0, 10);
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const rows = [
    [...CSV_COLUMNS],
    [
      "Easy sourdough starter",
      "https://images.example.com/starter.jpg",
      board,
      "",
      "Flour, water and a week of patience.",
      "https://example.com/starter",
      `${day}T09:00:00`,
      "sourdough, baking",
    ],
    [
      "Weeknight pasta",
      "https://images.example.com/pasta.jpg",
      board,
      "",
      "Ready in 20 minutes.",
      "",
      "",
      "",
    ],
  ];
  return rows.map((r) => r.map(cell).join(",")).join("\r\n");
}

function RowLine(props: { row: ImportRowDto; timezone: string }) {
  const { row } = props;
  if (!row.ok) {
    return (
      <tr class="import-row-error" data-row={row.row}>
        <td class="num">{row.row}</td>
        <td colSpan={4}>
          <ul class="import-errors">
            {row.errors.map((e) => (
              <li key={`${e.column}:${e.msg}`}>
                <strong>{e.column}:</strong> {e.msg}
              </li>
            ))}
          </ul>
        </td>
      </tr>
    );
  }
  const pin = row.pin;
  return (
    <tr data-row={row.row}>
      <td class="num">{row.row}</td>
      <td>
        <strong>{pin.title || <em>Untitled</em>}</strong>
        <div class="muted small break">{pin.media_url}</div>
        {row.warnings.map((w) => (
          <div key={w} class="warn-text small">
            {w}
          </div>
        ))}
        {pin.error_message ? <div class="pin-error small">{pin.error_message}</div> : null}
      </td>
      <td>{pin.board_name ?? pin.board_id}</td>
      <td>{pin.scheduled_at ? formatTime(pin.scheduled_at, props.timezone) : "Next free slot"}</td>
      <td>
        <StatusChip status={pin.status} />
      </td>
    </tr>
  );
}

export function ImportPage() {
  const { me, selected } = useSession();
  const timezone = me?.timezone ?? "UTC";
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReportDto | null>(null);
  const [done, setDone] = useState<ImportResultDto | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [key, setKey] = useState("");
  const boards = useLoad(
    () => (selected ? get<BoardsDto>(`/boards${qs({ profile_id: selected.id })}`) : Promise.resolve(null)),
    [selected?.id],
  );
  const sample = sampleCsv(boards.data?.items[0]?.name ?? "My board");

  const check = async (chosen: File | undefined | null) => {
    if (!chosen) return;
    setFile(chosen);
    setReport(null);
    setDone(null);
    setError(null);
    setSkipInvalid(false);
    setKey(crypto.randomUUID());
    setBusy(true);
    try {
      setReport(await send(chosen, { dry_run: "true", profile_id: selected?.id }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const importNow = async () => {
    if (!file || !report) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await send(
        file,
        { profile_id: selected?.id, skip_invalid: skipInvalid ? "true" : undefined },
        key,
      );
      if ("created" in answer) {
        setDone(answer);
        setReport(null);
      } else setReport(answer);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const toCreate = report ? (report.invalid === 0 || skipInvalid ? report.valid : 0) : 0;
  return (
    <div>
      <PageHeader
        title="Import"
        subtitle={`Pinterest's bulk CSV → pins for @${selected?.pinterest_username ?? "this account"}. Up to ${MAX_IMPORT_ROWS.toLocaleString()} rows; dates without a zone are in ${timezone}.`}
      >
        <a
          class="btn btn-secondary"
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(sample)}`}
          download="pinflow-sample.csv"
        >
          Download a sample CSV
        </a>
      </PageHeader>
      <button
        type="button"
        class={`dropzone ${dragging ? "dragging" : ""}`}
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void check(e.dataTransfer?.files[0]);
        }}
      >
        <span class="dropzone-icon" aria-hidden="true">
          ⇪
        </span>
        <strong>
          {file ? `${file.name}: drop another file to check it` : "Drop a CSV file here or click to choose"}
        </strong>
        <span class="hint">Columns: {CSV_COLUMNS.join(", ")} — any order; a board by its name</span>
      </button>
      <input
        ref={input}
        id="import-file"
        type="file"
        accept=".csv,text/csv"
        class="sr-only"
        onChange={(e) => {
          const target = e.target as HTMLInputElement;
          void check(target.files?.[0]);
          target.value = "";
        }}
      />
      <ErrorText error={error} />
      {done ? (
        <Notice kind="success">
          Imported {done.created} pin{done.created === 1 ? "" : "s"}
          {done.invalid ? ` (${done.invalid} row${done.invalid === 1 ? "" : "s"} skipped)` : ""}.{" "}
          <a href={withBase("/app/pins")}>See them in Pins</a>
        </Notice>
      ) : null}
      {report ? (
        <section class="section" aria-label="Check of the file">
          <div class="import-summary">
            <span>
              <strong>{report.valid}</strong> row{report.valid === 1 ? "" : "s"} ready
              {report.invalid ? (
                <>
                  , <strong class="error-text-inline">{report.invalid}</strong> with errors
                </>
              ) : null}
              {report.ignored_columns.length ? (
                <span class="muted"> · ignored columns: {report.ignored_columns.join(", ")}</span>
              ) : null}
            </span>
            {report.invalid > 0 && report.valid > 0 ? (
              <label class="inline">
                <input
                  type="checkbox"
                  checked={skipInvalid}
                  onChange={(e) => setSkipInvalid((e.target as HTMLInputElement).checked)}
                />
                Skip the rows with errors
              </label>
            ) : null}
            <Button variant="primary" busy={busy} disabled={toCreate === 0} onClick={() => void importNow()}>
              Import {toCreate} pin{toCreate === 1 ? "" : "s"}
            </Button>
          </div>
          <table class="table import-table">
            <thead>
              <tr>
                <th class="num">Row</th>
                <th>Pin</th>
                <th>Board</th>
                <th>Publishes</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <RowLine key={row.row} row={row} timezone={timezone} />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
