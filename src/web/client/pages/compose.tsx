import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { BoardsDto } from "../../../boards/boards.schema";
import type { PinDto } from "../../../pins/pins.schema";
import { PINTEREST_LIMITS, type PinterestLimitedField } from "../../../pinterest/pinterest.limits";
import { ApiError, get, post, put, qs, uploadImage } from "../api";
import { NEW_BOARD, NewBoardForm, NewBoardOption } from "../components/board-create";
import { pictureOf } from "../components/pin-media";
import { SectionSelect } from "../components/section-select";
import { Button, ErrorText, Field, Loading, PageHeader, Progress } from "../components/ui";
import { MediaKindSwitch, VideoPicker, videoFields } from "../components/video-upload";
import { fromLocalInput, hostOf, toLocalInput } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";

interface Draft {
  kind: "image" | "video";
  media_url: string;
  board_id: string;
  board_section_id: string;
  cover_image_url: string;
  cover_key_frame_time: string;
  title: string;
  description: string;
  link: string;
  alt_text: string;
  when: string;
}

const empty: Draft = {
  kind: "image",
  media_url: "",
  board_id: "",
  board_section_id: "",
  cover_image_url: "",
  cover_key_frame_time: "",
  title: "",
  description: "",
  link: "",
  alt_text: "",
  when: "",
};

function ImagePicker(props: { value: string; onChange(url: string): void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [byUrl, setByUrl] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const { url } = await uploadImage(file, setProgress);
      props.onChange(url);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div class="image-picker">
      {props.value && !byUrl ? (
        <div class="image-chosen">
          <img src={props.value} alt="Chosen for this pin" />
          <Button variant="ghost" onClick={() => props.onChange("")}>
            Replace image
          </Button>
        </div>
      ) : (
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
            void upload(e.dataTransfer?.files[0]);
          }}
        >
          <span class="dropzone-icon" aria-hidden="true">
            ⇪
          </span>
          <strong>Drop an image here or click to choose</strong>
          <span class="hint">JPEG, PNG, GIF, WebP or AVIF, up to 10 MB</span>
        </button>
      )}
      <input
        ref={input}
        id="image-file"
        type="file"
        accept="image/jpeg,image/png,image/gif,image/webp,image/avif"
        class="sr-only"
        onChange={(e) => void upload((e.target as HTMLInputElement).files?.[0])}
      />
      {progress !== null ? <Progress value={progress} label="Uploading image" /> : null}
      <ErrorText error={error} />
      <button type="button" class="link-button" onClick={() => setByUrl(!byUrl)}>
        {byUrl ? "Upload a file instead" : "Use an image URL instead"}
      </button>
      {byUrl ? (
        <Field label="Image URL" id="media-url">
          <input
            id="media-url"
            type="url"
            placeholder="https://example.com/photo.jpg"
            value={props.value}
            onInput={(e) => props.onChange((e.target as HTMLInputElement).value)}
          />
        </Field>
      ) : null}
    </div>
  );
}

function PinPreview(props: { draft: Draft }) {
  const { draft } = props;
  const picture = pictureOf({
    media_type: draft.kind,
    media_url: draft.media_url,
    cover_image_url: draft.cover_image_url || null,
    cover_key_frame_time: null,
  });
  return (
    <aside class="preview" aria-label="Preview">
      <div class="preview-pin">
        {draft.media_url ? (
          <img src={picture} alt={draft.alt_text || "Preview"} />
        ) : (
          <div class="preview-blank">Your image</div>
        )}
        <div class="preview-text">
          <strong>{draft.title || "Your title"}</strong>
          {draft.description ? <p>{draft.description.slice(0, 140)}</p> : null}
          {hostOf(draft.link) ? <span class="preview-link">{hostOf(draft.link)}</span> : null}
        </div>
      </div>
      <p class="hint">Roughly how the pin will look on Pinterest.</p>
    </aside>
  );
}

export function ComposePage() {
  const { query, route } = useLocation();
  const { me, selected } = useSession();
  const timeZone = me?.timezone ?? "UTC";
  const editId = query.edit ? Number(query.edit) : null;
  const [draft, setDraft] = useState<Draft>(() => ({
    ...empty,
    when: query.date ? `${query.date}T09:00` : "",
  }));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [newBoard, setNewBoard] = useState(false);
  const action = useAction();
  const boards = useLoad(() => get<BoardsDto>(`/boards${qs({ profile_id: selected?.id })}`), [selected?.id]);

  useEffect(() => {
    if (!editId) return;
    get<PinDto>(`/pins/${editId}`).then((pin) =>
      setDraft({
        kind: pin.media_type,
        media_url: pin.media_url,
        board_id: pin.board_id,
        board_section_id: pin.board_section_id ?? "",
        cover_image_url: pin.cover_image_url ?? "",
        cover_key_frame_time: pin.cover_key_frame_time === null ? "" : String(pin.cover_key_frame_time),
        title: pin.title ?? "",
        description: pin.description ?? "",
        link: pin.link ?? "",
        alt_text: pin.alt_text ?? "",
        when: pin.scheduled_at ? toLocalInput(pin.scheduled_at, timeZone) : "",
      }),
    );
  }, [editId, timeZone]);

  useEffect(() => {
    const first = boards.data?.items[0];
    if (first && !draft.board_id) setDraft((d) => ({ ...d, board_id: first.id }));
  }, [boards.data, draft.board_id]);

  const set = (key: keyof Draft) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value });

  const save = (intent: "draft" | "queue" | "schedule") =>
    action.run(async () => {
      setFields({});
      const scheduled_at = intent === "schedule" ? fromLocalInput(draft.when, timeZone) : null;
      if (intent === "schedule" && !scheduled_at)
        throw new ApiError(0, "Pick the date and time to publish at.", { when: "Required" });
      const body = {
        board_id: draft.board_id,
        board_section_id: draft.board_section_id || null,
        media_url: draft.media_url,
        ...videoFields(draft.kind, draft),
        title: draft.title,
        description: draft.description,
        link: draft.link,
        alt_text: draft.alt_text,
        scheduled_at,
        ...(editId
          ? { status: intent === "draft" ? "draft" : intent === "queue" ? "queued" : "scheduled" }
          : intent === "draft"
            ? { status: "draft" }
            : {}),
      };
      try {
        const pin = editId ? await put<PinDto>(`/pins/${editId}`, body) : await post<PinDto>("/pins", body);
        route(`/app/pins/${pin.id}`);
      } catch (err) {
        if (err instanceof ApiError) setFields(err.fields);
        throw err;
      }
    });

  // Beyond Pinterest's limits the pin is held for review instead of failing later: say so while typing.
  const count = (key: PinterestLimitedField) => ({ value: draft[key].length, max: PINTEREST_LIMITS[key] });
  const overLimit = (Object.keys(PINTEREST_LIMITS) as PinterestLimitedField[]).some(
    (k) => draft[k].length > PINTEREST_LIMITS[k],
  );

  return (
    <div class="compose">
      <PageHeader
        title={editId ? "Edit pin" : "New pin"}
        subtitle={selected ? `Posting as @${selected.pinterest_username}` : undefined}
      />
      <div class="compose-grid">
        <form class="card compose-form" onSubmit={(e) => e.preventDefault()}>
          <MediaKindSwitch
            value={draft.kind}
            onChange={(kind) => kind !== draft.kind && setDraft({ ...draft, kind, media_url: "" })}
          />
          {draft.kind === "video" ? (
            <VideoPicker value={draft} onChange={(video) => setDraft({ ...draft, ...video })} />
          ) : (
            <ImagePicker value={draft.media_url} onChange={(url) => setDraft({ ...draft, media_url: url })} />
          )}
          <ErrorText error={fields.media_url} />
          <Field label="Board" id="board" error={fields.board_id ?? boards.error}>
            {boards.loading && !boards.data ? (
              <Loading label="Loading boards from Pinterest…" />
            ) : (
              <div class="row">
                <select
                  id="board"
                  value={draft.board_id}
                  onChange={(e) => {
                    const id = (e.target as HTMLSelectElement).value;
                    if (id === NEW_BOARD) setNewBoard(true);
                    else setDraft({ ...draft, board_id: id, board_section_id: "" });
                  }}
                >
                  {boards.data?.items.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                  <NewBoardOption />
                </select>
                <Button variant="ghost" onClick={() => void boards.reload()} aria-label="Reload boards">
                  ↻
                </Button>
              </div>
            )}
            {newBoard ? (
              <NewBoardForm
                profileId={selected?.id}
                onCancel={() => setNewBoard(false)}
                onCreated={async (board) => {
                  await boards.reload();
                  setDraft((d) => ({ ...d, board_id: board.id, board_section_id: "" }));
                  setNewBoard(false);
                }}
              />
            ) : null}
          </Field>
          <SectionSelect
            profileId={selected?.id}
            boardId={draft.board_id}
            value={draft.board_section_id}
            onChange={(id) => setDraft({ ...draft, board_section_id: id })}
            error={fields.board_section_id}
          />
          <Field label="Title" id="title" count={count("title")} error={fields.title}>
            <input id="title" value={draft.title} onInput={set("title")} maxLength={256} />
          </Field>
          <Field label="Description" id="description" count={count("description")} error={fields.description}>
            <textarea id="description" rows={4} value={draft.description} onInput={set("description")} />
          </Field>
          <Field
            label="Link"
            id="link"
            count={count("link")}
            error={fields.link}
            hint="Where people go when they click the pin."
          >
            <input id="link" type="url" placeholder="https://" value={draft.link} onInput={set("link")} />
          </Field>
          <Field
            label="Alt text"
            id="alt"
            count={count("alt_text")}
            error={fields.alt_text}
            hint="Describes the image for people using screen readers."
          >
            <input id="alt" value={draft.alt_text} onInput={set("alt_text")} maxLength={500} />
          </Field>
          {overLimit ? (
            <p class="warn-text">
              Something is longer than Pinterest allows: the pin will be held for review until you shorten it.
            </p>
          ) : null}
          <Field label={`Publish at (${timeZone})`} id="when" error={fields.when ?? fields.scheduled_at}>
            <input id="when" type="datetime-local" value={draft.when} onInput={set("when")} />
          </Field>
          <ErrorText error={action.error} />
          <div class="actions">
            <Button onClick={() => void save("draft")} busy={action.busy}>
              Save as draft
            </Button>
            <Button onClick={() => void save("queue")} busy={action.busy}>
              Add to queue
            </Button>
            <Button
              variant="primary"
              onClick={() => void save("schedule")}
              busy={action.busy}
              disabled={!draft.when}
            >
              Schedule
            </Button>
          </div>
        </form>
        <PinPreview draft={draft} />
      </div>
    </div>
  );
}
