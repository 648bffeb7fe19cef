import { useState } from "preact/hooks";
import type { PinDto } from "../../../pins/pins.schema";
import { get, put } from "../api";
import { withBase } from "../base";
import { BulkBar, Flash, PinLine, useSelection } from "../components/pins";
import { Button, Empty, ErrorText, Loading, PageHeader } from "../components/ui";
import { useAction, useLoad } from "../hooks";
import { onPins, onProfiles } from "../live";
import { useSession } from "../session";

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function QueuePage() {
  const { selected: profile } = useSession();
  const live = { live: (e: Parameters<typeof onPins>[0]) => onPins(e) || onProfiles(e) };
  const queue = useLoad(() => get<PinDto[]>("/pins?status=queued&sort=queue&limit=1000"), [], live);
  const upcoming = useLoad(() => get<PinDto[]>("/pins?status=scheduled&sort=scheduled&limit=20"), [], live);
  const { selected, toggle, clear } = useSelection();
  const [dragging, setDragging] = useState<number | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const saving = useAction();
  const pins = queue.data ?? [];

  const reorder = (next: PinDto[]) => {
    queue.setData(next);
    void saving.run(() => put("/pins/reorder", { pin_ids: next.map((p) => p.id) }));
  };

  return (
    <div>
      <PageHeader
        title="Queue"
        subtitle={
          pins.some((p) => p.queue_at)
            ? "Queued pins take your posting slots one each, top first; each shows the slot it will publish in. Drag them, or use ↑ ↓, to reorder."
            : "Queued pins publish one after another, top first. Drag them, or use ↑ ↓, to reorder. Set posting slots to spread them out."
        }
      >
        <a class="btn btn-primary" href={withBase("/app/compose")}>
          + New pin
        </a>
      </PageHeader>
      <Flash message={flash} />
      <BulkBar
        ids={[...selected]}
        onDone={(message) => {
          setFlash(message);
          clear();
          void queue.reload();
          void upcoming.reload();
        }}
      />
      <ErrorText error={queue.error ?? saving.error} />
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.data && pins.length === 0 ? (
        <Empty title="The queue is empty" icon="☰">
          <p>
            Queued pins wait here for their turn
            {profile ? (
              <>
                {" "}
                — one per <a href={withBase("/app/schedule")}>posting time</a> of @
                {profile.pinterest_username}
              </>
            ) : null}
            .
          </p>
          <p>
            <a class="btn btn-primary" href={withBase("/app/compose")}>
              Compose pins
            </a>{" "}
            then choose “Add to queue”, or drop a batch of images and queue them all at once.
          </p>
        </Empty>
      ) : null}
      <ol class="queue-list" aria-label="Queued pins in publishing order">
        {pins.map((pin, index) => (
          <li
            key={pin.id}
            class={`queue-item ${dragging === index ? "dragging" : ""}`}
            draggable
            data-pin-id={pin.id}
            onDragStart={(e) => {
              setDragging(index);
              e.dataTransfer?.setData("text/plain", String(index));
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = Number(e.dataTransfer?.getData("text/plain"));
              setDragging(null);
              if (!Number.isNaN(from) && from !== index) reorder(move(pins, from, index));
            }}
            onDragEnd={() => setDragging(null)}
          >
            <span class="handle" aria-hidden="true">
              ⋮⋮
            </span>
            <span class="position">{index + 1}</span>
            <PinLine
              pin={pin}
              selected={selected.has(pin.id)}
              onSelect={(on) => toggle(pin.id, on)}
              extra={
                <span class="move-buttons">
                  <Button
                    variant="ghost"
                    aria-label={`Move ${pin.title ?? "pin"} up`}
                    disabled={index === 0}
                    onClick={() => reorder(move(pins, index, index - 1))}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Move ${pin.title ?? "pin"} down`}
                    disabled={index === pins.length - 1}
                    onClick={() => reorder(move(pins, index, index + 1))}
                  >
                    ↓
                  </Button>
                </span>
              }
            />
          </li>
        ))}
      </ol>
      {upcoming.data && upcoming.data.length > 0 ? (
        <section class="section">
          <h2>Scheduled next</h2>
          <div class="list">
            {upcoming.data.map((pin) => (
              <PinLine
                key={pin.id}
                pin={pin}
                selected={selected.has(pin.id)}
                onSelect={(on) => toggle(pin.id, on)}
              />
            ))}
          </div>
          <p class="hint">
            All scheduled pins are on the <a href={withBase("/app/calendar")}>calendar</a>.
          </p>
        </section>
      ) : null}
    </div>
  );
}
