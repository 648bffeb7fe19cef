/** Set-Cookie values for the cookies PinFlow writes; all HttpOnly and SameSite=Lax. */
export function cookieHeader(
  name: string,
  value: string,
  opts: { maxAgeS: number; path?: string; secure: boolean },
): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path ?? "/"}`,
    `Max-Age=${Math.floor(opts.maxAgeS)}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export const clearCookieHeader = (name: string, opts: { path?: string; secure: boolean }) =>
  cookieHeader(name, "", { ...opts, maxAgeS: 0 });

/** A redirect that also sets cookies (several Set-Cookie headers need a real Headers object). */
export function redirectResponse(location: string, status: 302 | 303, cookies: string[] = []): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status, headers });
}
