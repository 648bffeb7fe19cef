import * as v from "valibot";
import { ApiTime, StreamedFile } from "../shared/schema";

export const UploadBody = v.object({ file: v.file() });
export const UploadResponse = v.object({ url: v.string() });

/** POST /pins/upload-video: the file is streamed to the upload storage, never held whole. */
export const VideoUploadBody = v.object({ file: StreamedFile });
export const VideoUploadResponse = v.object({
  url: v.pipe(v.string(), v.description("Use it as a pin's media_url (with a cover)")),
  content_type: v.pipe(v.picklist(["video/mp4", "video/quicktime"]), v.description("From the file's bytes")),
  size_bytes: v.number(),
  duration_ms: v.pipe(
    v.nullable(v.number()),
    v.description("From the file's header; null when it does not say"),
  ),
  width: v.nullable(v.number()),
  height: v.nullable(v.number()),
});
export type VideoUploadDto = v.InferOutput<typeof VideoUploadResponse>;

/** One file of the caller's media library (GET /uploads). */
export const UploadedFileSchema = v.object({
  id: v.number(),
  url: v.pipe(v.string(), v.description("Where the image is served; use it as a pin's media_url")),
  content_type: v.pipe(
    v.string(),
    v.description("image/jpeg, image/png, image/gif, image/webp, image/avif, video/mp4 or video/quicktime"),
  ),
  size_bytes: v.number(),
  original_name: v.nullable(v.string()),
  created_at: ApiTime,
  last_used_at: v.pipe(
    ApiTime,
    v.description(
      "When a pin last referenced it (checked daily); uploads no pin has referenced for 30 days are removed",
    ),
  ),
  pin_ids: v.pipe(
    v.array(v.number()),
    v.description(
      "Your pins whose media_url is this upload (any status); deleting is refused while one is not published",
    ),
  ),
});
export type UploadedFileDto = v.InferOutput<typeof UploadedFileSchema>;
