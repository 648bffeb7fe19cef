import { defineError, defineFieldError, defineReportError } from "../http/errors";
import type { ImportReportDto } from "./imports.schema";

export const fileTooLarge = defineError(
  "imports.too_large",
  413,
  () => "File too large: a CSV import is limited to 5 MB.",
);
/** The file itself cannot be imported (not UTF-8, not CSV, no usable header, too many rows): nothing is read. */
export const fileUnreadable = defineFieldError(
  "imports.file_unreadable",
  ["body", "file"],
  (why: string) => why,
);
/** Some rows are invalid: the whole report, and nothing created (or, with skip_invalid, no valid row at all). */
export const rowsInvalid = defineReportError<ImportReportDto>(
  "imports.rows_invalid",
  422,
  "Some rows of the file are invalid",
);
