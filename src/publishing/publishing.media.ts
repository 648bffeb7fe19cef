import type { Pin } from "../db/schema";
import type { Deps } from "../deps";
import type { PinCreateInput } from "../pinterest/pinterest.schema";
import { ownUpload } from "../uploads/uploads.service";

export class MediaMissingError extends Error {}
/** The storage could not be read (a bucket out of reach): the attempt is retried like a transient failure. */
export class MediaUnreadableError extends Error {}

/** Reads from the upload storage; a failure of the storage itself becomes a MediaUnreadableError. */
export async function fromStorage<T>(deps: Pick<Deps, "storage">, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new MediaUnreadableError(
      `The upload could not be read from ${deps.storage.label}: ${(err as Error).message}`,
    );
  }
}

/**
 * Our own JPEG/PNG uploads travel as image_base64 (the only types Pinterest takes that way), so an
 * instance without a public address still publishes; everything else goes by URL for Pinterest to fetch.
 */
export async function mediaSourceFor(
  deps: Pick<Deps, "db" | "storage">,
  pin: Pin,
): Promise<PinCreateInput["media_source"]> {
  const upload = await ownUpload(deps, pin.user_id, pin.media_url);
  if (upload && (upload.content_type === "image/jpeg" || upload.content_type === "image/png")) {
    const bytes = await fromStorage(deps, () => deps.storage.bytes(upload.file_name));
    if (!bytes) throw new MediaMissingError(`The uploaded image file is missing from ${deps.storage.label}.`);
    return {
      source_type: "image_base64",
      content_type: upload.content_type,
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    };
  }
  return { source_type: "image_url", url: pin.media_url };
}
