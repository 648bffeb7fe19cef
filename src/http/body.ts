/**
 * How PinFlow reads a request body — the one place that decides it. Routes that take a body take JSON, except
 * uploads, which take multipart/form-data (their schema holds a file); anything else is a 415 before a byte is
 * read. The body is read within MAX_BODY_BYTES (413) — except a streamed file (shared/schema.ts StreamedFile,
 * the video upload): its route gets the body unread, as a stream, and enforces its own limit. A body that does not parse is Elysia's parse error (422,
 * "JSON decode error"); what it holds is then checked against the route's schema (422).
 *
 * Called by the auth gate (src/http/auth.ts) once the caller is known, so 401 / 403 come before any of these.
 */
import { STREAMED_FILE, type StreamedBody } from "../shared/schema";
import { unsupportedMediaType } from "./errors";
import { readCapped } from "./limits";

export type BodyKind = "none" | "json" | "multipart" | "stream";

export const MEDIA_TYPES = {
  json: "application/json",
  multipart: "multipart/form-data",
  stream: "multipart/form-data",
} as const;

interface SchemaLike {
  type?: string;
  entries?: Record<string, SchemaLike>;
  wrapped?: SchemaLike;
  pipe?: Array<{ type?: string; metadata?: Record<string, unknown> }>;
}

const holdsFile = (schema: SchemaLike | undefined): boolean =>
  schema?.type === "file" || (schema?.wrapped !== undefined && holdsFile(schema.wrapped));

const isStreamed = (schema: SchemaLike | undefined): boolean =>
  schema?.pipe?.some((action) => action.type === "metadata" && action.metadata?.[STREAMED_FILE] === true) ??
  false;

/**
 * What a route's `body` schema asks for: nothing, JSON, a multipart form (when a field is a file), or a
 * multipart stream (when a field is a StreamedFile).
 */
export function bodyKindOf(schema: unknown): BodyKind {
  if (!schema) return "none";
  const entries = Object.values((schema as SchemaLike).entries ?? {});
  if (entries.some(isStreamed)) return "stream";
  return entries.some(holdsFile) ? "multipart" : "json";
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
  if (kind === "stream") {
    const declared = request.headers.get("content-length");
    const file: StreamedBody = {
      stream: request.body,
      contentType: request.headers.get("content-type") ?? expected,
      declaredLength: declared === null ? null : Number(declared),
    };
    return { file };
  }
  const bytes = await readCapped(request);
  if (kind === "json") return JSON.parse(new TextDecoder().decode(bytes));
  const headers = { "content-type": request.headers.get("content-type") ?? expected };
  return formToObject(await new Response(bytes, { headers }).formData());
}
