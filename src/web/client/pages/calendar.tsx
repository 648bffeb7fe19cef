import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import type { PinDto } from "../../../pins/pins.schema";
import { get, qs } from "../api";
import { Thumb } from "../components/pins";
import { Button, ErrorText, PageHeader } from "../components/ui";
import { zonedParts } from "../format";
import { useLoad } from "../hooks";
import { useSession } from "../session";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const pad = (n: number) => String(n).padStart(2, "0");

export function CalendarPage() {
  const { me } = useSession();
  const { route } = useLocation();
  const timeZone = me?.timezone ?? "UTC";
  const today = zonedParts(Date.now(), timeZone);
  const [month, setMonth] = useState({ year: today.year, month: today.month });
  const pins = useLoad(() => get<PinDto[]>(`/pins/calendar${qs(month)}`), [month.year, month.month]);

  const shift = (delta: number) => {
    const index = month.year * 12 + (month.month - 1) + delta;
    setMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  };

  const daysInMonth = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  const leading = (new Date(Date.UTC(month.year, month.month - 1, 1)).getUTCDay() + 6) % 7;
  const byDay = new Map<number, PinDto[]>();
  for (const pin of pins.data ?? []) {
    const when = pin.published_at ?? pin.scheduled_at;
    if (!when) continue;
    const p = zonedParts(Date.parse(when), timeZone);
    if (p.year !== month.year || p.month !== month.month) continue;
    byDay.set(p.day, [...(byDay.get(p.day) ?? []), pin]);
  }
  const title = new Intl.DateTimeFormat(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(month.year, month.month - 1, 1)));

  return (
    <div>
      <PageHeader
        title="Calendar"
        subtitle={`Scheduled and published pins, in ${timeZone}. Click a day to plan a pin for it.`}
      >
        <Button onClick={() => shift(-1)} aria-label="Previous month">
          ←
        </Button>
        <strong class="month-title" aria-live="polite">
          {title}
        </strong>
        <Button onClick={() => shift(1)} aria-label="Next month">
          →
        </Button>
      </PageHeader>
      <ErrorText error={pins.error} />
      <section class="calendar" aria-label={title}>
        {WEEKDAYS.map((d) => (
          <div key={d} class="calendar-head">
            {d}
          </div>
        ))}
        {Array.from({ length: leading }, (_, i) => (
          <div key={`blank-${i}`} class="calendar-cell blank" />
        ))}
        {Array.from({ length: daysInMonth }, (_, i) => {
          const day = i + 1;
          const dayPins = byDay.get(day) ?? [];
          const isToday = today.year === month.year && today.month === month.month && today.day === day;
          const date = `${month.year}-${pad(month.month)}-${pad(day)}`;
          return (
            <div key={day} class={`calendar-cell ${isToday ? "today" : ""}`} data-date={date}>
              <button
                type="button"
                class="day-button"
                onClick={() => route(`/app/compose?date=${date}`)}
                aria-label={`Plan a pin for ${date}`}
              >
                <span class="day-number">{day}</span>
                <span class="day-add" aria-hidden="true">
                  +
                </span>
              </button>
              <div class="day-pins">
                {dayPins.slice(0, 4).map((pin) => (
                  <a
                    key={pin.id}
                    href={`/app/pins/${pin.id}`}
                    class={`day-pin status-${pin.status}`}
                    title={pin.title ?? "Untitled pin"}
                  >
                    <Thumb pin={pin} size={36} />
                  </a>
                ))}
                {dayPins.length > 4 ? <span class="more">+{dayPins.length - 4}</span> : null}
              </div>
            </div>
          );
        })}
      </section>
    </div>
  );
}
