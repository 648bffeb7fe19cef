/**
 * The calendar: where a creator plans the week. Week view (hour rows) by default, month view, the phone's
 * agenda; pins as thumbnails with time and board; open posting slots (click: compose for that slot); a tray
 * of what is not placed yet; drag, keyboard or tap to move a pin to another day or time — which schedules
 * it there (PUT /pins/{id} with scheduled_at). Everything in the user's time zone, live.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { PinDto } from "../../../../pins/pins.schema";
import { type ApiError, apiTime, put } from "../../api";
import { withBase } from "../../base";
import { useBoardNames } from "../../boards";
import { Announcer, Button, ErrorText, Loading, Notice, PageHeader } from "../../components/ui";
import {
  addDays,
  addMonths,
  clockOf,
  type DayKey,
  dayKeyOf,
  dayLabel,
  firstOfMonth,
  mondayOf,
  monthLabel,
  whenLabel,
} from "../../dates";
import { focusOn, useLoad, usePhone } from "../../hooks";
import { onPins, onProfiles, useLiveState } from "../../live";
import { useSession } from "../../session";
import {
  type CalData,
  type CalItem,
  daysOf,
  hoursOf,
  landingTime,
  loadCalendar,
  rangeKey,
  type Target,
  type View,
} from "./model";
import { useMover } from "./mover";
import { Agenda, MonthGrid, type Shared, Tray, WeekGrid } from "./parts";

const isDay = (s: string | undefined): s is DayKey => Boolean(s && /^\d{4}-\d{2}-\d{2}$/.test(s));

function rangeTitle(view: View, days: DayKey[], anchor: DayKey): string {
  if (view === "month") return monthLabel(anchor);
  const first = days[0] as DayKey;
  const last = days[days.length - 1] as DayKey;
  return `${dayLabel(first, { weekday: undefined })} – ${dayLabel(last, { weekday: undefined, year: "numeric" })}`;
}

export function CalendarPage() {
  const { me, selected } = useSession();
  const { query, route } = useLocation();
  const phone = usePhone();
  const timeZone = me?.timezone ?? "UTC";
  const now = Date.now();
  const today = dayKeyOf(now, timeZone);
  const view: View = query.view === "month" ? "month" : "week";
  const anchor = isDay(query.date) ? query.date : today;
  const days = useMemo(() => daysOf(view, anchor), [view, anchor]);
  const profileId = selected?.id;
  const names = useBoardNames(profileId);
  const liveState = useLiveState();

  const cal = useLoad(
    () =>
      profileId
        ? loadCalendar({ profileId, timeZone, days, now: Date.now() })
        : Promise.resolve<CalData>({
            range: rangeKey(days),
            items: [],
            open: [],
            tray: [],
            warnings: [],
            hasSlots: false,
          }),
    [profileId, timeZone, days[0], days.length],
    { live: (e) => onPins(e) || onProfiles(e) },
  );

  // Moves in flight show at their new place at once (until the calendar reloads).
  const [moved, setMoved] = useState(new Map<number, number>());
  const [problem, setProblem] = useState<ApiError | string | null>(null);
  const [said, setSaid] = useState("");
  const [focusPin, setFocusPin] = useState<number | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const problemRef = useRef<HTMLParagraphElement>(null);

  // While another week or month loads, the last one's pins are not drawn in this one's days.
  const current = cal.data?.range === rangeKey(days) ? cal.data : undefined;
  const { items, tray } = useMemo(() => {
    const data = current;
    if (!data) return { items: [] as CalItem[], tray: [] as PinDto[] };
    const place = (pin: PinDto, at: number): CalItem => ({
      pin: { ...pin, status: "scheduled" },
      at,
      day: dayKeyOf(at, timeZone),
      ...clockOf(at, timeZone),
    });
    const placed = data.items.map((i) =>
      moved.has(i.pin.id) ? place(i.pin, moved.get(i.pin.id) as number) : i,
    );
    const fromTray = data.tray.filter((p) => moved.has(p.id)).map((p) => place(p, moved.get(p.id) as number));
    return {
      items: [...placed, ...fromTray].filter((i) => days.includes(i.day)).sort((a, b) => a.at - b.at),
      tray: data.tray.filter((p) => !moved.has(p.id)),
    };
  }, [current, moved, days, timeZone]);
  const hours = hoursOf(current);
  const open = current?.open ?? [];

  const findPin = (id: number) => {
    const item = items.find((i) => i.pin.id === id);
    if (item) return { pin: item.pin, at: item.at as number | null };
    const pin = tray.find((p) => p.id === id);
    return pin ? { pin, at: null } : null;
  };

  const drop = async (pinId: number, target: Target) => {
    const found = findPin(pinId);
    if (!found) return;
    const at = landingTime(target, found, open, timeZone);
    const title = found.pin.title?.trim() || "Untitled pin";
    if (at === found.at) return;
    if (at <= Date.now()) {
      setProblem(`${whenLabel(at, timeZone)} has already passed: drop “${title}” on a later time.`);
      requestAnimationFrame(() => focusOn(problemRef.current));
      return;
    }
    setProblem(null);
    // It shows at its new place at once, until the calendar's data has it there too.
    setMoved((m) => new Map(m).set(pinId, at));
    try {
      const saved = await put<PinDto>(`/pins/${pinId}`, { scheduled_at: apiTime(at), status: "scheduled" });
      setSaid(
        saved.status === "review"
          ? `Moved “${title}” to ${whenLabel(at, timeZone)}, but it is held for review: ${saved.error_message ?? "check it"}`
          : `Scheduled “${title}” for ${whenLabel(at, timeZone)}.`,
      );
      setFocusPin(pinId);
      // The change comes back on the event stream within a tick and reloads the calendar; reload here only
      // when the stream is down.
      if (liveState !== "live") await cal.reload();
    } catch (err) {
      setMoved((m) => {
        const next = new Map(m);
        next.delete(pinId);
        return next;
      });
      setProblem(err as ApiError);
      requestAnimationFrame(() => focusOn(problemRef.current));
    }
  };

  // A move stops being shown by hand once the data has the pin at its new time (or no longer has it).
  useEffect(() => {
    if (!current || moved.size === 0) return;
    setMoved((m) => {
      const next = new Map(m);
      for (const [id, at] of m) {
        const pin = current.items.find((i) => i.pin.id === id)?.pin ?? current.tray.find((p) => p.id === id);
        if (!pin || (pin.scheduled_at !== null && Date.parse(pin.scheduled_at) === at)) next.delete(id);
      }
      return next.size === m.size ? m : next;
    });
  }, [current]);

  const step = (t: Target, key: string): Target | null => {
    const dx = key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0;
    const dy = key === "ArrowDown" ? 1 : key === "ArrowUp" ? -1 : 0;
    if (t.kind === "cell") {
      const d = days.indexOf(t.day) + dx;
      const h = hours.indexOf(t.hour) + dy;
      if (d < 0 || d >= days.length || h < 0 || h >= hours.length) return null;
      return { kind: "cell", day: days[d] as DayKey, hour: hours[h] as number };
    }
    if (t.kind === "day") {
      const d = days.indexOf(t.day) + dx + dy * (view === "month" && !phone ? 7 : 1);
      return d < 0 || d >= days.length ? null : { kind: "day", day: days[d] as DayKey };
    }
    return null;
  };
  const mover = useMover({ root, onDrop: (id, t) => void drop(id, t), step });

  const dayMode = view === "month" || phone;
  const firstFutureDay = days.find((d) => d >= today) ?? (days[0] as DayKey);
  const s: Shared = {
    timeZone,
    today,
    now,
    boardName: (id) => names.get(id) ?? "…",
    moving: mover.moving,
    touch: phone,
    compose: (at) => route(`/app/compose?at=${encodeURIComponent(apiTime(at))}`),
    pickUp(pin, at, via) {
      const title = pin.title?.trim() || "Untitled pin";
      const day = at === null ? firstFutureDay : dayKeyOf(at, timeZone);
      const target: Target = dayMode
        ? { kind: "day", day }
        : {
            kind: "cell",
            day,
            hour: at === null ? (hours.includes(9) ? 9 : (hours[0] as number)) : clockOf(at, timeZone).hour,
          };
      mover.begin(pin.id, target, via);
      setSaid(
        via === "keys"
          ? `Moving “${title}”. The arrow keys choose ${dayMode ? "a day" : "a day and an hour"}, Enter drops it there, Escape puts it back.`
          : `Moving “${title}”: tap a day or an open slot.`,
      );
    },
  };

  // Say where a keyboard move would land as the target moves.
  const target = mover.moving?.via === "keys" ? mover.moving.target : null;
  useEffect(() => {
    if (!target || !mover.moving) return;
    const found = findPin(mover.moving.pinId);
    if (!found) return;
    setSaid(`To ${whenLabel(landingTime(target, found, open, timeZone), timeZone)}`);
  }, [JSON.stringify(target)]);

  // After a move, focus follows the pin to its new place.
  useEffect(() => {
    if (focusPin === null) return;
    const card = root.current?.querySelector<HTMLElement>(`[data-pin-id="${focusPin}"] .cal-pin`);
    if (card) focusOn(card);
    setFocusPin(null);
  }, [focusPin, items]);

  const go = (next: { view?: View; date?: DayKey }) =>
    route(`/app/calendar?view=${next.view ?? view}&date=${next.date ?? anchor}`, true);
  const shift = (n: number) =>
    go({ date: view === "month" ? addMonths(firstOfMonth(anchor), n) : addDays(mondayOf(anchor), 7 * n) });

  const title = rangeTitle(view, days, anchor);
  const data = current;
  return (
    <div class="calendar-page" ref={root}>
      <PageHeader
        title="Calendar"
        subtitle={
          <>
            {selected ? `@${selected.pinterest_username} · ` : ""}times in {timeZone.replace(/_/g, " ")} ·{" "}
            <a href={withBase("/app/settings?tab=account")}>change</a>
          </>
        }
      >
        <fieldset class="segmented">
          <legend class="sr-only">View</legend>
          {(["week", "month"] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => go({ view: v })}>
              {v === "week" ? "Week" : "Month"}
            </button>
          ))}
        </fieldset>
        <a class="btn btn-primary" href={withBase("/app/compose")}>
          + New pin
        </a>
      </PageHeader>

      <div class="cal-toolbar">
        <div class="cal-nav">
          <Button variant="ghost" onClick={() => shift(-1)} aria-label={`Previous ${view}`}>
            ‹
          </Button>
          <Button variant="ghost" onClick={() => shift(1)} aria-label={`Next ${view}`}>
            ›
          </Button>
          <h2 class="range-title" aria-live="polite">
            {title}
          </h2>
          <Button
            variant="ghost"
            class="today-button"
            onClick={() => go({ date: today })}
            disabled={days.includes(today)}
          >
            Today
          </Button>
        </div>
        <p class="cal-hint muted small">
          {phone
            ? "Tap Move on a pin, then a day. Tap an open slot to compose for it."
            : "Drag a pin to another time — or focus it, press Space, move with the arrow keys and press Enter. Click an open slot to compose for it."}
        </p>
      </div>

      <ErrorText error={problem ?? cal.error} focusRef={problemRef} />
      {data?.warnings.map((w) => (
        <Notice key={w.date} kind="warn">
          {w.message.replace(w.date, dayLabel(w.date, { weekday: "long", year: "numeric" }))}{" "}
          <a href={withBase("/app/schedule")}>Posting schedule</a>
        </Notice>
      ))}
      {data && !data.hasSlots ? (
        <Notice>
          No posting times for {selected ? `@${selected.pinterest_username}` : "this account"} yet, so there
          are no open slots to fill: queued pins go out at once.{" "}
          <a href={withBase("/app/schedule")}>Set posting times</a>, or drop pins on any hour.
        </Notice>
      ) : null}
      {mover.moving && mover.moving.via !== "pointer" ? (
        <div class="moving-bar" role="status">
          Moving “{findPin(mover.moving.pinId)?.pin.title?.trim() || "Untitled pin"}”
          {target && mover.moving
            ? ` → ${whenLabel(landingTime(target, findPin(mover.moving.pinId) ?? { at: null }, open, timeZone), timeZone)}`
            : ""}
          <Button variant="ghost" onClick={mover.cancel}>
            Cancel
          </Button>
        </div>
      ) : null}

      {!data && !cal.error ? <Loading label="Loading the calendar…" /> : null}
      {data ? (
        <>
          <Tray pins={tray} s={s} />
          {phone && view === "week" ? (
            <Agenda days={days} items={items} open={open} s={s} />
          ) : view === "week" ? (
            <WeekGrid days={days} hours={hours} items={items} open={open} s={s} />
          ) : (
            <MonthGrid
              days={days}
              month={anchor.slice(0, 7)}
              items={items}
              open={open}
              s={s}
              openWeek={(d) => go({ view: "week", date: d })}
            />
          )}
          {items.length === 0 && open.length === 0 ? (
            <p class="cal-empty muted">
              Nothing planned {view === "week" ? "this week" : "this month"}.{" "}
              {tray.length ? (
                "Drag a pin from the tray above onto a day."
              ) : (
                <a href={withBase("/app/compose")}>Compose a pin</a>
              )}
            </p>
          ) : null}
        </>
      ) : null}
      <Announcer message={said} />
    </div>
  );
}
