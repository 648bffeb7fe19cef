/**
 * PINFLOW_BASE_PATH at the edge. A reverse proxy that shares a domain passes requests on with their full path
 * (/pinflow/pins); the prefix is taken off here, once, so every route, hook, rate rule and test sees /pins.
 * Outside the prefix PinFlow answers 404 (saying where it is), except that / redirects to the dashboard.
 * `serve` puts this in front of app.handle when a base path is set; without one, nothing is rewritten.
 */
import type { Server } from "bun";
import { ERROR_CODE_HEADER } from "./error-handler";
import { routeNotFound } from "./errors";
import { carryPeer } from "./peer";

type Handle = (request: Request) => Promise<Response>;

/** The path under the base path ("/pinflow/pins" → "/pins", "/pinflow" → "/"), or null outside it. */
export function stripBasePath(basePath: string, pathname: string): string | null {
  if (pathname === basePath) return "/";
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}

/** `request` at `pathname` instead: same method, headers, streamed body and abort signal. */
function moved(request: Request, url: URL, pathname: string): Request {
  url.pathname = pathname;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : undefined,
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}

function outside(basePath: string, request: Request, pathname: string): Response {
  if (pathname === "/" && (request.method === "GET" || request.method === "HEAD")) {
    return new Response(null, {
      status: 302,
      headers: { location: `${basePath}/`, "cache-control": "no-store" },
    });
  }
  const error = routeNotFound();
  return Response.json(
    { detail: `${error.detail}: PinFlow answers under ${basePath}/ (PINFLOW_BASE_PATH)` },
    { status: 404, headers: { [ERROR_CODE_HEADER]: error.code } },
  );
}

type Peer = Pick<Server<unknown>, "requestIP">;

/**
 * `handle` (app.handle) behind a base path. Given the server (Bun.serve's second argument), a request moved
 * under it carries the socket's address along (src/http/peer.ts), which the rate limits key on.
 */
export function underBasePath(
  basePath: string,
  handle: Handle,
): (request: Request, server?: Peer) => Promise<Response> {
  if (basePath === "") return (request) => handle(request);
  return async (request, server) => {
    const url = new URL(request.url);
    const inner = stripBasePath(basePath, url.pathname);
    if (inner === null) return outside(basePath, request, url.pathname);
    const next = moved(request, url, inner);
    return handle(server ? carryPeer(request, next, server) : next);
  };
}
