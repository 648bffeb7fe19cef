/** The dashboard talks to the same public REST API as scripts do: same-origin fetch with the session cookie. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Issue = { loc: Array<string | number>; msg: string };

function errorFrom(status: number, body: unknown): ApiError {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (Array.isArray(detail)) {
    const fields: Record<string, string> = {};
    for (const issue of detail as Issue[]) fields[String(issue.loc.at(-1))] = issue.msg;
    const message = (detail as Issue[])
      .map((i) => `${i.loc.slice(1).join(".") || "request"}: ${i.msg}`)
      .join("; ");
    return new ApiError(status, message, fields);
  }
  if (typeof detail === "string") return new ApiError(status, detail);
  return new ApiError(
    status,
    status >= 500 ? "PinFlow could not answer (server error). Try again." : `Request failed (${status})`,
  );
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "PinFlow is not reachable. Check that it is running.");
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw errorFrom(res.status, data);
  return data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body);
export const put = <T>(path: string, body?: unknown) => api<T>("PUT", path, body);
export const patch = <T>(path: string, body?: unknown) => api<T>("PATCH", path, body);
export const del = <T>(path: string, body?: unknown) => api<T>("DELETE", path, body);

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
    xhr.open("POST", path);
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
      else reject(errorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload was interrupted."));
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
