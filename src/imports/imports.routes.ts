import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { alsoAs, responses } from "../http/responses";
import { PinSchema } from "../pins/pins.schema";
import { ErrorSchema, ValidationErrorSchema } from "../shared/schema";
import { fileTooLarge } from "./imports.errors";
import {
  ExportQuery,
  ImportBody,
  ImportQuery,
  ImportReportSchema,
  ImportResultSchema,
  isTrue,
  MAX_IMPORT_BYTES,
} from "./imports.schema";
import * as service from "./imports.service";

const tags = ["Pins"];

/** 422: the per-row report (some rows invalid), the usual array (the file itself), or a bad Idempotency-Key. */
const ImportInvalid = v.pipe(
  v.union([ImportReportSchema, ValidationErrorSchema, ErrorSchema]),
  v.description(
    "Some rows are invalid: the same report as the dry run, nothing created — or the file itself cannot be read (`detail` array)",
  ),
);

const ImportAnswer = v.pipe(
  ImportReportSchema,
  v.description("The dry run's report: each row with the pin it would make, or its errors by column"),
);

/** Multipart framing adds a little to the file itself. */
const MAX_DECLARED_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

/** POST /pins/import and GET /pins/export: Pinterest's bulk CSV in and out (a pins service underneath). */
export const importsRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "imports", prefix: "/pins" })
    .use(auth)
    // A declared over-size file is refused before it is read, with a JSON detail.
    .onRequest(({ request }) => {
      if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/pins/import")) return;
      if (Number(request.headers.get("content-length") ?? 0) > MAX_DECLARED_BYTES) throw fileTooLarge();
    })
    .post(
      "/import",
      async ({ caller, body, query, headers, set }) => {
        const input = {
          file: body.file,
          dryRun: isTrue(query.dry_run),
          skipInvalid: isTrue(query.skip_invalid),
          profileId: query.profile_id,
          idempotencyKey: headers["idempotency-key"] ?? null,
        };
        if (input.dryRun) return service.dryRunImport(deps, caller.user, input);
        const answer = await service.importPins(deps, caller.user, input);
        set.status = answer.status;
        if (answer.replayed) set.headers["idempotent-replayed"] = "true";
        return answer.body;
      },
      {
        auth: "approved",
        body: ImportBody,
        query: ImportQuery,
        detail: {
          summary: "Import pins from a CSV file",
          tags,
          description: [
            "Pinterest's bulk-create format, multipart field `file` (≤ 5 MB, ≤ 1,000 rows): the header `Title,Media URL,Pinterest board,Thumbnail,Description,Link,Publish date,Keywords` in any order, names in any case with spaces or underscores (`board_id` may stand for `Pinterest board`; `Alt text` is read too). `Pinterest board` is a board's name on the profile (case-insensitive). `Publish date` is `YYYY-MM-DDTHH:MM:SS` in your time zone (PUT /auth/me), or with `Z` / an offset; blank queues the pin (the profile's next free slot). `Keywords` are appended to the description when they fit; `Thumbnail` is ignored for images.",
            "`dry_run=true` answers 200 with a report of every row — the pin it would make, or its errors by column — and creates nothing. Otherwise all rows must be valid: 201 with the pins, in one transaction; any invalid row is a 422 with the same report and nothing created, unless `skip_invalid=true`, which creates the valid rows and reports the others. Importing is bulk creation: like POST /pins/bulk it needs the Growth plan or higher (403; a dry run does not), counts every pin against the daily and monthly quotas (429 for the whole file), and puts pins that would fail on Pinterest in `review`. Send an `Idempotency-Key` header to make a retry safe.",
          ].join("\n\n"),
        },
        response: responses(
          { 200: ImportAnswer, 201: ImportResultSchema, 422: ImportInvalid },
          401,
          403,
          404,
          409,
          413,
          429,
          502,
        ),
      },
    )
    .get(
      "/export",
      async ({ caller, query, set }) => {
        set.headers["content-disposition"] =
          `attachment; filename="${service.exportFileName(deps, caller.user, query.format)}"`;
        // a file either way: one Response type for both answers
        if (query.format === "json")
          return Response.json(await service.exportJson(deps, caller.user, query), {
            headers: set.headers as Record<string, string>,
          });
        return new Response(await service.exportCsv(deps, caller.user, query), {
          headers: { ...set.headers, "content-type": "text/csv; charset=utf-8" } as Record<string, string>,
        });
      },
      {
        auth: "approved",
        query: ExportQuery,
        detail: {
          summary: "Export pins as CSV or JSON",
          tags,
          description:
            "Every pin matching the filters of GET /pins (at most 100,000), as a download. `format=csv` (default) writes Pinterest's eight bulk-create columns — board by name, `Publish date` of scheduled pins in your time zone — so the file imports back unchanged (POST /pins/import) and also uploads to Pinterest's own bulk tool; `format=json` gives the pin objects.",
        },
        response: responses(
          {
            200: alsoAs(
              v.array(PinSchema),
              "text/csv",
              "The pins: JSON with format=json, else a CSV file (text/csv) with Pinterest's eight columns",
            ),
          },
          401,
          403,
          422,
          429,
        ),
      },
    );
