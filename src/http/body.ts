/**
 * How PinFlow reads a request body — the one place that decides it. Routes that take a body take JSON, except
 * uploads, which take multipart/form-data (their schema holds a file); anything else is a 415 before a byte is
 * read. The body is read within MAX_BODY_BYTES (413). A body that does not parse is Elysia's parse error (422,
 * "JSON decode error"); what it holds is then checked against the route's schema (422).
 *
 * Called by the auth gate (src/http/auth.ts) once the caller is known, so 401 / 403 come before any of these.
 */
import { unsupportedMediaType } from "./errors";
import { readCapped } from "./limits";

export type BodyKind = "none" | "json" | "multipart";

export const MEDIA_TYPES = { json: "application/json", multipart: "multipart/form-data" } as const;

interface SchemaLike {
  type?: string;
  entries?: Record<string, SchemaLike>;
  wrapped?: SchemaLike;
}

const holdsFile = (schema: SchemaLike | undefined): boolean =>
  schema?.type === "file" || (schema?.wrapped !== undefined && holdsFile(schema.wrapped));

/** What a route's `body` schema asks for: nothing, JSON, or a multipart form (when a field is a file). */
export function bodyKindOf(schema: unknown): BodyKind {
  if (!schema) return "none";
  const entries = (schema as SchemaLike).entries ?? {};
  return Object.values(entries).some(holdsFile) ? "multipart" : "json";
}

/** `application/json; charset=utf-8` → `application/json`. */
const mediaTypeOf = (request: Request) =>
  (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

const hasBody = (request: Request) => request.body !== null && request.headers.get("content-length") !== "0";

function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/**
 * The parsed body for Elysia to validate; `null` when the route takes none (it is not read) or none was sent
 * (validation then answers "Field required").
 */
export async function readBody(request: Request, kind: BodyKind): Promise<unknown> {
  if (kind === "none" || !hasBody(request)) return null;
  const expected = MEDIA_TYPES[kind];
  if (mediaTypeOf(request) !== expected) throw unsupportedMediaType(expected);
  const bytes = await readCapped(request);
  if (kind === "json") return JSON.parse(new TextDecoder().decode(bytes));
  const headers = { "content-type": request.headers.get("content-type") ?? expected };
  return formToObject(await new Response(bytes, { headers }).formData());
}
