import { Elysia, type ValidationError } from "elysia";
import type { Logger } from "../shared/log";
import { AppError } from "./errors";
import { htmlResponse, messagePage, wantsHtml } from "./html";
import { toValidationIssues, whereOf } from "./validation";

interface StandardSchemaLike {
  "~standard": { validate(value: unknown): unknown };
}

async function validationDetail(error: ValidationError) {
  const validator = error.validator as unknown as {
    schema?: StandardSchemaLike;
  } & Partial<StandardSchemaLike>;
  const std = validator?.["~standard"] ?? validator?.schema?.["~standard"];
  const where = whereOf(error.type);
  if (!std) return [{ loc: [where], msg: error.message, type: "value_error" }];
  const result = (await std.validate(error.value)) as { issues?: ReadonlyArray<{ message: string }> };
  return toValidationIssues(where, error.value, result.issues ?? []);
}

const ELYSIA_CODES: Record<string, string> = {
  VALIDATION: "request.invalid",
  PARSE: "request.unreadable",
  NOT_FOUND: "request.no_route",
};

const errorPage = (status: number, detail: string, basePath: string) =>
  messagePage({
    title: status === 400 ? "Something went wrong" : status === 403 ? "Not allowed" : "Error",
    message: detail,
    link: { href: `${basePath}/`, label: "Back to PinFlow" },
    basePath,
  });

/** An AppError thrown while a body is read (the auth gate, src/http/body.ts) arrives wrapped in a ParseError. */
function appErrorOf(code: unknown, error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const cause = code === "PARSE" ? (error as Error).cause : undefined;
  return cause instanceof AppError ? cause : null;
}

/** Every error answer names its cause in this header; the request's log line carries it too. */
export const ERROR_CODE_HEADER = "x-error-code";

/**
 * The single mapping from errors to responses: AppError → its status and `{"detail": …}`, validation →
 * FastAPI-shaped 422, unknown route → 404, anything else → 500 with the stack in the log only. The body stays
 * exactly the seed's (docs/api-contract.md); the stable code (e.g. `pins.locked`) travels in X-Error-Code.
 * `basePath` (PINFLOW_BASE_PATH) is where an error page's links point.
 */
export const errorHandler = (log: Logger, basePath = "") =>
  new Elysia({ name: "error-handler" }).onError({ as: "global" }, async ({ code, error, set, request }) => {
    const appError = appErrorOf(code, error);
    set.headers[ERROR_CODE_HEADER] = appError?.code ?? ELYSIA_CODES[String(code)] ?? "server.unexpected";
    if (appError) {
      if (wantsHtml(request) && typeof appError.detail === "string" && appError.body === undefined) {
        // a browser landed here (e.g. a sign-in callback): a page, not raw JSON
        return htmlResponse(errorPage(appError.status, appError.detail, basePath), appError.status);
      }
      set.status = appError.status;
      Object.assign(set.headers, appError.headers);
      return appError.body ?? { detail: appError.detail };
    }
    switch (code) {
      case "VALIDATION":
        set.status = 422;
        return { detail: await validationDetail(error as ValidationError) };
      case "PARSE": {
        set.status = 422;
        const json = (request.headers.get("content-type") ?? "").includes("json");
        const issue = json
          ? { loc: ["body"], msg: "JSON decode error", type: "json_invalid" }
          : { loc: ["body"], msg: "The request body could not be read", type: "body_invalid" };
        return { detail: [issue] };
      }
      case "NOT_FOUND":
        set.status = 404;
        return { detail: "Not Found" };
      default:
        log.error("unhandled error", {
          method: request.method,
          url: new URL(request.url).pathname,
          err: error,
        });
        set.status = 500;
        return { detail: "Internal Server Error" };
    }
  });
