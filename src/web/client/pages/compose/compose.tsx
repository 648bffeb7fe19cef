/**
 * New pin — one, or a batch day's worth. Dropping images makes one card each: one card is edited beside
 * its live preview; several become a grid where a board, a link, "queue", "schedule" or "spread over
 * boards" apply to the selected cards at once. `?edit=ID` edits a pin; `?at=ISO` or `?date=YYYY-MM-DD`
 * (from the calendar) presets the time.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { PinDto } from "../../../../pins/pins.schema";
import { PINTEREST_LIMITS, type PinterestLimitedField } from "../../../../pinterest/pinterest.limits";
import { type ApiError, get, uploadImage } from "../../api";
import { withBase } from "../../base";
import { refreshBoards, rememberBoards } from "../../boards";
import { NewBoardForm } from "../../components/board-create";
import { BoardPicker } from "../../components/board-picker";
import { SectionSelect } from "../../components/section-select";
import { Button, ErrorText, Field, fieldAria, Notice, PageHeader, Progress } from "../../components/ui";
import { MediaKindSwitch, VideoPicker } from "../../components/video-upload";
import { WhenField } from "../../components/when-field";
import { dayKeyOf, dayLabel, timeLabel, whenLabel } from "../../dates";
import { httpHref, toLocalInput } from "../../format";
import { focusFirstInvalid, focusOn } from "../../hooks";
import { useSession } from "../../session";
import { BatchEditor } from "./batch";
import {
  type Card,
  checkCard,
  createPins,
  type Intent,
  newCard,
  type Outcome,
  overPinterestLimits,
  titleFromName,
  updatePin,
} from "./cards";
import { ACCEPT, Dropzone } from "./dropzone";
import { PinPreview } from "./preview";

const UPLOADS_AT_ONCE = 2;

function SingleEditor(props: {
  card: Card;
  update(patch: Partial<Card>): void;
  onFiles(files: File[]): void;
  timeZone: string;
  profileId: number | undefined;
  editing: boolean;
  busy: boolean;
  save(intent: Intent): void;
  error: ApiError | null;
  formRef: { current: HTMLFormElement | null };
  errorRef: { current: HTMLParagraphElement | null };
}) {
  const { card, update } = props;
  const [byUrl, setByUrl] = useState(false);
  const [newBoard, setNewBoard] = useState(false);
  const e = card.errors;
  const { media_url: _m, ...withoutMediaError } = e;
  const set = (key: keyof Card) => (ev: Event) => {
    const value = (ev.target as HTMLInputElement).value;
    const { [key === "when" ? "scheduled_at" : key]: _gone, ...rest } = card.errors;
    update({ [key]: value, errors: rest });
  };
  const count = (key: PinterestLimitedField) => ({ value: card[key].length, max: PINTEREST_LIMITS[key] });
  const image = httpHref(card.media_url) ?? card.preview;
  return (
    <form
      class="card compose-form"
      ref={props.formRef}
      onSubmit={(ev) => {
        ev.preventDefault();
        props.save(card.when ? "schedule" : "queue");
      }}
    >
      <MediaKindSwitch
        value={card.kind}
        onChange={(kind) =>
          kind !== card.kind &&
          update({ kind, media_url: "", preview: null, name: "Image", errors: withoutMediaError })
        }
      />
      {card.kind === "video" ? (
        <div class="image-picker">
          <VideoPicker
            value={card}
            onChange={(video) => update({ ...video, errors: video.media_url ? withoutMediaError : e })}
          />
          {e.media_url ? (
            <p class="error-text" id="media-url-error">
              {e.media_url}
            </p>
          ) : null}
        </div>
      ) : (
        <div class="image-picker">
          {byUrl ? null : image ? (
            <div class="image-chosen">
              <img src={image} alt={card.alt_text || "Chosen for this pin"} />
              <div class="image-chosen-text">
                <strong class="break-anywhere">{card.name}</strong>
                {card.progress !== null ? <Progress value={card.progress} label="Uploading image" /> : null}
                {card.uploadError ? <ErrorText error={card.uploadError} /> : null}
                <div class="row">
                  <Button
                    variant="ghost"
                    class="btn-small"
                    onClick={() => update({ media_url: "", preview: null, name: "Image" })}
                  >
                    Replace image
                  </Button>
                  {props.editing ? null : (
                    <label class="btn btn-ghost btn-small file-label">
                      + Add more images (batch)
                      <input
                        type="file"
                        multiple
                        accept={ACCEPT}
                        class="sr-only"
                        onChange={(ev) => {
                          const el = ev.target as HTMLInputElement;
                          props.onFiles([...(el.files ?? [])]);
                          el.value = "";
                        }}
                      />
                    </label>
                  )}
                </div>
              </div>
            </div>
          ) : (
            <Dropzone
              onFiles={props.onFiles}
              label={props.editing ? "Drop the new image here, or click to choose" : undefined}
            />
          )}
          {e.media_url ? (
            <p class="error-text" id="media-url-error">
              {e.media_url}
            </p>
          ) : null}
          <button type="button" class="link-button small" onClick={() => setByUrl(!byUrl)}>
            {byUrl ? "Upload a file instead" : "Use an image URL instead"}
          </button>
          {byUrl ? (
            <Field label="Image URL" id="media-url" error={e.media_url}>
              <input
                {...fieldAria("media-url", e.media_url)}
                type="url"
                placeholder="https://example.com/photo.jpg"
                value={card.media_url}
                onInput={(ev) => {
                  const { media_url: _gone, ...rest } = card.errors;
                  update({
                    media_url: (ev.target as HTMLInputElement).value,
                    name: "Image URL",
                    preview: null,
                    errors: rest,
                  });
                }}
              />
            </Field>
          ) : null}
        </div>
      )}
      <Field
        label="Board"
        id="board"
        error={e.board_id}
        hint="Recently used boards come first; type to search."
      >
        <BoardPicker
          id="board"
          profileId={props.profileId}
          value={card.board_id}
          invalid={Boolean(e.board_id)}
          describedBy={e.board_id ? "board-error" : "board-hint"}
          onChange={(board_id) => {
            const { board_id: _gone, ...rest } = card.errors;
            update({ board_id, board_section_id: "", errors: rest });
          }}
          onNewBoard={() => setNewBoard(true)}
        />
        {newBoard ? (
          <NewBoardForm
            profileId={props.profileId}
            onCancel={() => setNewBoard(false)}
            onCreated={async (board) => {
              if (props.profileId) await refreshBoards(props.profileId).catch(() => {});
              const { board_id: _gone, ...rest } = card.errors;
              update({ board_id: board.id, board_section_id: "", errors: rest });
              setNewBoard(false);
            }}
          />
        ) : null}
      </Field>
      <SectionSelect
        profileId={props.profileId}
        boardId={card.board_id}
        value={card.board_section_id}
        onChange={(board_section_id) => update({ board_section_id })}
        error={e.board_section_id}
      />
      <Field label="Title" id="title" count={count("title")} error={e.title}>
        <input {...fieldAria("title", e.title)} value={card.title} onInput={set("title")} maxLength={256} />
      </Field>
      <Field label="Description" id="description" count={count("description")} error={e.description}>
        <textarea
          {...fieldAria("description", e.description)}
          rows={4}
          value={card.description}
          onInput={set("description")}
        />
      </Field>
      <Field
        label="Link"
        id="link"
        count={count("link")}
        error={e.link}
        hint="Where people go when they click the pin."
      >
        <input
          {...fieldAria("link", e.link, true)}
          type="url"
          inputMode="url"
          placeholder="https://"
          value={card.link}
          onInput={set("link")}
        />
      </Field>
      <Field
        label="Alt text"
        id="alt"
        count={count("alt_text")}
        error={e.alt_text}
        hint="Describes the image for people using screen readers."
      >
        <input
          {...fieldAria("alt", e.alt_text, true)}
          value={card.alt_text}
          onInput={set("alt_text")}
          maxLength={500}
        />
      </Field>
      {overPinterestLimits(card) ? (
        <p class="warn-text">
          Something is longer than Pinterest allows: the pin will be held for review until you shorten it.
        </p>
      ) : null}
      <Field
        label={`Publish at (${props.timeZone.replace(/_/g, " ")})`}
        id="when"
        error={e.scheduled_at}
        hint="Leave it empty to add the pin to the queue: it takes the next free posting slot."
      >
        <WhenField
          id="when"
          value={card.when}
          timeZone={props.timeZone}
          profileId={props.profileId}
          invalid={Boolean(e.scheduled_at)}
          describedBy={e.scheduled_at ? "when-error" : "when-hint"}
          onChange={(when) => {
            const { scheduled_at: _gone, ...rest } = card.errors;
            update({ when, errors: rest });
          }}
        />
      </Field>
      <ErrorText error={props.error} focusRef={props.errorRef} />
      <div class="actions">
        <Button onClick={() => props.save("draft")} busy={props.busy}>
          Save as draft
        </Button>
        <Button
          onClick={() => props.save("queue")}
          busy={props.busy}
          variant={card.when ? "secondary" : "primary"}
        >
          Add to queue
        </Button>
        <Button
          variant={card.when ? "primary" : "secondary"}
          onClick={() => props.save("schedule")}
          busy={props.busy}
        >
          Schedule{card.when ? "" : "…"}
        </Button>
      </div>
    </form>
  );
}

export function ComposePage() {
  const { query, route } = useLocation();
  const { me, selected } = useSession();
  const timeZone = me?.timezone ?? "UTC";
  const editId = query.edit ? Number(query.edit) : null;
  const presetWhen = query.at
    ? toLocalInput(query.at, timeZone)
    : query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date)
      ? `${query.date}T09:00`
      : "";
  // A new pin starts as one empty card: its form is there at once (with the time the calendar asked for).
  const [cards, setCards] = useState<Card[]>(() => (editId ? [] : [newCard({ when: presetWhen })]));
  const [active, setActive] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ text: string; pins: PinDto[] } | null>(null);
  const [editLoaded, setEditLoaded] = useState<PinDto | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const errorRef = useRef<HTMLParagraphElement | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const uploadsLeft = useRef(0);
  const firstAt = useRef<number | null>(null);

  useEffect(() => {
    if (!editId) return;
    get<PinDto>(`/pins/${editId}`).then(
      (pin) => {
        setEditLoaded(pin);
        setCards([
          newCard({
            name: pin.title || "This pin's image",
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
        ]);
      },
      (err) => setError(err as ApiError),
    );
  }, [editId, timeZone]);

  const update = (key: string, patch: Partial<Card>) =>
    setCards((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  const upload = async (card: Card, file: File) => {
    try {
      const { url } = await uploadImage(file, (p) => update(card.key, { progress: p }));
      update(card.key, { media_url: url, progress: null });
    } catch (err) {
      update(card.key, { progress: null, uploadError: err as ApiError });
    }
  };

  const addFiles = (files: File[]) => {
    if (files.length === 0) return;
    setDone(null);
    setError(null);
    const boardId = cards.length === 1 && cards[0]?.board_id ? cards[0].board_id : "";
    // One card with no image yet (the single editor after "Replace image") takes the first file.
    const reuse = cards.length === 1 && !cards[0]?.media_url && !cards[0]?.preview ? cards[0] : null;
    const made = files.map((file, i) =>
      i === 0 && reuse
        ? {
            ...reuse,
            name: file.name,
            preview: URL.createObjectURL(file),
            progress: 0,
            uploadError: null,
            title: reuse.title || (files.length > 1 ? titleFromName(file.name) : ""),
          }
        : newCard({
            name: file.name,
            preview: URL.createObjectURL(file),
            progress: 0,
            title: files.length > 1 || cards.length > 0 ? titleFromName(file.name) : "",
            board_id: boardId,
            when: presetWhen,
          }),
    );
    setCards((cs) => [...cs.filter((c) => c.key !== reuse?.key), ...made]);
    setActive(made[0]?.key ?? null);
    // A few uploads at a time; focus moves to the first card's title once they are done.
    const queue = made.map((card, i) => ({ card, file: files[i] as File }));
    uploadsLeft.current += queue.length;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await upload(next.card, next.file);
        uploadsLeft.current -= 1;
      }
    };
    void Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, worker)).then(() => {
      if (uploadsLeft.current === 0)
        requestAnimationFrame(() =>
          focusOn(document.querySelector<HTMLElement>(".compose input[data-first-title], #title")),
        );
    });
  };

  const finish = (outcome: Outcome, intent: Intent | "spread") => {
    const doneKeys = new Set(outcome.created.map((c) => c.card.key));
    setCards((cs) => {
      const left = cs
        .filter((c) => !doneKeys.has(c.key))
        .map((c) => (outcome.failed.has(c.key) ? { ...c, errors: outcome.failed.get(c.key) ?? {} } : c));
      // all done: a fresh form for the next one
      return left.length ? left : [newCard({ when: presetWhen })];
    });
    setError(outcome.error);
    if (selected) rememberBoards(selected.id, [...new Set(outcome.created.map((c) => c.pin.board_id))]);
    const pins = outcome.created.map((c) => c.pin);
    if (pins.length) {
      const n = pins.length;
      const instants = pins
        .map((p) => p.queue_at ?? p.scheduled_at)
        .filter((t): t is string => Boolean(t))
        .map((t) => Date.parse(t))
        .sort((a, b) => a - b);
      // "Tue, Dec 8: 8:00 AM, 12:30 PM · Wed, Dec 9: 8:00 AM"
      const byDay = new Map<string, string[]>();
      for (const at of instants) {
        const day = dayLabel(dayKeyOf(at, timeZone));
        byDay.set(day, [...(byDay.get(day) ?? []), timeLabel(at, timeZone)]);
      }
      const times = [...byDay].map(([day, ts]) => `${day}: ${ts.join(", ")}`);
      firstAt.current = instants[0] ?? null;
      const what =
        intent === "draft"
          ? `Saved ${n} draft${n === 1 ? "" : "s"}: find ${n === 1 ? "it" : "them"} in the calendar's tray.`
          : intent === "queue"
            ? `Queued ${n} pin${n === 1 ? "" : "s"}${times.length ? `, taking the next free slots: ${times.join(" · ")}` : ": they publish as soon as the queue gets to them"}.`
            : intent === "spread"
              ? `Spread over boards: ${n} scheduled pins, ${times.join(" · ")}.`
              : `Scheduled ${n} pin${n === 1 ? "" : "s"}: ${times.join(" · ")}.`;
      setDone({ text: what, pins });
      requestAnimationFrame(() => focusOn(doneRef.current));
    } else if (outcome.failed.size || outcome.error) {
      focusFirstInvalid(document.querySelector(".compose"), errorRef.current);
    }
  };

  const saveCards = async (chosen: Card[], intent: Intent) => {
    if (busy || chosen.length === 0) return;
    setError(null);
    setDone(null);
    const checked = chosen.map((c) => ({ card: c, errors: checkCard(c, intent, timeZone) }));
    const bad = checked.filter((c) => Object.keys(c.errors).length);
    if (bad.length) {
      setCards((cs) =>
        cs.map((c) => ({ ...c, errors: checked.find((x) => x.card.key === c.key)?.errors ?? c.errors })),
      );
      focusFirstInvalid(document.querySelector(".compose"), errorRef.current);
      return;
    }
    setBusy(true);
    try {
      if (editId && editLoaded) {
        const card = chosen[0] as Card;
        try {
          const pin = await updatePin(editId, card, intent, timeZone);
          if (selected) rememberBoards(selected.id, [card.board_id]);
          route(`/app/pins/${pin.id}`);
        } catch (err) {
          const e = err as ApiError;
          update(card.key, { errors: e.fields });
          setError(Object.keys(e.fields).length ? null : e);
          focusFirstInvalid(formRef.current, errorRef.current);
        }
        return;
      }
      const outcome = await createPins(chosen, intent, timeZone, selected?.id);
      if (cards.length === 1 && outcome.created.length === 1) {
        if (selected) rememberBoards(selected.id, [chosen[0]?.board_id ?? ""]);
        route(`/app/pins/${outcome.created[0]?.pin.id}`);
        return;
      }
      finish(outcome, intent);
    } finally {
      setBusy(false);
    }
  };

  const single = cards.length <= 1;
  const activeCard = cards.find((c) => c.key === active) ?? cards[0] ?? null;
  return (
    <div class="compose">
      <PageHeader
        title={editId ? "Edit pin" : cards.length > 1 ? `New pins (${cards.length})` : "New pin"}
        subtitle={
          selected
            ? `${query.at && !editId ? `For the open slot of ${whenLabel(Date.parse(query.at), timeZone)} · ` : ""}Posting as @${selected.pinterest_username}`
            : undefined
        }
      />
      {done ? (
        <Notice kind="success" focusRef={doneRef}>
          <p>{done.text}</p>
          <div class="row">
            <a
              class="btn btn-secondary btn-small"
              href={withBase(
                firstAt.current === null
                  ? "/app/calendar"
                  : `/app/calendar?view=week&date=${dayKeyOf(firstAt.current, timeZone)}`,
              )}
            >
              See {done.pins.length === 1 ? "it" : "them"} on the calendar
            </a>
            {done.pins.length === 1 ? (
              <a class="btn btn-ghost btn-small" href={withBase(`/app/pins/${done.pins[0]?.id}`)}>
                Open the pin
              </a>
            ) : null}
          </div>
        </Notice>
      ) : null}
      {editId && !editLoaded && !error ? <p class="muted">Loading the pin…</p> : null}
      {single ? (
        <div class="compose-grid">
          {cards[0] ? (
            <SingleEditor
              card={cards[0]}
              update={(patch) => update((cards[0] as Card).key, patch)}
              onFiles={addFiles}
              timeZone={timeZone}
              profileId={selected?.id}
              editing={Boolean(editId)}
              busy={busy}
              save={(intent) => void saveCards(cards, intent)}
              error={error}
              formRef={formRef}
              errorRef={errorRef}
            />
          ) : editId ? (
            <ErrorText error={error} focusRef={errorRef} />
          ) : (
            <div class="card compose-start">
              <Dropzone onFiles={addFiles} />
              <p class="hint">
                All done.{" "}
                <button
                  type="button"
                  class="link-button"
                  onClick={() => setCards([newCard({ when: presetWhen })])}
                >
                  Start another pin
                </button>
              </p>
            </div>
          )}
          <PinPreview card={cards[0] ?? null} />
        </div>
      ) : (
        <BatchEditor
          cards={cards}
          active={activeCard}
          setActive={setActive}
          update={update}
          setCards={setCards}
          onFiles={addFiles}
          timeZone={timeZone}
          profileId={selected?.id}
          busy={busy}
          setBusy={setBusy}
          error={error}
          errorRef={errorRef}
          save={(chosen, intent) => void saveCards(chosen, intent)}
          finish={finish}
        />
      )}
    </div>
  );
}
