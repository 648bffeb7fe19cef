/**
 * Reads /openapi.json for the docs page: the operation an example calls, and a schema's type, description
 * and constraints as the page's tables write them. Everything the tables say comes from the routes this way.
 */
import type { OpenApiDocument } from "./docs.openapi";

export type Obj = Record<string, unknown>;
export const isObject = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

export const pathOnly = (path: string) => path.split("?")[0] as string;

/** The operation of the document an example calls (`/pins/{pin_id}` is `/pins/{id}`). */
export function operationFor(doc: OpenApiDocument, method: string, path: string): Obj | null {
  const segments = pathOnly(path).split("/").filter(Boolean);
  let best: { op: Obj; fixed: number } | null = null;
  for (const [template, item] of Object.entries(doc.paths)) {
    const parts = template.split("/").filter(Boolean);
    if (parts.length !== segments.length) continue;
    const matches = parts.every((p, i) => p.startsWith("{") || p === segments[i]);
    const op = item[method.toLowerCase()];
    if (!matches || !isObject(op)) continue;
    const fixed = parts.filter((p, i) => !p.startsWith("{") && p === segments[i]).length;
    if (!best || fixed > best.fixed) best = { op, fixed };
  }
  return best?.op ?? null;
}

export function resolve(doc: OpenApiDocument, schema: unknown): Obj {
  if (!isObject(schema)) return {};
  const ref = typeof schema.$ref === "string" ? schema.$ref.replace("#/components/schemas/", "") : null;
  return ref ? { ...(doc.components.schemas[ref] ?? {}), ...schema, $ref: undefined } : schema;
}

/** A JSON schema as the seed's type column writes it: `string | null`, `datetime`, `integer[]`. */
export function typeName(doc: OpenApiDocument, schema: unknown): string {
  const s = resolve(doc, schema);
  if (Array.isArray(s.anyOf)) return s.anyOf.map((x) => typeName(doc, x)).join(" | ");
  if (typeof s.pattern === "string" && s.pattern.includes("T\\d{2}")) return "datetime";
  if (typeof s.description === "string" && /^ISO 8601/.test(s.description)) return "datetime";
  if (s.type === "array") return `${typeName(doc, s.items)}[]`;
  if (s.type === "string" && typeof s.pattern === "string" && s.pattern.startsWith("^\\d")) return "integer";
  if (s.type === "number") return "integer";
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (typeof s.type === "string") return s.type === "object" ? "object" : s.type;
  return "any";
}

/** A schema's description, also when it sits on the non-null member of `X | null`. */
export function describe(doc: OpenApiDocument, schema: unknown): string | null {
  const s = resolve(doc, schema);
  if (typeof s.description === "string") return s.description;
  if (Array.isArray(s.anyOf)) return s.anyOf.map((x) => describe(doc, x)).find(Boolean) ?? null;
  return null;
}

export function constraints(doc: OpenApiDocument, schema: unknown): string[] {
  const s = resolve(doc, schema);
  if (Array.isArray(s.anyOf)) return s.anyOf.flatMap((x) => constraints(doc, x));
  const out: string[] = [];
  if (Array.isArray(s.enum)) out.push(`one of ${s.enum.map((e) => `"${e}"`).join(", ")}`);
  if (typeof s.maxLength === "number") out.push(`max ${s.maxLength} characters`);
  if (typeof s.format === "string" && s.format === "binary") out.push("a file");
  return out;
}
