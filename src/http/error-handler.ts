import { Elysia, type ValidationError } from "elysia";
import type { Logger } from "../shared/log";
import { AppError } from "./errors";
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

/**
 * The single mapping from errors to responses: AppError → its status and `{"detail": …}`,
 * validation → FastAPI-shaped 422, unknown route → 404, anything else → 500 with the stack in the log only.
 */
export const errorHandler = (log: Logger) =>
  new Elysia({ name: "error-handler" }).onError({ as: "global" }, async ({ code, error, set, request }) => {
    if (error instanceof AppError) {
      set.status = error.status;
      Object.assign(set.headers, error.headers);
      return { detail: error.detail };
    }
    switch (code) {
      case "VALIDATION":
        set.status = 422;
        return { detail: await validationDetail(error as ValidationError) };
      case "PARSE":
        set.status = 422;
        return { detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }] };
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
