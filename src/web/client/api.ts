/**
 * The dashboard talks to the same public REST API as scripts do: same-origin fetch with the session cookie.
 * Paths are the API's ("/pins"); they are asked for under the base path (base.ts).
 */

import { withBase } from "./base";
import { CODE_FIELDS, fieldMessage, plainMessage } from "./words";

/**
 * A refused request, said for people: `message` for the whole request, `fields` per field (the API's 422
 * `loc` → the field's name, e.g. "link", or "2.title" for the third pin of a batch), `code` the API's
 * stable X-Error-Code (e.g. "quotas.daily"), `detail` the API's own text.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly code: string | null = null,
    readonly detail: string = message,
  ) {
    super(message);
  }
}

type Issue = { loc: Array<string | number>; msg: string };

/** "body.link" → "link"; ["body", 2, "title"] → "2.title"; ["query", "to"] → "to". */
const fieldKey = (loc: Array<string | number>) => loc.slice(1).join(".") || String(loc[0] ?? "request");

export function errorFrom(status: number, body: unknown, code: string | null = null): ApiError {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (Array.isArray(detail)) {
    const fields: Record<string, string> = {};
    for (const issue of detail as Issue[]) {
      const key = fieldKey(issue.loc);
      fields[key] ??= fieldMessage(String(issue.loc.at(-1)), issue.msg);
    }
    const lines = Object.values(fields);
    const message =
      lines.length === 1 ? (lines[0] as string) : "Some fields need a look: see the messages beside them.";
    return new ApiError(status, message, fields, code, JSON.stringify(detail));
  }
  const text = typeof detail === "string" ? detail : `Request failed (${status})`;
  const field = code ? CODE_FIELDS[code] : undefined;
  const message = plainMessage(status, text, code);
  return new ApiError(status, message, field ? { [field]: message } : {}, code, text);
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withBase(path), {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw errorFrom(0, null);
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw errorFrom(res.status, data, res.headers.get("x-error-code"));
  return data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body);
export const put = <T>(path: string, body?: unknown) => api<T>("PUT", path, body);
export const patch = <T>(path: string, body?: unknown) => api<T>("PATCH", path, body);
export const del = <T>(path: string, body?: unknown) => api<T>("DELETE", path, body);

/** GET, with the answer's headers (X-Total-Count, X-Change-Id). */
export async function getWithHeaders<T>(path: string): Promise<{ data: T; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(withBase(path), { credentials: "same-origin" });
  } catch {
    throw errorFrom(0, null);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw errorFrom(res.status, data, res.headers.get("x-error-code"));
  return { data: data as T, headers: res.headers };
}

/** GET with the X-Total-Count header (`with_total=true`). */
export async function getWithTotal<T>(path: string): Promise<{ items: T; total: number }> {
  const { data, headers } = await getWithHeaders<T>(path);
  return { items: data, total: Number(headers.get("x-total-count") ?? 0) };
}

/** Multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function uploadImage(file: File, onProgress: (fraction: number) => void): Promise<{ url: string }> {
  return uploadFile("/pins/upload-image", file, onProgress);
}

/** A file to `path` as multipart/form-data in the field `file`, with progress. */
export function uploadFile<T = { url: string }>(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", withBase(path));
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText);
        } catch {
          return null;
        }
      })();
      if (xhr.status === 200) resolve(body);
      else reject(errorFrom(xhr.status, body, xhr.getResponseHeader("x-error-code")));
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload was interrupted. Try again."));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

export const qs = (params: Record<string, string | number | undefined | null>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
};

/** epoch ms → the API's `YYYY-MM-DDTHH:MM:SSZ`. */
export const apiTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
