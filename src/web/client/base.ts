/**
 * The path PinFlow is served under (PINFLOW_BASE_PATH: "" or e.g. "/pinflow"), as the server wrote it into the
 * page (src/web/web.routes.ts). Every address the dashboard uses — links, form actions, fetch, uploads, the
 * event stream — is a PinFlow path ("/pins", "/app/compose") passed through `withBase`; the router sees paths
 * without it (app.tsx). src/web/web.base-path.test.ts fails on an absolute path written around it.
 */

const meta = typeof document === "undefined" ? null : document.querySelector('meta[name="pinflow-base"]');

export const BASE: string = meta?.getAttribute("content") ?? "";

/** "/app/pins/3" → "/pinflow/app/pins/3": where the browser finds a PinFlow path. */
export const withBase = (path: string): string => `${BASE}${path}`;

/** The reverse, for the router: "/pinflow/app/pins?x=1" → "/app/pins?x=1", "/pinflow" → "/". */
export function withoutBase(url: string): string {
  if (BASE === "" || !url.startsWith(BASE)) return url;
  const rest = url.slice(BASE.length);
  if (rest === "" || rest.startsWith("?") || rest.startsWith("#")) return `/${rest}`;
  return rest.startsWith("/") ? rest : url;
}
