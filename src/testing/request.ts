import type { ResponseCheck } from "./response-validation";

type JsonBody = Record<string, unknown> | unknown[];

export interface RequestOptions {
  method?: string;
  json?: JsonBody;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** Every error PinFlow answers names its cause (X-Error-Code); the emulator speaks Pinterest's dialect. */
function assertErrorCoded(request: Request, response: Response, basePath: string) {
  if (response.status < 400 || new URL(request.url).pathname.startsWith(`${basePath}/emulator/`)) return;
  const code = response.headers.get("x-error-code");
  if (!code || !/^[a-z]+\.[a-z_]+$/.test(code)) {
    throw new Error(`${request.method} ${request.url} answered ${response.status} without an X-Error-Code`);
  }
}

/**
 * `request("/pins", { method: "POST", json: {...} })` → Response, through app.handle (no socket).
 * `check` runs on every response (createTestApp passes the /openapi.json check for the real app).
 * With a `basePath` (PINFLOW_BASE_PATH), `app.handle` is the edge that takes it off and paths include it.
 */
export function requester(
  app: { handle(r: Request): Promise<Response> },
  check?: ResponseCheck,
  basePath = "",
) {
  return async (path: string, opts: RequestOptions = {}) => {
    const headers = new Headers(opts.headers);
    let body = opts.body;
    if (opts.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(opts.json);
    }
    const request = new Request(`http://localhost${path}`, { method: opts.method ?? "GET", headers, body });
    const response = await app.handle(request);
    if (check) await check(request, response);
    assertErrorCoded(request, response, basePath);
    return response;
  };
}
