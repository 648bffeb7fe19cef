import { pictureOf } from "../../components/pin-media";
import { hostOf, httpHref } from "../../format";
import type { Card } from "./cards";

/** Roughly how the pin will look on Pinterest, as it is typed. */
export function PinPreview(props: { card: Card | null }) {
  const card = props.card;
  // Only an http(s) address (or the local preview of a file) is shown: not ftp:, javascript: or a half-typed URL.
  const media = httpHref(card?.media_url ?? null) ?? card?.preview ?? "";
  const image =
    card?.kind === "video" && media
      ? pictureOf({
          media_type: "video",
          media_url: media,
          cover_image_url: card.cover_image_url || null,
          cover_key_frame_time: null,
        })
      : media;
  return (
    <aside class="preview" aria-label="Preview">
      <div class="preview-pin">
        {image ? (
          <img src={image} alt={card?.alt_text || "Preview"} />
        ) : (
          <div class="preview-blank">{card?.kind === "video" ? "Your video" : "Your image"}</div>
        )}
        <div class="preview-text">
          <strong>{card?.title || "Your title"}</strong>
          {card?.description ? <p>{card.description.slice(0, 140)}</p> : null}
          {hostOf(card?.link ?? null) ? <span class="preview-link">{hostOf(card?.link ?? null)}</span> : null}
        </div>
      </div>
      <p class="hint">Roughly how the pin will look on Pinterest.</p>
    </aside>
  );
}
