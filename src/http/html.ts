/** Minimal self-contained HTML for the few pages the server renders itself (sign-in results, errors). */
export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/**
 * `basePath` (PINFLOW_BASE_PATH) is where the page's icon is: a page that names none makes the browser ask the
 * domain's /favicon.ico, outside PinFlow's path.
 */
export function messagePage(opts: {
  title: string;
  message: string;
  link?: { href: string; label: string };
  basePath: string;
}): string {
  const link = opts.link
    ? `<p><a class="button" href="${escapeHtml(opts.link.href)}">${escapeHtml(opts.link.label)}</a></p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} · PinFlow</title>
${iconLink(opts.basePath)}
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f6f6f4;color:#1f1f1f;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border-radius:16px;padding:2rem 2.5rem;max-width:28rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin:0 0 .75rem}p{line-height:1.5}
.button{display:inline-block;background:#e60023;color:#fff;border-radius:999px;padding:.6rem 1.2rem;text-decoration:none;font-weight:600}
</style></head>
<body><main><h1>${escapeHtml(opts.title)}</h1><p>${escapeHtml(opts.message)}</p>${link}</main></body></html>`;
}

/** The dashboard's icon (src/web/web.routes.ts serves it), named so no browser asks outside the base path. */
export const iconLink = (basePath: string) => `<link rel="icon" href="${escapeHtml(basePath)}/favicon.ico">`;

export const htmlResponse = (html: string, status = 200) =>
  new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'",
      "cache-control": "no-store",
    },
  });

/** A browser navigating (not fetch/XHR or a script) prefers HTML. */
export const wantsHtml = (request: Request) => {
  const accept = request.headers.get("accept") ?? "";
  return accept.includes("text/html") && request.headers.get("sec-fetch-mode") !== "cors";
};
