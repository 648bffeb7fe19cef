type JsonBody = Record<string, unknown> | unknown[];

export interface RequestOptions {
  method?: string;
  json?: JsonBody;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** `request("/pins", { method: "POST", json: {...} })` → Response, through app.handle (no socket). */
export function requester(app: { handle(r: Request): Promise<Response> }) {
  return (path: string, opts: RequestOptions = {}) => {
    const headers = new Headers(opts.headers);
    let body = opts.body;
    if (opts.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(opts.json);
    }
    return app.handle(
      new Request(`http://localhost${path}`, { method: opts.method ?? "GET", headers, body }),
    );
  };
}
