/** The calendar's pieces: a pin card, the week grid, the month grid, the phone agenda and the tray. */
import { Fragment } from "preact";
import type { PinDto } from "../../../../pins/pins.schema";
import { withBase } from "../../base";
import { type DayKey, dayLabel, hourLabel, partsOf, timeLabel, whenLabel } from "../../dates";
import { STATUS_WORDS } from "../../format";
import { type CalItem, isMovable, type OpenSlot, type Target } from "./model";
import type { Moving } from "./mover";
import { sameTarget } from "./mover";

export interface Shared {
  timeZone: string;
  today: DayKey;
  now: number;
  boardName(id: string): string;
  moving: Moving | null;
  /** Space on a card, or its Move button: pick the pin up. */
  pickUp(pin: PinDto, at: number | null, via: "keys" | "tap"): void;
  compose(at: number): void;
  /** Phone: cards get a Move button (fingers scroll, they do not drag). */
  touch: boolean;
}

const titleOf = (pin: PinDto) => pin.title?.trim() || "Untitled pin";

export function PinCard(props: {
  pin: PinDto;
  at: number | null;
  s: Shared;
  size?: "week" | "month" | "tray";
}) {
  const { pin, at, s } = props;
  const movable = isMovable(pin);
  const board = s.boardName(pin.board_id);
  const when = at === null ? "no time yet" : whenLabel(at, s.timeZone);
  const status = STATUS_WORDS[pin.status] ?? pin.status;
  const lifted = s.moving?.pinId === pin.id;
  return (
    <div class={`cal-pin-wrap size-${props.size ?? "week"} ${lifted ? "lifted" : ""}`} data-pin-id={pin.id}>
      <a
        href={withBase(`/app/pins/${pin.id}`)}
        class={`cal-pin status-${pin.status}`}
        data-drag-pin={movable ? pin.id : undefined}
        draggable={false}
        title={`${titleOf(pin)} — ${board} — ${status}`}
        aria-label={`${titleOf(pin)}, ${when}, board ${board}, ${status}.${movable ? " Press Space to move it." : ""}`}
        onKeyDown={(e) => {
          if (e.key === " " && movable && !s.moving) {
            e.preventDefault();
            s.pickUp(pin, at, "keys");
          }
        }}
      >
        <img
          class="cal-thumb"
          src={pin.media_url}
          alt=""
          draggable={false}
          loading="lazy"
          width={props.size === "month" ? 28 : 40}
          height={props.size === "month" ? 36 : 52}
        />
        <span class="cal-pin-text">
          <span class="cal-time">
            {at === null ? status : timeLabel(at, s.timeZone)}
            {pin.status === "published" ? <span class="cal-badge ok"> ✓</span> : null}
            {pin.status === "failed" ? <span class="cal-badge bad"> !</span> : null}
          </span>
          {props.size === "month" ? null : <span class="cal-title">{titleOf(pin)}</span>}
          {props.size === "month" ? null : <span class="cal-board">{board}</span>}
        </span>
      </a>
      {s.touch && movable ? (
        <button
          type="button"
          class="move-button"
          data-move-button
          aria-label={`Move ${titleOf(pin)}`}
          aria-pressed={lifted}
          onClick={() => s.pickUp(pin, at, "tap")}
        >
          {lifted ? "Tap a day…" : "Move"}
        </button>
      ) : null}
    </div>
  );
}

function SlotButton(props: { slot: OpenSlot; s: Shared; long?: boolean }) {
  const { slot, s } = props;
  const label = timeLabel(slot.at, s.timeZone);
  return (
    <button
      type="button"
      class="slot"
      data-drop="slot"
      data-at={slot.at}
      title="An open posting slot: click to compose a pin for it, or drop a pin here"
      aria-label={`Open posting slot ${whenLabel(slot.at, s.timeZone)}: compose a pin for it`}
      onClick={() => !s.moving && s.compose(slot.at)}
    >
      <span aria-hidden="true">+</span> {props.long ? `Open slot · ${label}` : label}
    </button>
  );
}

const isTarget = (s: Shared, t: Target) => sameTarget(s.moving?.target ?? null, t);

export function WeekGrid(props: {
  days: DayKey[];
  hours: number[];
  items: CalItem[];
  open: OpenSlot[];
  s: Shared;
}) {
  const { days, hours, items, open, s } = props;
  const nowHour = Number(
    new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: s.timeZone }).format(
      s.now,
    ),
  );
  return (
    <div class="week">
      <div class="week-corner" aria-hidden="true" />
      {days.map((d) => (
        <div key={d} class={`week-day-head ${d === s.today ? "today" : ""} ${d < s.today ? "past" : ""}`}>
          <span class="dow">{dayLabel(d, { day: undefined, month: undefined })}</span>
          <span class="dom">{partsOf(d).d}</span>
        </div>
      ))}
      {hours.map((h) => (
        <Fragment key={h}>
          <div class="hour-label">{hourLabel(h)}</div>
          {days.map((d) => {
            const target: Target = { kind: "cell", day: d, hour: h };
            const here = items.filter((i) => i.day === d && i.hour === h);
            const slots = open.filter((o) => o.day === d && o.hour === h);
            const past = d < s.today || (d === s.today && h < nowHour);
            return (
              <div
                key={`${d}-${h}`}
                class={`week-cell ${past ? "past" : ""} ${isTarget(s, target) ? "drop-target" : ""} ${d === s.today ? "today" : ""}`}
                data-drop="cell"
                data-day={d}
                data-hour={h}
              >
                {slots.map((slot) => (
                  <SlotButton key={slot.at} slot={slot} s={s} />
                ))}
                {here.map((i) => (
                  <PinCard key={i.pin.id} pin={i.pin} at={i.at} s={s} />
                ))}
              </div>
            );
          })}
        </Fragment>
      ))}
    </div>
  );
}

export function MonthGrid(props: {
  days: DayKey[];
  month: string;
  items: CalItem[];
  open: OpenSlot[];
  s: Shared;
  openWeek(day: DayKey): void;
}) {
  const { days, items, open, s } = props;
  return (
    <div class="month">
      {days.slice(0, 7).map((d) => (
        <div key={`head-${d}`} class="month-head">
          {dayLabel(d, { day: undefined, month: undefined })}
        </div>
      ))}
      {days.map((d) => {
        const here = items.filter((i) => i.day === d);
        const slots = open.filter((o) => o.day === d);
        const target: Target = { kind: "day", day: d };
        const outside = !d.startsWith(props.month);
        const summary = [
          here.length ? `${here.length} pin${here.length === 1 ? "" : "s"}` : "no pins",
          slots.length ? `${slots.length} open slot${slots.length === 1 ? "" : "s"}` : "",
        ]
          .filter(Boolean)
          .join(", ");
        return (
          <div
            key={d}
            class={`month-cell ${outside ? "outside" : ""} ${d === s.today ? "today" : ""} ${d < s.today ? "past" : ""} ${isTarget(s, target) ? "drop-target" : ""}`}
            data-drop="day"
            data-day={d}
          >
            <button
              type="button"
              class="month-day"
              aria-label={`${dayLabel(d, { weekday: "long", month: "long" })}: ${summary}. Open its week.`}
              onClick={() => !s.moving && props.openWeek(d)}
            >
              {partsOf(d).d}
            </button>
            <div class="month-pins">
              {here.slice(0, 3).map((i) => (
                <PinCard key={i.pin.id} pin={i.pin} at={i.at} s={s} size="month" />
              ))}
              {here.length > 3 ? (
                <button type="button" class="more" onClick={() => props.openWeek(d)}>
                  +{here.length - 3} more
                </button>
              ) : null}
            </div>
            {slots.length ? (
              <button
                type="button"
                class="slot slot-count"
                data-drop="slot"
                data-at={(slots[0] as OpenSlot).at}
                aria-label={`${slots.length} open slot${slots.length === 1 ? "" : "s"} on ${dayLabel(d)}: compose a pin for ${timeLabel((slots[0] as OpenSlot).at, s.timeZone)}`}
                onClick={() => !s.moving && s.compose((slots[0] as OpenSlot).at)}
              >
                + {slots.length} open
              </button>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** The week on a phone: one day under the other, pins and open slots in time order. */
export function Agenda(props: { days: DayKey[]; items: CalItem[]; open: OpenSlot[]; s: Shared }) {
  const { days, items, open, s } = props;
  return (
    <ol class="agenda">
      {days.map((d) => {
        const target: Target = { kind: "day", day: d };
        const entries = [
          ...items.filter((i) => i.day === d).map((i) => ({ at: i.at, item: i, slot: null })),
          ...open.filter((o) => o.day === d).map((o) => ({ at: o.at, item: null, slot: o })),
        ].sort((a, b) => a.at - b.at);
        return (
          <li
            key={d}
            class={`agenda-day ${d === s.today ? "today" : ""} ${isTarget(s, target) ? "drop-target" : ""} ${s.moving ? "droppable" : ""}`}
            data-drop="day"
            data-day={d}
          >
            <h2 class="agenda-head">
              {dayLabel(d, { weekday: "long" })}
              {d === s.today ? <span class="chip chip-queued">Today</span> : null}
            </h2>
            {entries.length === 0 ? <p class="muted small">Nothing planned.</p> : null}
            {entries.map((e) =>
              e.item ? (
                <PinCard key={e.item.pin.id} pin={e.item.pin} at={e.item.at} s={s} />
              ) : (
                <SlotButton key={e.at} slot={e.slot as OpenSlot} s={s} long />
              ),
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function Tray(props: { pins: PinDto[]; s: Shared }) {
  return (
    <section class="tray" aria-labelledby="tray-title">
      <div class="tray-head">
        <h2 id="tray-title">
          Not on the calendar yet <span class="count">{props.pins.length}</span>
        </h2>
        <p class="muted small">
          Drafts, pins in review and queued pins waiting for a slot.{" "}
          {props.s.touch ? "Tap Move, then a day." : "Drag one onto a day or an open slot."}
        </p>
      </div>
      {props.pins.length === 0 ? (
        <p class="tray-empty">
          Nothing waiting. <a href={withBase("/app/compose")}>Drop a batch of images into New pin</a> and save
          them as drafts: they land here, ready to place.
        </p>
      ) : (
        <ul class="tray-list">
          {props.pins.map((pin) => (
            <li key={pin.id}>
              <PinCard pin={pin} at={null} s={props.s} size="tray" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
