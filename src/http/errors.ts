/**
 * The one error type of PinFlow. Each has a stable code ("pins.locked"): features define theirs in their
 * own `<feature>.errors.ts` with `defineError` (or `defineFieldError` for a 422 on one field); the
 * factories here are the HTTP layer's own. http/error-handler.ts is the only place that turns them into
 * responses: the body is `{"detail": …}`, and the code travels in the X-Error-Code header, which
 * http/request-log.ts writes on the request's log line.
 */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | ValidationIssue[],
    readonly code: string,
    readonly headers: Record<string, string> = {},
    /** Answered instead of `{"detail": …}` when the answer is a whole document (e.g. an import's per-row report). */
    readonly body?: unknown,
  ) {
    super(typeof detail === "string" ? detail : code);
    this.name = "AppError";
  }
}

/** An error factory with a stable code; `detail` is what the client reads. */
export const defineError =
  <A extends unknown[]>(code: string, status: number, detail: (...args: A) => string) =>
  (...args: A) =>
    new AppError(status, detail(...args), code);

/**
 * An error answered with a document of its own instead of `{"detail": …}` (e.g. POST /pins/import's per-row
 * report on 422); `message` is for logs. It keeps a stable code like every error.
 */
export const defineReportError =
  <T>(code: string, status: number, message: string) =>
  (body: T) =>
    new AppError(status, message, code, {}, body);

export const notAuthenticated = defineError("auth.not_authenticated", 401, () => "Not authenticated");
export const forbidden = defineError("auth.forbidden", 403, (detail: string) => detail);
export const badRequest = defineError("request.bad", 400, (detail: string) => detail);
export const conflict = defineError("request.conflict", 409, (detail: string) => detail);
export const notFound = defineError("request.not_found", 404, (what: string) => `${what} not found`);
/** No route, file or asset at this path: the body every unknown URL gets. */
export const routeNotFound = defineError("request.no_route", 404, () => "Not Found");
export const payloadTooLarge = defineError(
  "request.too_large",
  413,
  (limit: string) => `Request body too large: the limit is ${limit}.`,
);
export const urlTooLong = defineError(
  "request.url_too_long",
  414,
  (limit: string) => `URL too long: the limit is ${limit}.`,
);
export const unsupportedMediaType = defineError(
  "request.media_type",
  415,
  (expected: string) => `Content-Type must be ${expected}`,
);
export const headersTooLarge = defineError(
  "request.headers_too_large",
  431,
  (limit: string) =>
    `Request headers too large: the limit is ${limit} for the request line and headers together.`,
);
export const tooManyRequests = (detail: string, retryAfterS?: number) =>
  new AppError(
    429,
    detail,
    "request.rate_limited",
    retryAfterS === undefined ? {} : { "retry-after": String(Math.max(1, Math.ceil(retryAfterS))) },
  );

/** A 422 with FastAPI's shape and a stable code, for checks that only the service can make. */
export const defineFieldError =
  <A extends unknown[]>(code: string, loc: Array<string | number>, msg: (...args: A) => string) =>
  (...args: A) =>
    new AppError(422, [{ loc, msg: msg(...args), type: "value_error" }], code);

/** A 422 with FastAPI's shape, for checks that only the service can make. */
export const unprocessable = (loc: Array<string | number>, msg: string, type = "value_error") =>
  new AppError(422, [{ loc, msg, type }], "request.invalid");
