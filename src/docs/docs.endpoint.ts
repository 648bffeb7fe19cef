/**
 * One endpoint's card on the docs page: summary and description from /openapi.json, its query and body
 * tables, and the example from docs.examples.ts written out as an HTTP request, a curl line and a response.
 */
import { escapeHtml } from "../http/html";
import { ruleFor } from "../http/rate-limit";
import { type ApiExample, fill, fillJson, type Json, SHOWN } from "./docs.examples";
import { inline } from "./docs.html";
import type { OpenApiDocument } from "./docs.openapi";
import {
  constraints,
  describe,
  isObject,
  type Obj,
  operationFor,
  pathOnly,
  resolve,
  typeName,
} from "./docs.walk";

/** Stands in for the reader's key in every example. */
export const SECRET = "sk_pinflow_YOUR_SECRET_KEY";

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  302: "Found",
  303: "See Other",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** An object's fields (or an array's items' fields) as a table; request bodies also say which are required. */
export function fieldsTable(
  doc: OpenApiDocument,
  schema: unknown,
  title: string,
  requiredWord = true,
): string {
  const s = resolve(doc, schema);
  const item = s.type === "array" ? resolve(doc, s.items) : s;
  if (!isObject(item.properties)) return "";
  const required = new Set(Array.isArray(item.required) ? (item.required as string[]) : []);
  const rows = Object.entries(item.properties).map(([name, field]) => {
    const about = describe(doc, field);
    const notes = [
      ...(requiredWord ? [required.has(name) ? "required" : "optional"] : []),
      ...(about && !/^ISO 8601 UTC, e\.g\./.test(about) ? [about] : []),
      ...constraints(doc, field),
    ];
    return `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(typeName(doc, field))}</td><td>${inline(notes.join(" — "))}</td></tr>`;
  });
  const head = requiredWord
    ? "<th>Field</th><th>Type</th><th>Notes</th>"
    : "<th>Field</th><th>Type</th><th>Description</th>";
  return `<h4>${escapeHtml(title)}</h4><table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function queryTable(doc: OpenApiDocument, op: Obj): string {
  const params = (Array.isArray(op.parameters) ? op.parameters : []).filter(
    (p): p is Obj => isObject(p) && p.in === "query",
  );
  if (!params.length) return "";
  const rows = params.map((p) => {
    const about = describe(doc, p.schema);
    const notes = [
      ...(about ? [about] : []),
      ...constraints(doc, p.schema),
      ...(isObject(p.schema) && p.schema.default !== undefined ? [`default ${p.schema.default}`] : []),
    ];
    return `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(typeName(doc, p.schema))}</td><td>${inline(notes.join(" — "))}</td></tr>`;
  });
  return `<h4>Query parameters</h4><table><thead><tr><th>Param</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

const pretty = (value: Json) => JSON.stringify(value, null, 2);

function requestText(ex: ApiExample, host: string, body: Json | undefined, path: string): string {
  const lines = [`${ex.method} ${path} HTTP/1.1`, `Host: ${host}`];
  if (ex.upload || ex.csv) lines.push("Content-Type: multipart/form-data; boundary=----FormBoundary");
  else if (body !== undefined) lines.push("Content-Type: application/json");
  if (ex.auth !== "none") lines.push(`Authorization: Bearer ${SECRET}`);
  if (ex.cookie) lines.push(`Cookie: ${fill(ex.cookie, SHOWN)}`);
  if (ex.upload) {
    const video = ex.upload === "video";
    lines.push(
      "",
      "------FormBoundary",
      `Content-Disposition: form-data; name="file"; filename="${video ? "clip.mp4" : "photo.jpg"}"`,
      `Content-Type: ${video ? "video/mp4" : "image/jpeg"}`,
      "",
      video ? "<binary video data>" : "<binary image data>",
      "------FormBoundary--",
    );
  } else if (ex.csv) {
    lines.push(
      "",
      "------FormBoundary",
      'Content-Disposition: form-data; name="file"; filename="pins.csv"',
      "Content-Type: text/csv",
      "",
      fill(ex.csv, SHOWN).trimEnd(),
      "------FormBoundary--",
    );
  } else if (body !== undefined) lines.push("", pretty(body));
  return lines.join("\n");
}

function curlText(ex: ApiExample, base: string, body: Json | undefined, path: string): string {
  const parts = [
    `curl${ex.stream !== undefined ? " -N" : ""}${ex.method === "GET" ? "" : ` -X ${ex.method}`} "${base}${path}"`,
  ];
  if (ex.auth !== "none") parts.push(`-H "Authorization: Bearer ${SECRET}"`);
  if (ex.cookie) parts.push(`-b "${fill(ex.cookie, SHOWN)}"`);
  if (ex.upload) parts.push(`-F "file=@/path/to/${ex.upload === "video" ? "clip.mp4" : "photo.jpg"}"`);
  else if (ex.csv) parts.push('-F "file=@pins.csv"');
  else if (body !== undefined)
    parts.push('-H "Content-Type: application/json"', `-d '${JSON.stringify(body)}'`);
  return parts.join(" \\\n  ");
}

function responseText(ex: ApiExample, base: string): string {
  const lines = [`HTTP/1.1 ${ex.status} ${STATUS_TEXT[ex.status] ?? ""}`.trim()];
  if (ex.response !== undefined) lines.push("Content-Type: application/json");
  if (ex.responseText) lines.push(`Content-Type: ${ex.responseText.type}`);
  if (ex.stream !== undefined) lines.push("Content-Type: text/event-stream; charset=utf-8");
  for (const [k, v] of Object.entries(ex.responseHeaders ?? {})) lines.push(`${k}: ${v}`);
  if (ex.response !== undefined) lines.push("", pretty(fillJson(ex.response, { public_url: base })));
  if (ex.responseText) lines.push("", fill(ex.responseText.text, SHOWN).trimEnd());
  if (ex.stream !== undefined) lines.push("", ex.stream.trimEnd());
  return lines.join("\n");
}

const slug = (method: string, path: string) =>
  `${method}-${pathOnly(path)}`
    .toLowerCase()
    .replace(/[{}]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+$/, "");

function limitBadge(method: string, path: string): string {
  const rule = ruleFor(method, pathOnly(path));
  return rule?.path ? `<span class="badge limit" title="per IP">${rule.limit}/min</span>` : "";
}

export function endpoint(doc: OpenApiDocument, ex: ApiExample, base: string, host: string): string {
  const op = operationFor(doc, ex.method, ex.path) ?? {};
  const path = fill(ex.path, SHOWN);
  const body = ex.body === undefined ? undefined : fillJson(ex.body, SHOWN);
  const description = typeof op.description === "string" ? op.description : "";
  const paragraphs = description
    .split("\n\n")
    .filter((p) => p && !p.startsWith("Rate limit:"))
    .map((p) => `<p>${inline(p)}</p>`);
  const requestSchema = isObject(op.requestBody)
    ? Object.values((op.requestBody as Obj).content as Obj).map((c) => (c as Obj).schema)[0]
    : undefined;
  const bodyTable =
    requestSchema && !ex.upload && !ex.csv ? fieldsTable(doc, requestSchema, "Body fields") : "";
  const notes = (ex.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("");
  return `<article class="endpoint" id="${slug(ex.method, ex.path)}">
<h3><span class="method ${ex.method.toLowerCase()}">${ex.method}</span> <code class="path">${escapeHtml(pathOnly(ex.path))}</code> <span class="summary">${escapeHtml(String(op.summary ?? ""))}</span> ${limitBadge(ex.method, ex.path)}<span class="badge status">${ex.status}</span></h3>
${paragraphs.join("\n")}
${queryTable(doc, op)}${bodyTable}
<div class="example">
<div><h4>Request</h4><pre>${escapeHtml(requestText(ex, host, body, path))}</pre>
<details><summary>curl</summary><pre>${escapeHtml(curlText(ex, base, body, path))}</pre></details></div>
<div><h4>Response</h4><pre>${escapeHtml(responseText(ex, base))}</pre></div>
</div>
${notes}
</article>`;
}
