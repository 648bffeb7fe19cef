/**
 * OAuth 2.0 as Pinterest does it (docs/pinterest-api-notes.md §2): the authorize request's checks, single-use
 * codes bound to the client and redirect_uri (10 minutes), and the token endpoint (HTTP Basic client auth,
 * form body) with the authorization_code and refresh_token grants. Continuous refresh by default: every
 * refresh returns a new refresh token and the old one stops working; the legacyRefresh knob turns that off.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../shared/clock";
import type { FaultEngine } from "./emulator.faults";
import {
  type Answer,
  authFailed,
  basicCredentials,
  failureAnswer,
  invalidParameters,
  json,
  notPermitted,
  sameCredential,
} from "./emulator.http";
import { type DemoAccount, findAccount } from "./emulator.seed";
import type { AccessTokenRecord, Changes, Store } from "./emulator.state";

/** Every scope of the spec's securitySchemes.pinterest_oauth2 (a test keeps this equal to the spec). */
export const PINTEREST_SCOPES: Readonly<Record<string, string>> = {
  "ads:read": "See all of your advertising data, including ads, ad groups, campaigns etc.",
  "ads:write": "Create, update, or delete ads, ad groups, campaigns etc.",
  "billing:read": "See all of your billing data, billing profile, etc.",
  "billing:write": "Create, update, or delete billing data, billing profiles, etc.",
  "biz_access:read": "See business access data",
  "biz_access:write": "Create, update, or delete business access data",
  "boards:read": "See your public boards, including group boards you join",
  "boards:read_secret": "See your secret boards",
  "boards:write": "Create, update, or delete your public boards",
  "boards:write_secret": "Create, update, or delete your secret boards",
  "catalogs:read": "See all of your catalogs data",
  "catalogs:write": "Create, update, or delete your catalogs data",
  "msot:write": "Create measurement source of truth events",
  "pins:read": "See your public Pins",
  "pins:read_secret": "See your secret Pins",
  "pins:write": "Create, update, or delete your public Pins",
  "pins:write_secret": "Create, update, or delete your secret Pins",
  "user_accounts:read": "See your user accounts and followers",
  "user_accounts:write": "Update your user accounts and followers",
};

export const CODE_LIFETIME_MS = 10 * 60_000;
export const ACCESS_TOKEN_SECONDS = 2_592_000; // 30 days
export const CONTINUOUS_REFRESH_SECONDS = 5_184_000; // 60 days
export const LEGACY_REFRESH_SECONDS = 31_536_000; // 365 days

export interface OAuthConfig {
  clock: Clock;
  clientId: string;
  clientSecret: string;
  redirectUris: string[] | "loopback";
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Exact match against the allow-list, or (loopback) any http(s) URL on this machine. Never a fragment. */
export function isAllowedRedirect(uri: string, allowed: OAuthConfig["redirectUris"]): boolean {
  if (allowed !== "loopback") return allowed.includes(uri);
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    LOOPBACK_HOSTS.has(url.hostname) &&
    !url.username &&
    !url.password &&
    !url.hash &&
    !uri.includes("#")
  );
}

/** Pinterest takes a comma-separated list; spaces are tolerated too. */
export const parseScopes = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
}

export type AuthorizeCheck = { ok: true; request: AuthorizeRequest } | { ok: false; message: string };

/** The checks of GET /oauth/ (and its POST). A failure is shown on a page: never redirect to an unchecked URI. */
export function checkAuthorizeRequest(params: URLSearchParams, cfg: OAuthConfig): AuthorizeCheck {
  const clientId = params.get("client_id") ?? params.get("consumer_id") ?? "";
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!clientId) return { ok: false, message: "The request has no client_id." };
  if (clientId !== cfg.clientId)
    return { ok: false, message: `No app with client_id "${clientId}" is registered.` };
  if (!redirectUri) return { ok: false, message: "The request has no redirect_uri." };
  if (!isAllowedRedirect(redirectUri, cfg.redirectUris)) {
    return { ok: false, message: `The redirect_uri "${redirectUri}" is not registered for this app.` };
  }
  const responseType = params.get("response_type");
  if (responseType !== "code") {
    return { ok: false, message: `response_type must be "code" (got "${responseType ?? ""}").` };
  }
  const scopes = parseScopes(params.get("scope") ?? "");
  if (scopes.length === 0) return { ok: false, message: "The request asks for no scope." };
  const unknown = scopes.filter((scope) => !(scope in PINTEREST_SCOPES));
  if (unknown.length > 0) return { ok: false, message: `Unknown scope: ${unknown.join(", ")}.` };
  return { ok: true, request: { clientId, redirectUri, scopes, state: params.get("state") } };
}

/** redirect_uri with the given query parameters added (its own query is kept). */
export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

const random = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

/** A fresh single-use code for an account that pressed "Allow". */
export function issueCode(
  store: Store,
  cfg: OAuthConfig,
  input: { clientId: string; redirectUri: string; accountId: string; scopes: string[] },
): string {
  const code = randomBytes(20).toString("hex");
  const now = cfg.clock.now();
  store.change((tx) => {
    tx.put("codes", code, { ...input, expiresAt: now + CODE_LIFETIME_MS, usedAt: null });
    prune(store, tx, now);
  });
  return code;
}

/** Forgets what can no longer matter (codes and tokens long past their end), so the state stays small. */
function prune(store: Store, tx: Changes, now: number) {
  const dayAgo = now - 86_400_000;
  for (const [code, record] of store.codes) if (record.expiresAt < dayAgo) tx.remove("codes", code);
  for (const [token, record] of store.accessTokens) {
    if (record.expiresAt < dayAgo) tx.remove("accessTokens", token);
  }
  for (const [token, record] of store.refreshTokens) {
    if (record.expiresAt < dayAgo || (record.replacedAt !== null && record.replacedAt < dayAgo)) {
      tx.remove("refreshTokens", token);
    }
  }
}

const badGrant = (message: string) => invalidParameters(message);

/** POST /v5/oauth/token. `form` is null when the body was not form-encoded. */
export function tokenEndpoint(
  store: Store,
  cfg: OAuthConfig,
  faults: FaultEngine,
  authorization: string | null,
  form: URLSearchParams | null,
): Answer {
  const client = basicCredentials(authorization);
  if (
    !client ||
    !sameCredential(client.id, cfg.clientId) ||
    !sameCredential(client.secret, cfg.clientSecret)
  ) {
    return authFailed();
  }
  if (!form) return badGrant("The request body must be application/x-www-form-urlencoded.");
  const grantType = form.get("grant_type");
  if (grantType === "authorization_code") return exchangeCode(store, cfg, faults, form);
  if (grantType === "refresh_token") return refresh(store, cfg, faults, form);
  if (!grantType) return badGrant("grant_type is required.");
  return badGrant(`grant_type "${grantType}" is not supported by this app.`);
}

function exchangeCode(store: Store, cfg: OAuthConfig, faults: FaultEngine, form: URLSearchParams): Answer {
  const code = form.get("code");
  const redirectUri = form.get("redirect_uri");
  if (!code) return badGrant("code is required.");
  if (!redirectUri) return badGrant("redirect_uri is required.");
  const now = cfg.clock.now();
  const record = store.codes.get(code);
  if (!record || record.clientId !== cfg.clientId) return badGrant("Invalid authorization code.");
  if (record.usedAt !== null) return badGrant("The authorization code has already been used.");
  if (now >= record.expiresAt) return badGrant("The authorization code has expired.");
  if (record.redirectUri !== redirectUri) {
    return badGrant("redirect_uri does not match the one the authorization code was issued for.");
  }
  const legacy = faults.get().legacyRefresh;
  const refreshSeconds = legacy ? LEGACY_REFRESH_SECONDS : CONTINUOUS_REFRESH_SECONDS;
  const refreshToken = random("pinr.");
  const refreshExpiresAt = now + refreshSeconds * 1000;
  const access = store.change((tx) => {
    tx.put("codes", code, { ...record, usedAt: now });
    const issued = issueAccessToken(tx, now, record);
    tx.put("refreshTokens", refreshToken, {
      clientId: record.clientId,
      accountId: record.accountId,
      scopes: record.scopes,
      expiresAt: refreshExpiresAt,
      mode: legacy ? "legacy" : "continuous",
      replacedAt: null,
    });
    prune(store, tx, now);
    return issued;
  });
  return json(200, {
    access_token: access,
    refresh_token: refreshToken,
    response_type: "authorization_code",
    token_type: "bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    refresh_token_expires_in: refreshSeconds,
    refresh_token_expires_at: Math.floor(refreshExpiresAt / 1000),
    scope: record.scopes.join(","),
  });
}

function refresh(store: Store, cfg: OAuthConfig, faults: FaultEngine, form: URLSearchParams): Answer {
  const token = form.get("refresh_token");
  if (!token) return badGrant("refresh_token is required.");
  const injected = faults.takeRefreshFault();
  if (injected) return failureAnswer(injected);
  const now = cfg.clock.now();
  const record = store.refreshTokens.get(token);
  if (!record || record.clientId !== cfg.clientId) return badGrant("Invalid refresh token.");
  if (record.replacedAt !== null) return badGrant("The refresh token has been replaced by a newer one.");
  if (now >= record.expiresAt) return badGrant("The refresh token has expired.");
  let scopes = record.scopes;
  const asked = form.get("scope");
  if (asked) {
    scopes = parseScopes(asked);
    const extra = scopes.filter((scope) => !record.scopes.includes(scope));
    if (extra.length > 0) return badGrant(`The refresh token was not granted: ${extra.join(", ")}.`);
  }
  // A legacy token (issued while legacyRefresh was on, or refreshed while it is) is not rotated.
  const next = record.mode === "continuous" && !faults.get().legacyRefresh ? random("pinr.") : null;
  const nextExpiresAt = now + CONTINUOUS_REFRESH_SECONDS * 1000;
  const access = store.change((tx) => {
    const issued = issueAccessToken(tx, now, { ...record, scopes });
    if (next) {
      tx.put("refreshTokens", next, { ...record, expiresAt: nextExpiresAt, replacedAt: null });
      tx.put("refreshTokens", token, { ...record, replacedAt: now });
    }
    prune(store, tx, now);
    return issued;
  });
  const body: Record<string, unknown> = {
    access_token: access,
    response_type: "refresh_token",
    token_type: "bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    scope: scopes.join(","),
  };
  if (next) {
    body.refresh_token = next;
    body.refresh_token_expires_in = CONTINUOUS_REFRESH_SECONDS;
    body.refresh_token_expires_at = Math.floor(nextExpiresAt / 1000);
  }
  return json(200, body);
}

function issueAccessToken(
  tx: Changes,
  now: number,
  grant: { clientId: string; accountId: string; scopes: string[] },
): string {
  const token = random("pina.");
  tx.put("accessTokens", token, {
    clientId: grant.clientId,
    accountId: grant.accountId,
    scopes: grant.scopes,
    expiresAt: now + ACCESS_TOKEN_SECONDS * 1000,
  });
  return token;
}

/** Marks every access token expired as of now (writing only those not expired already). */
export function expireAccessTokens(store: Store, now: number) {
  store.change((tx) => {
    for (const [token, record] of store.accessTokens) {
      if (record.expiresAt > now) tx.put("accessTokens", token, { ...record, expiresAt: now });
    }
  });
}

export type BearerCheck =
  | { ok: true; account: DemoAccount; token: AccessTokenRecord }
  | { ok: false; answer: Answer };

/** Bearer auth for /v5 resources: 401 code 2 for missing/unknown/expired; 403 code 29 for a missing scope. */
export function checkBearer(
  store: Store,
  cfg: OAuthConfig,
  token: string | null,
  needed: readonly string[],
): BearerCheck {
  const record = token ? store.accessTokens.get(token) : undefined;
  const account = record ? findAccount(record.accountId) : undefined;
  if (!record || !account || record.clientId !== cfg.clientId || cfg.clock.now() >= record.expiresAt) {
    return { ok: false, answer: authFailed() };
  }
  if (!needed.every((scope) => record.scopes.includes(scope))) return { ok: false, answer: notPermitted() };
  return { ok: true, account, token: record };
}
