/**
 * A video pin's media in compose: the video (POST /pins/upload-video, with progress) and its cover — an
 * uploaded JPEG/PNG image or a moment of the video, in seconds. Pinterest takes 4 seconds to 15 minutes.
 */
import { useRef, useState } from "preact/hooks";
import type { VideoUploadDto } from "../../../uploads/uploads.schema";
import { uploadFile, uploadImage } from "../api";
import { Button, ErrorText, Progress } from "./ui";
import "./media.css";

export interface VideoDraft {
  media_url: string;
  cover_image_url: string;
  /** Seconds, as typed ("" = none). */
  cover_key_frame_time: string;
}

const seconds = (ms: number | null) => (ms === null ? "length unknown" : `${Math.round(ms / 100) / 10} s`);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function CoverPicker(props: { value: VideoDraft; onChange(next: VideoDraft): void }) {
  const { value } = props;
  const [mode, setMode] = useState<"image" | "frame">(value.cover_key_frame_time !== "" ? "frame" : "image");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const pick = (next: "image" | "frame") => {
    setMode(next);
    props.onChange(
      next === "frame"
        ? { ...value, cover_image_url: "", cover_key_frame_time: value.cover_key_frame_time || "0" }
        : { ...value, cover_key_frame_time: "" },
    );
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const { url } = await uploadImage(file, setProgress);
      props.onChange({ ...value, cover_image_url: url, cover_key_frame_time: "" });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <fieldset class="cover-picker">
      <legend>Cover</legend>
      <label class="choice">
        <input type="radio" name="cover-mode" checked={mode === "image"} onChange={() => pick("image")} />
        An image (JPEG or PNG)
      </label>
      <label class="choice">
        <input type="radio" name="cover-mode" checked={mode === "frame"} onChange={() => pick("frame")} />A
        frame of the video
      </label>
      {mode === "image" ? (
        value.cover_image_url ? (
          <div class="cover-chosen">
            <img src={value.cover_image_url} alt="Cover of the video" />
            <Button variant="ghost" onClick={() => props.onChange({ ...value, cover_image_url: "" })}>
              Replace cover
            </Button>
          </div>
        ) : (
          <Button onClick={() => input.current?.click()}>Choose a cover image</Button>
        )
      ) : (
        <label class="cover-frame">
          At second{" "}
          <input
            id="cover-frame"
            type="number"
            min={0}
            max={900}
            step={1}
            value={value.cover_key_frame_time}
            onInput={(e) =>
              props.onChange({ ...value, cover_key_frame_time: (e.target as HTMLInputElement).value })
            }
          />
        </label>
      )}
      <input
        ref={input}
        id="cover-file"
        type="file"
        accept="image/jpeg,image/png"
        class="sr-only"
        onChange={(e) => void upload((e.target as HTMLInputElement).files?.[0])}
      />
      {progress !== null ? <Progress value={progress} label="Uploading cover" /> : null}
      <ErrorText error={error} />
    </fieldset>
  );
}

export function VideoPicker(props: { value: VideoDraft; onChange(next: VideoDraft): void }) {
  const { value } = props;
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<(VideoUploadDto & { name: string }) | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const uploaded = await uploadFile<VideoUploadDto>("/pins/upload-video", file, setProgress);
      setInfo({ ...uploaded, name: file.name });
      props.onChange({ ...value, media_url: uploaded.url });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div class="video-picker">
      {value.media_url ? (
        <div class="video-chosen">
          <span class="video-icon" aria-hidden="true">
            ▶
          </span>
          <span class="video-text">
            <strong>{info?.name ?? "Video"}</strong>
            <br />
            <span class="muted small">
              {info ? `${seconds(info.duration_ms)} · ${megabytes(info.size_bytes)}` : value.media_url}
            </span>
          </span>
          <Button variant="ghost" onClick={() => props.onChange({ ...value, media_url: "" })}>
            Replace video
          </Button>
        </div>
      ) : (
        <button type="button" class="dropzone" onClick={() => input.current?.click()}>
          <span class="dropzone-icon" aria-hidden="true">
            ▶
          </span>
          <strong>Choose a video</strong>
          <span class="hint">MP4 or MOV, 4 seconds to 15 minutes</span>
        </button>
      )}
      <input
        ref={input}
        id="video-file"
        type="file"
        accept="video/mp4,video/quicktime,.mp4,.mov,.m4v"
        class="sr-only"
        onChange={(e) => void upload((e.target as HTMLInputElement).files?.[0])}
      />
      {progress !== null ? <Progress value={progress} label="Uploading video" /> : null}
      <ErrorText error={error} />
      <CoverPicker value={value} onChange={props.onChange} />
    </div>
  );
}

/** Image or video: which picker compose shows. */
export function MediaKindSwitch(props: {
  value: "image" | "video";
  onChange(kind: "image" | "video"): void;
}) {
  return (
    <fieldset class="media-kind">
      <legend class="sr-only">Kind of pin</legend>
      {(["image", "video"] as const).map((kind) => (
        <button
          type="button"
          key={kind}
          aria-pressed={props.value === kind}
          onClick={() => props.onChange(kind)}
        >
          {kind === "image" ? "Image" : "Video"}
        </button>
      ))}
    </fieldset>
  );
}

/** The fields of a pin's body that the video picker owns. */
export const videoFields = (kind: "image" | "video", draft: VideoDraft) =>
  kind === "video"
    ? {
        cover_image_url: draft.cover_key_frame_time === "" ? draft.cover_image_url || null : null,
        cover_key_frame_time: draft.cover_key_frame_time === "" ? null : Number(draft.cover_key_frame_time),
      }
    : { cover_image_url: null, cover_key_frame_time: null };
