/**
 * An S3-compatible bucket through Bun's built-in client (Bun.S3Client): path-style requests signed with
 * SigV4, objects under `<prefix>/<name>`.
 *
 * What Bun's client does and does not do, and how it is used here:
 * - Every option is passed explicitly: for any it is not given, Bun falls back to S3_* / AWS_* environment
 *   variables, and PinFlow's configuration is PINFLOW_* only. (It still adds AWS_SESSION_TOKEN from the
 *   environment when that is set: there is no way to turn that off.)
 * - Streamed writes: `file.writer()` sends 5 MB parts (a multipart upload; one PUT when smaller), but its
 *   `write()` never pushes back — it buffers whatever it is given. So the writer below awaits `flush()`
 *   after each part's worth, which returns once that part is sent: memory holds about one part.
 * - `writer.end(error)` does not abort: it completes the upload. There is no AbortMultipartUpload, so a
 *   write given up is completed and then deleted. (A process killed mid-upload leaves an unfinished
 *   multipart upload, which a bucket lifecycle rule cleans; no name ever appears for it.)
 * - Reads: `file.stream()` downloads as it is read; `file.slice(a, b)` is a ranged GET.
 * - A missing object is an S3Error with code NoSuchKey (HEAD included).
 */
import type { S3Settings } from "../config";
import type { Storage, StorageWriter } from "./storage";

/** S3's smallest part but the last; what the writer keeps in memory at most (plus one chunk). */
export const S3_PART_BYTES = 5 * 1024 * 1024;

const missing = (err: unknown) => (err as { code?: string })?.code === "NoSuchKey";

export function createS3Storage(s3: S3Settings): Storage {
  const client = new Bun.S3Client({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  const keyOf = (name: string) => (s3.prefix ? `${s3.prefix}/${name}` : name);

  async function writer(name: string, contentType: string): Promise<StorageWriter> {
    const key = keyOf(name);
    const sink = client.file(key).writer({ type: contentType, partSize: S3_PART_BYTES, queueSize: 1 });
    let size = 0;
    let unsent = 0;
    let finished = false;
    return {
      async write(chunk) {
        sink.write(chunk);
        size += chunk.length;
        unsent += chunk.length;
        if (unsent >= S3_PART_BYTES) {
          unsent = 0;
          await sink.flush();
        }
      },
      async close() {
        finished = true;
        await sink.end();
        return size;
      },
      async abort() {
        if (finished) return;
        finished = true;
        await Promise.resolve(sink.end()).catch(() => {});
        await client.delete(key).catch(() => {});
      },
    };
  }

  async function size(name: string): Promise<number | null> {
    try {
      return await client.size(keyOf(name));
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  return {
    kind: "s3",
    label: "the S3 bucket",
    where: `s3://${s3.bucket}${s3.prefix ? `/${s3.prefix}` : ""} at ${s3.endpoint}`,
    writer,
    async put(name, data, contentType) {
      if (data instanceof Uint8Array) return client.write(keyOf(name), data, { type: contentType });
      const w = await writer(name, contentType);
      try {
        for await (const chunk of data) await w.write(chunk);
      } catch (err) {
        await w.abort();
        throw err;
      }
      return w.close();
    },
    async get(name) {
      const bytes = await size(name);
      if (bytes === null) return null;
      const file = client.file(keyOf(name));
      return { size: bytes, stream: () => file.stream(), body: () => file.stream() };
    },
    async bytes(name) {
      try {
        return await client.file(keyOf(name)).bytes();
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async read(name, offset, length) {
      const total = await size(name);
      if (total === null)
        throw Object.assign(new Error(`${name} is not in the bucket`), { code: "NoSuchKey" });
      const end = Math.min(offset + length, total);
      if (end <= offset) return new Uint8Array(0);
      return client.file(keyOf(name)).slice(offset, end).bytes();
    },
    size,
    exists: async (name) => (await size(name)) !== null,
    async delete(name) {
      try {
        await client.delete(keyOf(name));
      } catch (err) {
        if (!missing(err)) throw err;
      }
    },
    async list() {
      const prefix = s3.prefix ? `${s3.prefix}/` : "";
      const out: Array<{ name: string; size: number }> = [];
      let continuationToken: string | undefined;
      do {
        const page = await client.list({ prefix, continuationToken, maxKeys: 1000 });
        for (const object of page.contents ?? []) {
          const name = object.key.slice(prefix.length);
          // only this level: a deeper key is not one of PinFlow's names
          if (name && !name.includes("/")) out.push({ name, size: object.size ?? 0 });
        }
        continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
      } while (continuationToken);
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    presign: (name, expiresInSeconds) =>
      client.presign(keyOf(name), { method: "GET", expiresIn: expiresInSeconds }),
  };
}
