/** What a pin looks like in a list or on its page: its image, or for a video its cover (a poster otherwise). */
import type { PinDto } from "../../../pins/pins.schema";
import "./media.css";

type PinPicture = Pick<PinDto, "media_url" | "media_type" | "cover_image_url" | "cover_key_frame_time">;

/** A grey poster with a play sign, for a video whose cover is a frame PinFlow cannot cut out itself. */
const POSTER = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900" viewBox="0 0 600 900"><rect width="600" height="900" fill="#3b3b3b"/><circle cx="300" cy="450" r="70" fill="#fff" fill-opacity=".85"/><path d="M280 410v80l65-40z" fill="#3b3b3b"/></svg>',
)}`;

export const isVideo = (pin: Pick<PinDto, "media_type">) => pin.media_type === "video";

/** The picture to show for a pin. */
export const pictureOf = (pin: PinPicture): string =>
  isVideo(pin) ? (pin.cover_image_url ?? POSTER) : pin.media_url;

/** A pin's picture with a play sign over it when it is a video. */
export function PinPicture(props: { pin: PinPicture; alt: string; class?: string }) {
  const img = <img class={props.class} src={pictureOf(props.pin)} alt={props.alt} />;
  if (!isVideo(props.pin)) return img;
  return (
    <div class="video-poster">
      {img}
      <span class="play" title="Video" aria-hidden="true">
        ▶
      </span>
    </div>
  );
}
