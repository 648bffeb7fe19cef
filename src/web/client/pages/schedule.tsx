/**
 * Posting schedule, per connected Pinterest account: the weekly times queued pins go out at (add, remove,
 * copy a day to others, or start from a suggested set that is shown first and saved only on Save), the
 * spacing guard, the volume warnings and the time zone.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ProfileDto } from "../../../profiles/profiles.schema";
import type { ScheduleDto, Slot, Weekday } from "../../../schedule/schedule.schema";
import { type ApiError, get, put } from "../api";
import { withBase } from "../base";
import {
  Button,
  Empty,
  ErrorText,
  Field,
  fieldAria,
  Loading,
  Notice,
  PageHeader,
  Tabs,
} from "../components/ui";
import { dayLabel } from "../dates";
import { focusFirstInvalid, focusOn, useAction, useLoad } from "../hooks";
import { onProfiles } from "../live";
import { useSession } from "../session";

const DAYS: ReadonlyArray<{ id: Weekday; name: string; short: string }> = [
  { id: "mon", name: "Monday", short: "Mon" },
  { id: "tue", name: "Tuesday", short: "Tue" },
  { id: "wed", name: "Wednesday", short: "Wed" },
  { id: "thu", name: "Thursday", short: "Thu" },
  { id: "fri", name: "Friday", short: "Fri" },
  { id: "sat", name: "Saturday", short: "Sat" },
  { id: "sun", name: "Sunday", short: "Sun" },
];
const MAX_PER_DAY = 20;

/** Until the analytics can suggest times from the audience: three a day, morning, lunch and evening. */
export const SUGGESTED_TIMES = ["08:00", "12:30", "19:30"];

type Week = Record<Weekday, string[]>;

const emptyWeek = (): Week => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const weekOf = (slots: Slot[]): Week => {
  const w = emptyWeek();
  for (const s of slots) w[s.day].push(s.time);
  for (const d of DAYS) w[d.id].sort();
  return w;
};
const slotsOf = (w: Week): Slot[] => DAYS.flatMap((d) => w[d.id].map((time) => ({ day: d.id, time })));
const count = (w: Week) => DAYS.reduce((n, d) => n + w[d.id].length, 0);

const clockFormat = new Intl.DateTimeFormat(undefined, {
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
});
/** "19:30" in the browser's way of writing times ("7:30 PM"). */
export const clock = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return clockFormat.format(new Date(Date.UTC(2000, 0, 1, h, m)));
};

function DayEditor(props: {
  day: (typeof DAYS)[number];
  times: string[];
  onChange(times: string[]): void;
  onCopy(to: Weekday[]): void;
}) {
  const { day } = props;
  const [adding, setAdding] = useState("");
  const [copying, setCopying] = useState(false);
  const [copyTo, setCopyTo] = useState<Set<Weekday>>(new Set());
  const addRef = useRef<HTMLInputElement>(null);
  const full = props.times.length >= MAX_PER_DAY;
  const add = () => {
    if (!/^\d{2}:\d{2}$/.test(adding) || full) return;
    props.onChange([...props.times, adding].sort());
    setAdding("");
    addRef.current?.focus();
  };
  return (
    <section class="day-editor" aria-labelledby={`day-${day.id}`} data-day={day.id}>
      <h3
        id={`day-${day.id}`}
        aria-label={`${day.name}: ${props.times.length} time${props.times.length === 1 ? "" : "s"}`}
      >
        <span>
          <span class="day-long">{day.name}</span>
          <span class="day-short">{day.short}</span>
        </span>{" "}
        <span class="count">{props.times.length}</span>
      </h3>
      <ul class="slot-chips">
        {props.times.length === 0 ? <li class="muted small">No times</li> : null}
        {props.times.map((t, i) => (
          <li key={`${t}-${i}`} class="slot-chip">
            <span>{clock(t)}</span>
            <button
              type="button"
              aria-label={`Remove ${clock(t)} on ${day.name}`}
              onClick={() => props.onChange(props.times.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div class="slot-add">
        <input
          ref={addRef}
          type="time"
          aria-label={`New time on ${day.name}`}
          value={adding}
          disabled={full}
          onInput={(e) => setAdding((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button
          variant="secondary"
          class="btn-small"
          onClick={add}
          disabled={!adding || full}
          aria-label={`Add the time to ${day.name}`}
        >
          Add
        </Button>
      </div>
      {full ? <p class="hint">{MAX_PER_DAY} times a day at most.</p> : null}
      {props.times.length > 0 || copying ? (
        <button
          type="button"
          class="link-button small"
          aria-expanded={copying}
          onClick={() => setCopying(!copying)}
        >
          <span aria-hidden="true">Copy to other days…</span>
          <span class="sr-only">Copy {day.name}'s times to other days</span>
        </button>
      ) : null}
      {copying ? (
        <fieldset class="copy-days">
          <legend>Copy {day.name}'s times to</legend>
          <div class="copy-quick">
            <button
              type="button"
              class="link-button small"
              onClick={() =>
                setCopyTo(
                  new Set(
                    DAYS.slice(0, 5)
                      .map((d) => d.id)
                      .filter((d) => d !== day.id),
                  ),
                )
              }
            >
              Weekdays
            </button>
            <button
              type="button"
              class="link-button small"
              onClick={() => setCopyTo(new Set(DAYS.map((d) => d.id).filter((d) => d !== day.id)))}
            >
              Every day
            </button>
          </div>
          {DAYS.filter((d) => d.id !== day.id).map((d) => (
            <label key={d.id} class="check">
              <input
                type="checkbox"
                checked={copyTo.has(d.id)}
                onChange={(e) => {
                  const next = new Set(copyTo);
                  if ((e.target as HTMLInputElement).checked) next.add(d.id);
                  else next.delete(d.id);
                  setCopyTo(next);
                }}
              />
              {d.short}
            </label>
          ))}
          <div class="row">
            <Button
              variant="primary"
              class="btn-small"
              disabled={copyTo.size === 0}
              onClick={() => {
                props.onCopy([...copyTo]);
                setCopying(false);
                setCopyTo(new Set());
              }}
            >
              Copy to {copyTo.size || "…"} day{copyTo.size === 1 ? "" : "s"}
            </Button>
            <Button variant="ghost" class="btn-small" onClick={() => setCopying(false)}>
              Cancel
            </Button>
          </div>
        </fieldset>
      ) : null}
    </section>
  );
}

function ScheduleEditor(props: { profile: ProfileDto }) {
  const { me, refresh } = useSession();
  const schedule = useLoad(
    () => get<ScheduleDto>(`/profiles/${props.profile.id}/schedule`),
    [props.profile.id],
    {
      live: (e) => onProfiles(e) && (e.kind === "reset" || e.id === props.profile.id),
    },
  );
  const [week, setWeek] = useState<Week | null>(null);
  const [spacing, setSpacing] = useState("0");
  const [zone, setZone] = useState(me?.timezone ?? "UTC");
  const [note, setNote] = useState<string | null>(null);
  const action = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  const noteRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  const saved = schedule.data;
  const savedWeek = saved ? weekOf(saved.slots) : null;
  const dirty =
    saved !== undefined &&
    week !== null &&
    (JSON.stringify(week) !== JSON.stringify(savedWeek) ||
      Number(spacing) !== saved.min_spacing_days ||
      zone !== saved.timezone);

  // (Re)load the form from the server whenever there is nothing unsaved in it.
  useEffect(() => {
    if (!saved || dirty) return;
    setWeek(weekOf(saved.slots));
    setSpacing(String(saved.min_spacing_days));
    setZone(saved.timezone);
  }, [saved]);

  if (schedule.error && !saved) return <ErrorText error={schedule.error} />;
  if (!saved || !week) return <Loading />;

  const change = (next: Week) => {
    setWeek(next);
    setNote(null);
  };
  const suggested = () => {
    const next = emptyWeek();
    for (const d of DAYS) next[d.id] = [...SUGGESTED_TIMES];
    change(next);
    setNote("Suggested times filled in for every day. Nothing is saved until you press Save schedule.");
    requestAnimationFrame(() => focusOn(noteRef.current));
  };
  const fields = action.error?.fields ?? {};
  const save = () =>
    action.run(async () => {
      try {
        await put<ScheduleDto>(`/profiles/${props.profile.id}/schedule`, {
          slots: slotsOf(week),
          min_spacing_days: Number(spacing),
          timezone: zone,
        });
      } catch (err) {
        focusFirstInvalid(formRef.current, errorRef.current);
        throw err;
      }
      await schedule.reload();
      if (zone !== me?.timezone) await refresh();
      setNote(
        `Saved. ${count(week) ? `${count(week)} posting times a week.` : "No posting times: queued pins go out at once."}`,
      );
      requestAnimationFrame(() => focusOn(noteRef.current));
    });
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = Intl.supportedValuesOf("timeZone");
  const total = count(week);

  return (
    <form
      ref={formRef}
      class="schedule-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {saved.warnings.map((w) => (
        <Notice key={w.date} kind="warn">
          {w.message.replace(w.date, dayLabel(w.date, { weekday: "long", year: "numeric" }))}
        </Notice>
      ))}
      <div class="schedule-top">
        <div class="card suggest">
          <h2>Suggested times</h2>
          <p>
            Three a day at <strong>{SUGGESTED_TIMES.map(clock).join(", ")}</strong>, every day: mornings,
            lunch breaks and evenings are when most people browse Pinterest. This is PinFlow's default
            suggestion; once PinFlow can read your audience's activity it will suggest times from it.
          </p>
          <Button onClick={suggested}>Use the suggested times</Button>
        </div>
        <div class="card schedule-summary">
          <h2>This week</h2>
          <p class="big-number">{total}</p>
          <p class="muted">
            {total === 0
              ? "No posting times: queued pins go out as soon as PinFlow gets to them."
              : `posting time${total === 1 ? "" : "s"} a week for @${props.profile.pinterest_username}, one queued pin each.`}
          </p>
        </div>
      </div>

      {total === 0 && saved.slots.length === 0 ? (
        <Empty title="No posting times yet" icon="◷">
          <p>
            Add times to the days below, or start from the suggested times above. Then press Save schedule.
          </p>
        </Empty>
      ) : null}

      <div class="week-editor">
        {DAYS.map((d) => (
          <DayEditor
            key={d.id}
            day={d}
            times={week[d.id]}
            onChange={(times) => change({ ...week, [d.id]: times })}
            onCopy={(to) => {
              const next = { ...week };
              for (const other of to) next[other] = [...week[d.id]];
              change(next);
              setNote(
                `Copied ${d.name}'s times to ${to.length} day${to.length === 1 ? "" : "s"}. Save to keep them.`,
              );
            }}
          />
        ))}
      </div>
      {fields.slots ? <p class="error-text">{fields.slots}</p> : null}

      <div class="schedule-settings">
        <Field
          label="Days between pins with the same link or image"
          id="spacing"
          error={fields.min_spacing_days}
          hint="Pinterest can flag accounts that post the same link again and again. With 7, a pin to a link or image used in the last 7 days waits for a later slot (0 = off)."
        >
          <input
            {...fieldAria("spacing", fields.min_spacing_days, true)}
            type="number"
            min={0}
            max={365}
            class="narrow"
            value={spacing}
            onInput={(e) => setSpacing((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field
          label="Time zone"
          id="schedule-timezone"
          error={fields.timezone}
          hint="Your time zone: posting times, the calendar and every time on screen use it."
        >
          <div class="row">
            <select
              {...fieldAria("schedule-timezone", fields.timezone, true)}
              value={zone}
              onChange={(e) => setZone((e.target as HTMLSelectElement).value)}
            >
              {["UTC", ...zones.filter((z) => z !== "UTC")].map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </select>
            {browserZone && browserZone !== zone ? (
              <Button variant="ghost" class="btn-small" onClick={() => setZone(browserZone)}>
                Use this device's ({browserZone.replace(/_/g, " ")})
              </Button>
            ) : null}
          </div>
        </Field>
      </div>

      {note ? (
        <Notice kind={note.startsWith("Saved") ? "success" : "info"} focusRef={noteRef}>
          {note}
        </Notice>
      ) : null}
      <ErrorText error={action.error as ApiError | null} focusRef={errorRef} />
      <div class={`save-bar ${dirty ? "dirty" : ""}`}>
        <span class="muted">{dirty ? "You have unsaved changes." : "All changes saved."}</span>
        <Button
          variant="ghost"
          disabled={!dirty}
          onClick={() => {
            setWeek(weekOf(saved.slots));
            setSpacing(String(saved.min_spacing_days));
            setZone(saved.timezone);
            setNote(null);
          }}
        >
          Discard
        </Button>
        <Button type="submit" variant="primary" busy={action.busy} disabled={!dirty}>
          Save schedule
        </Button>
      </div>
    </form>
  );
}

export function SchedulePage() {
  const { profiles, selected } = useSession();
  const [profileId, setProfileId] = useState<number | null>(null);
  const profile = profiles.find((p) => p.id === profileId) ?? selected;
  return (
    <div class="schedule-page">
      <PageHeader
        title="Posting schedule"
        subtitle="The times PinFlow publishes your queued pins at, one pin per time. Scheduled pins keep their own time."
      />
      {profiles.length > 1 ? (
        <Tabs
          label="Pinterest account"
          tabs={profiles.map((p) => ({ id: String(p.id), label: `@${p.pinterest_username}` }))}
          active={String(profile?.id ?? "")}
          onChange={(id) => setProfileId(Number(id))}
        />
      ) : null}
      {profile ? (
        <ScheduleEditor key={profile.id} profile={profile} />
      ) : (
        <Empty title="No Pinterest account connected">
          <p>
            <a href={withBase("/auth/login?connect=1")}>Connect a Pinterest account</a> to give it posting
            times.
          </p>
        </Empty>
      )}
    </div>
  );
}
