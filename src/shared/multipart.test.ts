import { describe, expect, test } from "bun:test";
import { boundaryOf, MultipartError, multipartBody, readMultipart } from "./multipart";

/** A stream that hands `bytes` over in pieces of `size` (1 = byte by byte: every boundary split every way). */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function formBytes(form: FormData) {
  const res = new Response(form);
  const type = res.headers.get("content-type") as string;
  return { bytes: new Uint8Array(await res.arrayBuffer()), boundary: boundaryOf(type) as string };
}

async function read(bytes: Uint8Array, boundary: string, size = 7) {
  const fields: Record<string, string> = {};
  const files: Record<
    string,
    { filename: string | null; type: string | null; bytes: number[]; ended: boolean }
  > = {};
  await readMultipart(chunked(bytes, size), boundary, {
    field: (name, value) => {
      fields[name] = value;
    },
    file: (info) => {
      const file = { filename: info.filename, type: info.contentType, bytes: [] as number[], ended: false };
      files[info.name] = file;
      return {
        write: (chunk) => void file.bytes.push(...chunk),
        end: () => {
          file.ended = true;
        },
      };
    },
  });
  return { fields, files };
}

describe("the streaming multipart reader", () => {
  test("reads text fields and a file exactly as the platform's FormData wrote them, however the bytes arrive", async () => {
    const content = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
    const form = new FormData();
    form.append("key", "uploads/1/video");
    form.append("policy", "é ünïcode and \r\n line breaks");
    form.append("file", new File([content], "clip.mp4", { type: "video/mp4" }));
    const { bytes, boundary } = await formBytes(form);
    for (const size of [1, 3, 64, 100_000]) {
      const { fields, files } = await read(bytes, boundary, size);
      expect(fields).toEqual({ key: "uploads/1/video", policy: "é ünïcode and \r\n line breaks" });
      expect(files.file?.filename).toBe("clip.mp4");
      expect(files.file?.type).toBe("video/mp4");
      expect(files.file?.ended).toBe(true);
      expect(Buffer.from(files.file?.bytes ?? []).equals(Buffer.from(content))).toBe(true);
    }
  });

  test("a file whose bytes contain most of the boundary is not cut short", async () => {
    const boundary = "XyZ";
    const tricky = Buffer.from("a\r\n--Xy\r\n--XyZb\r\n-");
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n`),
      tricky,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    // "\r\n--XyZb" is the delimiter followed by a non-boundary byte: RFC 2046 forbids it inside a part, so a
    // body carrying it is malformed rather than silently split.
    await expect(read(new Uint8Array(body), boundary, 2)).rejects.toBeInstanceOf(MultipartError);
    const fine = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n`),
      Buffer.from("a\r\n--Xy\r\n--X-"),
      Buffer.from(`\r\n--${boundary}--`),
    ]);
    const { files } = await read(new Uint8Array(fine), boundary, 1);
    expect(Buffer.from(files.file?.bytes ?? []).toString()).toBe("a\r\n--Xy\r\n--X-");
  });

  test("a body that stops before its closing boundary is malformed, and the file's sink never ends", async () => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array(500)], "a.bin"));
    const { bytes, boundary } = await formBytes(form);
    let ended = false;
    const reading = readMultipart(chunked(bytes.slice(0, bytes.length - 20), 50), boundary, {
      file: () => ({
        write: () => {},
        end: () => {
          ended = true;
        },
      }),
    });
    await expect(reading).rejects.toThrow("ended before its closing boundary");
    expect(ended).toBe(false);
  });

  test("an over-long text field and too many parts are refused by name", async () => {
    const form = new FormData();
    form.append("note", "x".repeat(100));
    const { bytes, boundary } = await formBytes(form);
    const error = await readMultipart(
      chunked(bytes, 10),
      boundary,
      { file: () => null },
      { maxFieldBytes: 50 },
    )
      .then(() => null)
      .catch((err) => err);
    expect(error).toMatchObject({ reason: "field_too_large" });
    const many = new FormData();
    for (let i = 0; i < 5; i++) many.append(`f${i}`, "v");
    const m = await formBytes(many);
    const tooMany = await readMultipart(
      chunked(m.bytes, 10),
      m.boundary,
      { file: () => null },
      { maxParts: 4 },
    )
      .then(() => null)
      .catch((err) => err);
    expect(tooMany).toMatchObject({ reason: "too_many_parts" });
  });

  test("a sink that throws stops the reading with its own error", async () => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array(10_000)], "a.bin"));
    const { bytes, boundary } = await formBytes(form);
    let written = 0;
    const reading = readMultipart(chunked(bytes, 1000), boundary, {
      file: () => ({
        write: (chunk) => {
          written += chunk.length;
          if (written > 3000) throw new Error("too big for me");
        },
      }),
    });
    await expect(reading).rejects.toThrow("too big for me");
    expect(written).toBeLessThan(5000);
  });

  test("the boundary is read from the Content-Type, quoted or not; other types have none", () => {
    expect(boundaryOf("multipart/form-data; boundary=abc123")).toBe("abc123");
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(boundaryOf("application/json")).toBeNull();
    expect(boundaryOf("multipart/form-data")).toBeNull();
    expect(boundaryOf(null)).toBeNull();
  });

  test("the writer streams fields then the file with an exact length, and the reader reads it back", async () => {
    const content = new Uint8Array(70_000).map((_, i) => i % 251);
    const body = multipartBody(
      [
        ["key", "uploads/a"],
        ["Content-Type", "multipart/form-data"],
      ],
      {
        field: "file",
        filename: 'we"ird.mp4',
        contentType: "video/mp4",
        size: content.length,
        stream: () => chunked(content, 4096),
      },
    );
    const bytes = new Uint8Array(await new Response(body.stream()).arrayBuffer());
    expect(bytes.length).toBe(body.length);
    expect(boundaryOf(body.contentType)).toBe(body.boundary);
    const { fields, files } = await read(bytes, body.boundary, 333);
    expect(fields).toEqual({ key: "uploads/a", "Content-Type": "multipart/form-data" });
    expect(files.file?.filename).toBe('we"ird.mp4');
    expect(Buffer.from(files.file?.bytes ?? []).equals(Buffer.from(content))).toBe(true);
    // and the platform's own parser agrees
    const parsed = await new Response(bytes, { headers: { "content-type": body.contentType } }).formData();
    expect(parsed.get("key")).toBe("uploads/a");
    expect((parsed.get("file") as File).size).toBe(content.length);
  });
});
