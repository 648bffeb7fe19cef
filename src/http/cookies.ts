import type { Config } from "../config";

/** Where a cookie applies: a path, and whether only over https. */
export interface CookieScope {
  path: string;
  secure: boolean;
}

/**
 * PinFlow's cookies stay under its base path (an app beside it on the same domain never receives them) and are
 * Secure when its public URL is https. `under` narrows the path further ("/auth" for the OAuth state).
 */
export const cookieScope = (config: Pick<Config, "basePath" | "publicUrl">, under = ""): CookieScope => ({
  path: `${config.basePath}${under}` || "/",
  secure: config.publicUrl.startsWith("https:"),
});

/** Set-Cookie values for the cookies PinFlow writes; all HttpOnly and SameSite=Lax. */
export function cookieHeader(name: string, value: string, opts: CookieScope & { maxAgeS: number }): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path}`,
    `Max-Age=${Math.floor(opts.maxAgeS)}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export const clearCookieHeader = (name: string, opts: CookieScope) =>
  cookieHeader(name, "", { ...opts, maxAgeS: 0 });

/** A redirect that also sets cookies (several Set-Cookie headers need a real Headers object). */
export function redirectResponse(location: string, status: 302 | 303, cookies: string[] = []): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status, headers });
}
