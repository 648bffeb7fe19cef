/**
 * CSV in and out, as RFC 4180 says and spreadsheets write it: fields separated by commas, records by CRLF or
 * LF, a field quoted with `"` when it holds a comma, a quote (doubled) or a line break. Reading is csv-parse's
 * (well-kept, no dependencies, the reference RFC 4180 parser of the Node world); writing is the few lines
 * below, which quote exactly what reading needs, so an export reads back to the same values.
 */
import { CsvError, parse } from "csv-parse/sync";

export class CsvFileError extends Error {}

export interface CsvTable {
  header: string[];
  /** The records after the header; index i is spreadsheet row i + 2. */
  records: string[][];
}

/** UTF-8 text (a BOM is dropped), parsed into records. Throws CsvFileError with a sentence for the user. */
export function readCsv(bytes: Uint8Array): CsvTable {
  let text: string;
  try {
    // fatal: a file saved as Windows-1252 / Latin-1 is refused rather than read as garbage
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CsvFileError(
      'The file is not UTF-8 text. Save it as "CSV UTF-8" (Excel) or download it as CSV from your spreadsheet.',
    );
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // each line break a spreadsheet may write, even mixed in one file (csv-parse would guess one from the first)
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as string[][];
  } catch (err) {
    const detail = err instanceof CsvError ? err.message.replace(/^Invalid [^:]*: /, "") : "";
    throw new CsvFileError(`The file is not valid CSV${detail ? `: ${detail}` : ""}.`);
  }
  const [header, ...rest] = records;
  if (!header || header.every((h) => h.trim() === "")) throw new CsvFileError("The file is empty.");
  return { header, records: rest };
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function field(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Records → CSV text: CRLF after every record (RFC 4180), quoting only where needed. */
export function writeCsv(records: ReadonlyArray<ReadonlyArray<string>>): string {
  return records.map((r) => `${r.map(field).join(",")}\r\n`).join("");
}
