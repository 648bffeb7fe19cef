import { useRef, useState } from "preact/hooks";

export const ACCEPT = "image/jpeg,image/png,image/gif,image/webp,image/avif";

/** Drop images (several at once) or click to choose them: one card per image. */
export function Dropzone(props: { onFiles(files: File[]): void; small?: boolean; label?: string }) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class={`dropzone-wrap ${props.small ? "small" : ""}`}>
      <button
        type="button"
        class={`dropzone ${dragging ? "dragging" : ""}`}
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          props.onFiles([...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith("image/")));
        }}
      >
        <span class="dropzone-icon" aria-hidden="true">
          ⇪
        </span>
        <strong>{props.label ?? "Drop images here, or click to choose"}</strong>
        {props.small ? null : (
          <span class="hint">
            One pin per image — drop a whole batch at once. JPEG, PNG, GIF, WebP or AVIF, up to 10 MB each.
          </span>
        )}
      </button>
      <input
        ref={input}
        id={props.small ? "image-file-more" : "image-file"}
        type="file"
        multiple
        accept={ACCEPT}
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const el = e.target as HTMLInputElement;
          props.onFiles([...(el.files ?? [])]);
          el.value = "";
        }}
      />
    </div>
  );
}
