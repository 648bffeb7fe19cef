import { Elysia } from "elysia";
import { routeNotFound } from "../http/errors";
import { escapeHtml } from "../http/html";
import { loadWebAssets, type WebAsset } from "./web.assets";

/**
 * The dashboard: "/" and every client route under "/app/" answer index.html (never cached, framed by no
 * one, scripts only from here); hashed files under "/assets/" are cached for a year.
 */
const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'self'; img-src 'self' https: http: data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-frame-options": "DENY",
};

const acceptsGzip = (request: Request) => /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");

/** The asset's bytes, gzipped when the browser takes gzip (every browser does; curl without --compressed not). */
function body(asset: WebAsset, request: Request, headers: Record<string, string>): Response {
  const zipped = asset.gzip !== null && acceptsGzip(request);
  return new Response(zipped ? asset.gzip : asset.body, {
    headers: { ...headers, vary: "accept-encoding", ...(zipped ? { "content-encoding": "gzip" } : {}) },
  });
}

/** The name of the <meta> that tells the dashboard its base path (src/web/client/base.ts reads it). */
export const BASE_META = "pinflow-base";

/**
 * index.html as served under `basePath`: its asset URLs under it, and the base path in a <meta> for the
 * dashboard's own links and requests. Throws if the bundle's page names no asset (it would load nothing).
 */
export function pageUnder(html: string, basePath: string): string {
  if (!html.includes('"/assets/')) throw new Error("index.html names no /assets/ file");
  return html
    .replace("<head>", `<head>\n    <meta name="${BASE_META}" content="${escapeHtml(basePath)}" />`)
    .replaceAll('"/assets/', `"${basePath}/assets/`)
    .replace("documented at /docs", `documented at ${escapeHtml(basePath)}/docs`);
}

async function servedPage(basePath: string): Promise<WebAsset> {
  const index = (await loadWebAssets()).get("/index.html");
  if (!index) throw routeNotFound();
  const bytes = new TextEncoder().encode(pageUnder(new TextDecoder().decode(index.body), basePath));
  return { body: bytes, type: index.type, gzip: new Uint8Array(Bun.gzipSync(bytes, { level: 9 })) };
}

/**
 * Browsers ask every origin for /favicon.ico when a page names no icon (the emulator's pages do not): the
 * dashboard's own icon, taken from index.html's data: URL so there is one copy, instead of a 404 that
 * every such page logs as a console error.
 */
async function favicon() {
  const html = new TextDecoder().decode((await loadWebAssets()).get("/index.html")?.body);
  const svg = /<link rel="icon" href="data:image\/svg\+xml,([^"]+)"/.exec(html)?.[1];
  if (!svg) return new Response(null, { status: 404 });
  return new Response(decodeURIComponent(svg), {
    headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
  });
}

/** `basePath`: PINFLOW_BASE_PATH, which the page's asset URLs and the dashboard's links are under. */
export const webRoutes = (basePath: string) => {
  let served: Promise<WebAsset> | null = null;
  const page = async ({ request }: { request: Request }) => {
    served ??= servedPage(basePath);
    return body(await served, request, HTML_HEADERS);
  };
  return new Elysia({ name: "web" })
    .get("/", page)
    .get("/favicon.ico", favicon)
    .get("/app", page)
    .get("/app/*", page)
    .get("/assets/:file", async ({ params, request }) => {
      const asset = (await loadWebAssets()).get(`/assets/${params.file}`);
      if (!asset) throw routeNotFound();
      return body(asset, request, {
        "content-type": asset.type,
        "cache-control": "public, max-age=31536000, immutable",
      });
    });
};
