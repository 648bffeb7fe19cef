import { Elysia } from "elysia";
import type { Ids } from "../shared/ids";
import type { Logger } from "../shared/log";

const started = new WeakMap<Request, { id: string; t0: number }>();

/** One year, the usual max-age. No includeSubDomains: sibling subdomains may be other services on plain http. */
export const HSTS = "max-age=31536000";

/**
 * Gives every response an X-Request-Id and a few safe headers, and logs one line per request — except a
 * healthy answer to GET /health: a monitor polling every second would otherwise fill the log with lines that
 * say nothing (and writing them was a quarter of the probe's cost); a 503 is logged like any answer. `hsts`
 * (PINFLOW_PUBLIC_URL is https, so TLS ends at PinFlow or at a proxy in front of it) adds
 * Strict-Transport-Security: browsers then never try plain http for this host again.
 */
export const requestLog = (log: Logger, ids: Ids, opts: { hsts?: boolean } = {}) =>
  new Elysia({ name: "request-log" })
    .onRequest(({ request, set }) => {
      const id = ids.hex(8);
      started.set(request, { id, t0: performance.now() });
      set.headers["x-request-id"] = id;
      set.headers["x-content-type-options"] = "nosniff";
      set.headers["referrer-policy"] = "same-origin";
      if (opts.hsts) set.headers["strict-transport-security"] = HSTS;
    })
    .onAfterResponse({ as: "global" }, ({ request, set }) => {
      const status = typeof set.status === "number" ? set.status : 200;
      const url = new URL(request.url);
      if (status === 200 && url.pathname === "/health") return;
      const info = started.get(request);
      log.info("request", {
        method: request.method,
        path: url.pathname,
        status,
        ms: info ? Math.round((performance.now() - info.t0) * 10) / 10 : undefined,
        request_id: info?.id,
        error_code: set.headers["x-error-code"],
      });
    });
