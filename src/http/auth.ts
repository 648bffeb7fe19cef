/**
 * Identifies the caller and enforces access per route. The lookup itself (API key → session) is injected
 * by app.ts, so http/ knows no feature. Order: `Authorization: Bearer sk_pinflow_…` → `X-API-Key` → the
 * `session` cookie. Routes declare `{ auth: "signedIn" | "approved" | "admin" }`:
 * - signedIn: pending users too (they may read /auth/me);
 * - approved: everything else;
 * - admin: admin-only routes.
 * Suspended users are refused everywhere at once. Cookie-authenticated unsafe requests must be same-origin.
 */
import { Elysia } from "elysia";
import type { Config } from "../config";
import type { User } from "../db/schema";
import { type BodyKind, bodyKindOf, MEDIA_TYPES, readBody } from "./body";
import { cookieHeader, cookieScope } from "./cookies";
import { defineError, forbidden, notAuthenticated } from "./errors";

export interface Caller {
  user: User;
  via: "api_key" | "session";
  /** Present for sessions: lets the auth feature slide the expiry and log out. */
  sessionId?: number;
  apiKeyId?: number;
  /** Set when a session's sliding expiry moved: the cookie is sent again with a fresh Max-Age. */
  renewSession?: { token: string; maxAgeS: number };
}

export interface Credentials {
  apiKey: string | null;
  sessionToken: string | null;
}

export type Authenticate = (credentials: Credentials) => Promise<Caller | null>;

export type AccessLevel = "signedIn" | "approved" | "admin";

export const SESSION_COOKIE = "session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function readCredentials(headers: Headers): Credentials {
  const authorization = headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
  const apiKey = bearer ?? headers.get("x-api-key")?.trim() ?? null;
  return { apiKey: apiKey || null, sessionToken: readCookie(headers.get("cookie"), SESSION_COOKIE) };
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || null;
      } catch {
        return null; // a malformed %-escape is no credential of ours (and no reason for a 500)
      }
    }
  }
  return null;
}

/**
 * Go's CrossOriginProtection algorithm: Sec-Fetch-Site same-origin/none passes; cross-site or same-site
 * fails; without it, Origin must match the public URL or Host; with neither header it is not a browser.
 */
export function isSameOrigin(request: Request, publicUrl: string): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (!origin) return true;
  if (origin === new URL(publicUrl).origin) return true;
  const host = request.headers.get("host");
  return host !== null && URL.canParse(origin) && new URL(origin).host === host;
}

export function checkAccess(caller: Caller | null, level: AccessLevel): Caller {
  if (!caller) throw notAuthenticated();
  const { status, is_admin } = caller.user;
  if (status === "suspended") throw forbidden("Account suspended");
  if (level === "signedIn") return caller;
  if (status !== "approved") throw forbidden("Account pending approval");
  if (level === "admin" && !is_admin) throw forbidden("Admin access required");
  return caller;
}

export const crossOriginRefused = defineError("auth.cross_origin", 403, () => "Cross-origin request refused");

/**
 * The `auth` macro. Elysia runs a route as parse → transform → validation (params, query, body) → resolve →
 * handler, so a check in `resolve` alone would come after a 422 (or a JSON decode error): the caller is decided
 * in the route's first stage instead — `parse` for routes that read a body, `transform` for the others — once
 * per request, and only then is the body read (src/http/body.ts: 415, 413, 422) and validated.
 */
export const authPlugin = (
  authenticate: Authenticate,
  site: () => Pick<Config, "publicUrl" | "basePath">,
) => {
  const decisions = new WeakMap<Request, Promise<Caller>>();

  async function decide(request: Request, level: AccessLevel): Promise<Caller> {
    const caller = await authenticate(readCredentials(request.headers));
    // A request that carries a session cookie is judged as a browser request, even with a key.
    const cookieSent = readCookie(request.headers.get("cookie"), SESSION_COOKIE) !== null;
    if ((caller?.via === "session" || cookieSent) && !isSameOrigin(request, site().publicUrl)) {
      throw crossOriginRefused();
    }
    return checkAccess(caller, level);
  }

  const admit = (request: Request, level: AccessLevel): Promise<Caller> => {
    let decision = decisions.get(request);
    if (!decision) {
      decision = decide(request, level);
      decisions.set(request, decision);
    }
    return decision;
  };

  return new Elysia({ name: "auth" }).macro({
    auth: (level: AccessLevel) => {
      let body: BodyKind = "none";
      const gateThenRead = async ({ request }: { request: Request }) => {
        await admit(request, level);
        return readBody(request, body);
      };
      // NB: the named parser after ours never runs (ours always returns the body); it is there because the
      // OpenAPI generator only learns a request body's media type from a named parser.
      const parse: Array<typeof gateThenRead | string> = [gateThenRead];
      return {
        introspect(route: unknown) {
          body = bodyKindOf((route as { body?: unknown }).body);
          if (body !== "none") parse.push(MEDIA_TYPES[body]);
        },
        parse: parse as (typeof gateThenRead)[],
        async transform({ request }) {
          await admit(request, level);
        },
        async resolve({ request, set }) {
          const caller = await admit(request, level);
          if (caller.renewSession) {
            const { token, maxAgeS } = caller.renewSession;
            set.headers["set-cookie"] = cookieHeader(SESSION_COOKIE, token, {
              ...cookieScope(site()),
              maxAgeS,
            });
          }
          // For answers that outlive the request (GET /events): the same credentials, judged again later.
          const recheck = async () =>
            checkAccess(await authenticate(readCredentials(request.headers)), level);
          return { caller, recheck };
        },
      };
    },
  });
};
