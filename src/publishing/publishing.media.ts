import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Pin } from "../db/schema";
import type { Deps } from "../deps";
import type { PinCreateInput } from "../pinterest/pinterest.schema";
import { ownUpload, uploadsDir } from "../uploads/uploads.service";

export class MediaMissingError extends Error {}

/**
 * Our own JPEG/PNG uploads travel as image_base64 (the only types Pinterest takes that way), so an
 * instance without a public address still publishes; everything else goes by URL for Pinterest to fetch.
 */
export async function mediaSourceFor(
  deps: Pick<Deps, "db" | "clock" | "ids" | "config">,
  pin: Pin,
): Promise<PinCreateInput["media_source"]> {
  const upload = await ownUpload(deps, pin.user_id, pin.media_url);
  if (upload && (upload.content_type === "image/jpeg" || upload.content_type === "image/png")) {
    const bytes = await readFile(join(uploadsDir(deps), upload.file_name)).catch(() => {
      throw new MediaMissingError("The uploaded image file is missing from the uploads folder.");
    });
    return { source_type: "image_base64", content_type: upload.content_type, data: bytes.toString("base64") };
  }
  return { source_type: "image_url", url: pin.media_url };
}
