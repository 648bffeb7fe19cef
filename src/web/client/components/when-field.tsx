/** The publishing time: a date-time input with one-click chips for the next free posting slot and tomorrow 9:00. */
import type { PinDto } from "../../../pins/pins.schema";
import type { OccurrencesDto } from "../../../schedule/schedule.schema";
import { apiTime, get } from "../api";
import { addDays, dayKeyOf, instantOf, whenLabel } from "../dates";
import { fromLocalInput, toLocalInput } from "../format";
import { useLoad } from "../hooks";
import { onPins, onProfiles } from "../live";

const DAY = 86_400_000;

/** One request serves every date field on screen (a batch has one per card) for a second. */
const recent = new Map<number, { at: number; slots: Promise<number[]> }>();

function openSlotsOf(profileId: number): Promise<number[]> {
  const hit = recent.get(profileId);
  if (hit && Date.now() - hit.at < 1_000) return hit.slots;
  const from = Date.now() + 60_000;
  // A slot a scheduled pin already sits at is not offered (the calendar shows it taken, too).
  const slots = Promise.all([
    get<OccurrencesDto>(
      `/profiles/${profileId}/schedule/occurrences?from=${apiTime(from)}&to=${apiTime(from + 14 * DAY)}`,
    ),
    get<PinDto[]>(`/pins?status=scheduled&sort=scheduled&profile_id=${profileId}&limit=200`),
  ]).then(([res, scheduled]) => {
    const taken = new Set(scheduled.map((p) => Date.parse(p.scheduled_at ?? "")));
    return res.occurrences
      .filter((o) => o.pin_id === null)
      .map((o) => Date.parse(o.at))
      .filter((at) => !taken.has(at));
  });
  recent.set(profileId, { at: Date.now(), slots });
  slots.catch(() => recent.delete(profileId));
  return slots;
}

/** The open slot occurrences of a profile in the next two weeks (epoch ms, soonest first). */
export function useOpenSlots(profileId: number | undefined) {
  return useLoad(() => (profileId ? openSlotsOf(profileId) : Promise.resolve([])), [profileId], {
    live: (e) => onProfiles(e) || onPins(e),
  });
}

export function WhenField(props: {
  id: string;
  value: string;
  onChange(value: string): void;
  timeZone: string;
  profileId: number | undefined;
  /** Slot times already given to other pins on this screen (a batch): the chip offers the next one after. */
  taken?: ReadonlySet<number>;
  invalid?: boolean;
  describedBy?: string;
  label?: string;
  compact?: boolean;
}) {
  const open = useOpenSlots(props.profileId);
  const next = open.data?.find((at) => !props.taken?.has(at)) ?? null;
  const tomorrow9 = instantOf(addDays(dayKeyOf(Date.now(), props.timeZone), 1), 9, 0, props.timeZone);
  const current = props.value ? fromLocalInput(props.value, props.timeZone) : null;
  const set = (ms: number) => props.onChange(toLocalInput(apiTime(ms), props.timeZone));
  const isNext = next !== null && current !== null && Date.parse(current) === next;
  return (
    <div class={`when-field ${props.compact ? "compact" : ""}`}>
      <input
        id={props.id}
        type="datetime-local"
        value={props.value}
        aria-label={props.label}
        aria-invalid={props.invalid ? "true" : undefined}
        aria-describedby={props.describedBy}
        onInput={(e) => props.onChange((e.target as HTMLInputElement).value)}
      />
      <fieldset class="chips">
        <legend class="sr-only">Quick picks</legend>
        <button
          type="button"
          class={`chip-button ${isNext ? "on" : ""}`}
          disabled={next === null}
          title={
            next === null
              ? open.data?.length === 0
                ? "No free posting slot in the next two weeks: set posting times under Posting schedule."
                : "Looking for the next free slot…"
              : `The next posting slot no pin has taken: ${whenLabel(next, props.timeZone)}`
          }
          onClick={() => next !== null && set(next)}
        >
          Next free slot{next !== null && !props.compact ? ` · ${whenLabel(next, props.timeZone)}` : ""}
        </button>
        <button type="button" class="chip-button" onClick={() => set(tomorrow9)}>
          Tomorrow 9:00
        </button>
      </fieldset>
    </div>
  );
}
