/**
 * Bulk in and out (issue 17): Pinterest's bulk-create CSV for POST /pins/import, and GET /pins/export. The
 * eight columns are Pinterest's own, so a file goes both ways: PinFlow → PinFlow, and PinFlow → Pinterest's bulk
 * tool. The browser bundle imports this file (the Import page): valibot and shared/ only.
 */
import * as v from "valibot";
import { ListPinsQuery, PinSchema } from "../pins/pins.schema";
import { PIN_STATUSES } from "../shared/pin-status";
import { IdParam, NullableApiTime } from "../shared/schema";

/** Pinterest's bulk-create header, in its order: what GET /pins/export writes. */
export const CSV_COLUMNS = [
  "Title",
  "Media URL",
  "Pinterest board",
  "Thumbnail",
  "Description",
  "Link",
  "Publish date",
  "Keywords",
] as const;

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 1000;

const about = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));
const flag = (text: string) => v.optional(about(v.picklist(["true", "false", "1", "0"]), text));

export const ImportBody = v.object({
  file: about(v.file(), "The CSV file (UTF-8, with or without BOM), at most 5 MB and 1,000 rows"),
});

export const ImportQuery = v.object({
  dry_run: flag("true: check every row and answer the report (200); nothing is created"),
  skip_invalid: flag("true: create the valid rows and report the others, instead of refusing the file (422)"),
  profile_id: v.optional(
    about(IdParam, "The connected Pinterest account the pins are for (default: the selected one)"),
  ),
});

export const isTrue = (value: string | undefined) => value === "true" || value === "1";

/** A row as it would become a pin: the pin's fields after the pre-flight (a pin that would fail goes to review). */
export const PinPreviewSchema = v.object({
  profile_id: v.number(),
  board_id: v.string(),
  board_name: about(v.nullable(v.string()), "The board's name when the row named it"),
  title: v.nullable(v.string()),
  description: about(v.nullable(v.string()), "With the row's Keywords appended when they fit"),
  media_url: v.string(),
  link: v.nullable(v.string()),
  alt_text: v.nullable(v.string()),
  status: about(
    v.picklist(PIN_STATUSES),
    "scheduled (a Publish date), queued (none: the next free slot), or review (it would fail on Pinterest)",
  ),
  scheduled_at: NullableApiTime,
  error_message: about(v.nullable(v.string()), "Why the pin would go to review"),
});
export type PinPreviewDto = v.InferOutput<typeof PinPreviewSchema>;

export const RowErrorSchema = v.object({
  column: about(v.string(), "The column at fault, by its name in Pinterest's header"),
  msg: v.string(),
});
export type RowError = v.InferOutput<typeof RowErrorSchema>;

const ValidRow = v.object({
  row: about(v.number(), "The row number as a spreadsheet shows it (the header is row 1)"),
  ok: v.literal(true),
  pin: PinPreviewSchema,
  warnings: about(v.array(v.string()), "What was changed or left out, e.g. keywords without room"),
  pin_id: v.optional(about(v.number(), "The pin created from the row (201 only)")),
});
const InvalidRow = v.object({
  row: v.number(),
  ok: v.literal(false),
  errors: v.array(RowErrorSchema),
});
export const ImportRowSchema = v.union([ValidRow, InvalidRow]);
export type ImportRowDto = v.InferOutput<typeof ImportRowSchema>;

const reportEntries = {
  rows: v.array(ImportRowSchema),
  valid: v.number(),
  invalid: v.number(),
  ignored_columns: about(
    v.array(v.string()),
    "Header names PinFlow does not know (their values are ignored)",
  ),
};

export const ImportReportSchema = v.object(reportEntries);
export type ImportReportDto = v.InferOutput<typeof ImportReportSchema>;

export const ImportResultSchema = v.object({
  ...reportEntries,
  created: v.number(),
  pins: about(v.array(PinSchema), "The pins created, in the order of their rows"),
});
export type ImportResultDto = v.InferOutput<typeof ImportResultSchema>;

const { limit: _l, offset: _o, with_total: _w, sort: _s, ...filters } = ListPinsQuery.entries;

export const ExportQuery = v.object({
  format: v.optional(
    about(v.picklist(["csv", "json"]), "csv: Pinterest's eight columns; json: the pin objects"),
    "csv",
  ),
  ...filters,
  sort: v.optional(
    about(
      v.picklist(["newest", "queue", "scheduled"]),
      "Default queue: queued pins in publishing order, the others oldest first (a re-import keeps the order)",
    ),
    "queue",
  ),
});
export type ExportQueryInput = v.InferOutput<typeof ExportQuery>;
