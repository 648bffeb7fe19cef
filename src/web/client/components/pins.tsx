import type { Ref } from "preact";
import { useState } from "preact/hooks";
import type { CollectionDto } from "../../../collections/collections.schema";
import type { PinDto } from "../../../pins/pins.schema";
import { del, get, post, put } from "../api";
import { withBase } from "../base";
import { useBoardName } from "../boards";
import { formatTime, fromLocalInput } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";
import { pictureOf } from "./pin-media";
import { StandardAccessLink } from "./standard-access";
import { Button, ErrorText, Notice, StatusChip } from "./ui";

export function Thumb(props: {
  pin: Pick<
    PinDto,
    "media_url" | "alt_text" | "title" | "media_type" | "cover_image_url" | "cover_key_frame_time"
  >;
  size?: number;
}) {
  // a draft from a feed item without an image has none yet
  if (!props.pin.media_url && !props.pin.cover_image_url)
    return (
      <span class="thumb thumb-empty" style={{ width: props.size ?? 56, height: props.size ?? 56 }}>
        No image
      </span>
    );
  return (
    <img
      class="thumb"
      src={pictureOf(props.pin)}
      alt={props.pin.alt_text ?? props.pin.title ?? "Pin image"}
      width={props.size ?? 56}
      height={props.size ?? 56}
      loading="lazy"
    />
  );
}

export function PinLine(props: {
  pin: PinDto;
  selected?: boolean;
  onSelect?(checked: boolean): void;
  extra?: preact.ComponentChildren;
}) {
  const { me } = useSession();
  const { pin } = props;
  const board = useBoardName(pin.profile_id, pin.board_id);
  const when = pin.published_at ?? pin.scheduled_at ?? pin.queue_at;
  const verb = pin.published_at ? "published" : pin.queue_at ? "slot" : "for";
  return (
    <div class="pin-line">
      {props.onSelect ? (
        <input
          type="checkbox"
          aria-label={`Select ${pin.title ?? `pin ${pin.id}`}`}
          checked={props.selected}
          onChange={(e) => props.onSelect?.((e.target as HTMLInputElement).checked)}
        />
      ) : null}
      <Thumb pin={pin} />
      <div class="pin-line-text">
        <a href={withBase(`/app/pins/${pin.id}`)} class="pin-title">
          {pin.title || <em>Untitled pin</em>}
        </a>
        <span class="muted">
          {board}
          {when ? ` · ${verb} ${formatTime(when, me?.timezone ?? "UTC")}` : ""}
        </span>
        {pin.error_message && (pin.status === "failed" || pin.status === "review") ? (
          <span class="pin-error">
            {pin.error_message} <StandardAccessLink message={pin.error_message} />
          </span>
        ) : null}
      </div>
      <StatusChip status={pin.status} />
      {props.extra}
    </div>
  );
}

/** Bulk actions on the selected pins: status, schedule, delete, add to a collection. */
export function BulkBar(props: { ids: number[]; onDone(message: string): void }) {
  const { me } = useSession();
  const action = useAction();
  const [when, setWhen] = useState("");
  if (props.ids.length === 0) return null;
  const n = props.ids.length;
  const done = (verb: string, count: number) =>
    props.onDone(`${verb} ${count} of ${n} selected pin${n === 1 ? "" : "s"}.`);
  return (
    <section class="bulk-bar" aria-label="Bulk actions">
      <strong class="bulk-count">{n} selected</strong>
      <label class="inline">
        <span class="sr-only">Set status</span>
        <select
          value=""
          aria-label="Set status of selected pins"
          onChange={(e) => {
            const status = (e.target as HTMLSelectElement).value;
            if (!status) return;
            void action.run(async () =>
              done(
                `Set to ${status}:`,
                (await put<{ updated: number }>("/pins/bulk/status", { pin_ids: props.ids, status })).updated,
              ),
            );
          }}
        >
          <option value="">Set status…</option>
          <option value="draft">Draft</option>
          <option value="queued">Queued</option>
          <option value="review">Needs review</option>
        </select>
      </label>
      <span class="inline bulk-schedule">
        <input
          type="datetime-local"
          aria-label="Schedule selected pins at"
          value={when}
          onInput={(e) => setWhen((e.target as HTMLInputElement).value)}
        />
        <Button
          disabled={!when}
          busy={action.busy}
          onClick={() =>
            void action.run(async () => {
              const scheduled_at = fromLocalInput(when, me?.timezone ?? "UTC");
              done(
                "Scheduled",
                (await put<{ updated: number }>("/pins/bulk/schedule", { pin_ids: props.ids, scheduled_at }))
                  .updated,
              );
            })
          }
        >
          Schedule
        </Button>
      </span>
      <CollectionPicker
        label="Add selected pins to a collection"
        onPick={(id) =>
          void action.run(async () => {
            for (const pinId of props.ids) await post(`/collections/${id}/pins`, { pin_id: pinId });
            done("Added to the collection:", n);
          })
        }
      />
      <Button
        variant="danger"
        busy={action.busy}
        onClick={() => {
          if (!confirm(`Delete ${n} pin${n === 1 ? "" : "s"}? Published pins are kept.`)) return;
          void action.run(async () => {
            await del("/pins/bulk", { pin_ids: props.ids });
            props.onDone(`Deleted the selected pins (published ones are kept).`);
          });
        }}
      >
        Delete
      </Button>
      <ErrorText error={action.error} />
    </section>
  );
}

export function Flash(props: { message: string | null; focusRef?: Ref<HTMLDivElement> }) {
  return props.message ? (
    <Notice kind="success" focusRef={props.focusRef}>
      {props.message}
    </Notice>
  ) : null;
}

/** "Add to collection…": a select of the user's collections that calls back with the chosen id. */
export function CollectionPicker(props: { label: string; onPick(collectionId: number): void }) {
  const collections = useLoad(() => get<CollectionDto[]>("/collections"), []);
  return (
    <select
      value=""
      aria-label={props.label}
      onChange={(e) => {
        const id = Number((e.target as HTMLSelectElement).value);
        if (id) props.onPick(id);
      }}
    >
      <option value="">Add to collection…</option>
      {collections.data?.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

/** A set of selected ids with a toggle, for multi-select lists. */
export function useSelection() {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  return { selected, toggle, clear: () => setSelected(new Set()) };
}
