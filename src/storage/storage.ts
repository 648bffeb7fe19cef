/**
 * Where uploaded files live: one small interface, two places. The upload folder (<data-dir>/uploads, the
 * default) or an S3-compatible bucket (PINFLOW_S3_BUCKET). Names are flat (`<32 hex>.<ext>`); what a name
 * means — whose upload, which type, whether it may be served — is the uploads feature's business (its
 * rows), never the storage's.
 *
 * Built by storage.wiring.ts from the configuration, and handed to services as `deps.storage`.
 *
 * Both places make a name appear only once its whole content is there (the folder renames a finished
 * temporary file; S3 completes the upload), so a reader never sees half an object.
 */

/** A write in progress: chunks in, then `close` (the name appears) or `abort` (nothing stays). */
export interface StorageWriter {
  /** Resolves once the chunk may be let go (a full part sent to S3): the caller may read on. */
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the object under its name; the byte count. */
  close(): Promise<number>;
  /** Gives the write up; nothing is left under the name. Never throws. */
  abort(): Promise<void>;
}

export interface StoredObject {
  size: number;
  /** The content, read as it is sent (a file or a streamed download). */
  stream(): ReadableStream<Uint8Array>;
  /** The same content as a Response body (the folder hands over its file, which Bun sends without copying). */
  body(): Blob | ReadableStream<Uint8Array>;
}

export interface Storage {
  /** "the upload folder /srv/data/uploads" or "s3://bucket/prefix at <endpoint>", for logs and the CLI. */
  readonly where: string;
  readonly kind: "folder" | "s3";
  /** "the uploads folder" or "the S3 bucket": for messages users see (no path, no address). */
  readonly label: string;
  /** A streamed write; memory holds at most one S3 part (5 MB) of it at a time. */
  writer(name: string, contentType: string): Promise<StorageWriter>;
  /** Writes a whole object from bytes or a stream (the stream is read as it is written). */
  put(name: string, data: Uint8Array | ReadableStream<Uint8Array>, contentType: string): Promise<number>;
  /** The object with its size, or null when there is none. */
  get(name: string): Promise<StoredObject | null>;
  /** The whole object, or null when there is none (for small files: images sent as base64). */
  bytes(name: string): Promise<Uint8Array | null>;
  /** Up to `length` bytes from `offset` (fewer at the end). */
  read(name: string, offset: number, length: number): Promise<Uint8Array>;
  /** The object's size, or null when there is none. */
  size(name: string): Promise<number | null>;
  exists(name: string): Promise<boolean>;
  /** Removes the object; one already missing is fine. */
  delete(name: string): Promise<void>;
  /** Every finished object's name and size (unfinished writes left out), for `pinflow migrate-storage`. */
  list(): Promise<Array<{ name: string; size: number }>>;
  /** S3 only: a time-limited URL that reads the object straight from the bucket. */
  presign?(name: string, expiresInSeconds: number): string;
}

const TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  mp4: "video/mp4",
  mov: "video/quicktime",
};

/** The type an upload's name stands for (its extension was chosen from its bytes). */
export const contentTypeOf = (name: string) =>
  TYPES[name.slice(name.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";
