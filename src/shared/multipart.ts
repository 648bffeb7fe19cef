/**
 * A streaming multipart/form-data reader (RFC 7578), for bodies too big to hold in memory: video uploads to
 * PinFlow, and the emulator's S3-style media upload. Text fields are collected (each capped); a file field's
 * bytes are handed to a sink chunk by chunk as they arrive, so memory stays at about one chunk plus the
 * boundary whatever the file's size. Nothing here knows HTTP or PinFlow; a malformed body is a
 * MultipartError with a reason, and a sink that throws stops the reading with its own error.
 */

export class MultipartError extends Error {
  constructor(
    readonly reason: "malformed" | "field_too_large" | "too_many_parts",
    message: string,
  ) {
    super(message);
    this.name = "MultipartError";
  }
}

export interface PartInfo {
  /** The form field's name (`name=` of Content-Disposition). */
  name: string;
  /** Present for file fields (`filename=`), possibly "". */
  filename: string | null;
  contentType: string | null;
}

export interface MultipartHandler {
  /** A text field (no filename), decoded as UTF-8. */
  field?(name: string, value: string): void;
  /**
   * A file field begins: return a sink for its bytes, or null to skip them. `end` runs once the part is
   * complete (the closing boundary was seen), never for a body that stops short.
   */
  file(info: PartInfo): FileSink | null;
}

export interface FileSink {
  write(chunk: Uint8Array): void | Promise<void>;
  end?(): void | Promise<void>;
}

export interface MultipartLimits {
  /** Bytes of one text field (default 64 KiB). */
  maxFieldBytes?: number;
  /** Parts in all (default 64). */
  maxParts?: number;
  /** Bytes of one part's headers (default 8 KiB). */
  maxHeaderBytes?: number;
}

/** The boundary of a `multipart/form-data; boundary=…` Content-Type; null when there is none. */
export function boundaryOf(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? ((match[1] ?? match[2]) as string) : null;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

function parseHeaders(text: string): PartInfo | null {
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") disposition = value;
    if (key === "content-type") contentType = value;
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) return null;
  const param = (key: string) => {
    const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${key}=([^;\\s]+)`, "i").exec(disposition);
    if (!m) return null;
    return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] as string);
  };
  const name = param("name");
  if (name === null) return null;
  return { name, filename: param("filename"), contentType };
}

/**
 * Reads `body` to its end. Resolves once the closing boundary was seen and every sink has ended; rejects with
 * a MultipartError for anything that is not well-formed multipart (a truncated body included).
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  handler: MultipartHandler,
  limits: MultipartLimits = {},
): Promise<void> {
  const maxField = limits.maxFieldBytes ?? 64 * 1024;
  const maxParts = limits.maxParts ?? 64;
  const maxHeader = limits.maxHeaderBytes ?? 8 * 1024;
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);

  type State = "preamble" | "after-boundary" | "headers" | "body" | "done";
  let state = "preamble" as State;
  let buf: Buffer = Buffer.alloc(0);
  let parts = 0;
  let current: { info: PartInfo; sink: FileSink | null; text: Buffer[] | null; size: number } | null = null;

  const finishPart = async () => {
    if (!current) return;
    if (current.text) handler.field?.(current.info.name, Buffer.concat(current.text).toString("utf8"));
    else await current.sink?.end?.();
    current = null;
  };

  const emit = async (chunk: Buffer) => {
    if (!current || chunk.length === 0) return;
    current.size += chunk.length;
    if (current.text) {
      if (current.size > maxField) {
        throw new MultipartError("field_too_large", `The field "${current.info.name}" is too long.`);
      }
      current.text.push(Buffer.from(chunk));
    } else if (current.sink) {
      await current.sink.write(chunk);
    }
  };

  /** Consumes what it can of `buf`; false when it needs more bytes. */
  const step = async (): Promise<boolean> => {
    switch (state) {
      case "preamble": {
        // The body should start with the boundary; RFC 2046 allows a preamble before it.
        const at = buf.indexOf(first);
        if (at === -1) {
          if (buf.length > maxHeader) throw new MultipartError("malformed", "No multipart boundary found.");
          return false;
        }
        buf = buf.subarray(at + first.length);
        state = "after-boundary";
        return true;
      }
      case "after-boundary": {
        if (buf.length < 2) return false;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          await finishPart();
          state = "done";
          return false;
        }
        // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
        let i = 0;
        while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
        if (buf.length < i + 2) return false;
        if (buf[i] !== 0x0d || buf[i + 1] !== 0x0a) {
          throw new MultipartError("malformed", "A multipart boundary is not followed by a line break.");
        }
        await finishPart();
        buf = buf.subarray(i + 2);
        state = "headers";
        return true;
      }
      case "headers": {
        // A part with no headers at all starts with the blank line right away.
        const empty = buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a;
        const end = empty ? -2 : buf.indexOf(HEADER_END);
        if (end === -1 && !empty) {
          if (buf.length > maxHeader) throw new MultipartError("malformed", "A part's headers are too long.");
          return false;
        }
        const info = empty ? null : parseHeaders(buf.subarray(0, end).toString("latin1"));
        if (!info) throw new MultipartError("malformed", "A part has no form-data name.");
        if (++parts > maxParts) throw new MultipartError("too_many_parts", "The form has too many parts.");
        buf = buf.subarray(empty ? 2 : end + HEADER_END.length);
        current =
          info.filename === null
            ? { info, sink: null, text: [], size: 0 }
            : { info, sink: handler.file(info), text: null, size: 0 };
        state = "body";
        return true;
      }
      case "body": {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          // Keep a tail that could be the start of the delimiter; hand over the rest.
          const safe = buf.length - (delimiter.length - 1);
          if (safe > 0) {
            await emit(buf.subarray(0, safe));
            buf = buf.subarray(safe);
          }
          return false;
        }
        await emit(buf.subarray(0, at));
        buf = buf.subarray(at + delimiter.length);
        state = "after-boundary";
        return true;
      }
      case "done":
        return false;
    }
  };

  const reader = body.getReader();
  try {
    for (;;) {
      while (await step()) {}
      if (state === "done") break;
      const { done, value } = await reader.read();
      if (done) break;
      buf = buf.length === 0 ? Buffer.from(value) : Buffer.concat([buf, value]);
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  }
  if (state !== "done") {
    await reader.cancel().catch(() => {});
    throw new MultipartError("malformed", "The multipart body ended before its closing boundary.");
  }
  // The epilogue after the closing boundary is ignored (RFC 2046), but read so the connection is drained.
  await reader.cancel().catch(() => {});
}

/** The bytes of a multipart body whose last field is a file: fields first, then the file. */
export interface MultipartWriter {
  boundary: string;
  contentType: string;
  /** Exact length of the whole body. */
  length: number;
  stream(): ReadableStream<Uint8Array>;
}

/**
 * Builds a multipart/form-data body with text `fields` and one `file` last (as S3's POST uploads require),
 * streamed from `file.stream()` so the file is never held whole; `length` lets the caller send a
 * Content-Length (S3 refuses chunked uploads).
 */
export function multipartBody(
  fields: Array<[string, string]>,
  file: {
    field: string;
    filename: string;
    contentType: string;
    size: number;
    stream(): ReadableStream<Uint8Array>;
  },
  boundary = `----pinflow${crypto.randomUUID().replace(/-/g, "")}`,
): MultipartWriter {
  const quote = (s: string) => s.replace(/[\r\n]/g, " ").replace(/(["\\])/g, "\\$1");
  let head = "";
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  const pre = Buffer.from(head, "utf8");
  const post = Buffer.concat([CRLF, Buffer.from(`--${boundary}--\r\n`)]);
  return {
    boundary,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: pre.length + file.size + post.length,
    stream() {
      let stage: "pre" | "file" | "post" | "done" = "pre";
      let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (stage === "pre") {
            stage = "file";
            reader = file.stream().getReader();
            return controller.enqueue(new Uint8Array(pre));
          }
          if (stage === "file" && reader) {
            const { done, value } = await reader.read();
            if (!done) return controller.enqueue(value);
            stage = "post";
          }
          if (stage === "post") {
            stage = "done";
            controller.enqueue(new Uint8Array(post));
            return controller.close();
          }
        },
        cancel(reason) {
          return reader?.cancel(reason);
        },
      });
    },
  };
}
