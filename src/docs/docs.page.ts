/**
 * /docs: the API reference as one self-contained HTML page (inline CSS, no script, nothing from a CDN), in
 * the order of docs/seed-api-reference.txt. Summaries, descriptions, parameters, body fields and object
 * schemas come from /openapi.json (so from the routes); request/response examples from docs.examples.ts (each
 * one run by the tests); rate limits from the rate limiter's own rules. Examples use the instance's public
 * URL. This file assembles the page; the parts are docs.sections.ts (what each section says),
 * docs.endpoint.ts (one endpoint's card), docs.walk.ts (reading /openapi.json) and docs.styles.ts.
 */
import { escapeHtml, iconLink } from "../http/html";
import { VERSION } from "../version";
import { endpoint } from "./docs.endpoint";
import { type ApiExample, EXAMPLES, type ExampleSection } from "./docs.examples";
import { section } from "./docs.html";
import type { OpenApiDocument } from "./docs.openapi";
import { type PageContext, SECTIONS } from "./docs.sections";
import { DOCS_CSS } from "./docs.styles";

/** `publicUrl` is what the examples call; `basePath` (PINFLOW_BASE_PATH) what the page's own links start with. */
export function docsPage(input: { publicUrl: string; basePath: string; doc: OpenApiDocument }): string {
  const { doc, basePath } = input;
  const base = input.publicUrl.replace(/\/+$/, "");
  const host = new URL(base).host;
  const endpoints = (name: ExampleSection) =>
    (EXAMPLES[name] as ApiExample[]).map((ex) => endpoint(doc, ex, base, host)).join("\n");
  const context: PageContext = { doc, base, basePath, endpoints };
  const nav = SECTIONS.map(({ id, title }) => `<a href="#${id}">${escapeHtml(title)}</a>`).join("");
  const body = SECTIONS.map(({ id, title, body }) => section(id, title, body(context))).join("\n");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Reference · PinFlow</title>
${iconLink(basePath)}
<style>${DOCS_CSS}</style></head>
<body>
<header class="top"><span class="brand">PinFlow</span><span class="version">v${escapeHtml(VERSION)}</span><a class="back" href="${escapeHtml(basePath)}/">← Back to app</a></header>
<div class="layout">
<nav class="toc" aria-label="Contents">${nav}</nav>
<main>
<h1>API Reference</h1>
<p>PinFlow exposes a REST API that its own web interface uses. Call these endpoints directly to build integrations, automation scripts, or external dashboards. All requests and responses use JSON. Examples below use this instance's address, <code>${escapeHtml(base)}</code>.</p>
${body}
</main></div>
</body></html>`;
}
