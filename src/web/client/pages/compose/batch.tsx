/**
 * A batch of cards: a grid where each card is edited in place, and a bar that applies a board or a link
 * to the selected cards, saves them as drafts, queues them into the next free slots, schedules them at
 * their own times, or spreads each over several boards.
 */
import { useRef, useState } from "preact/hooks";
import type { ApiError } from "../../api";
import { useBoardNames } from "../../boards";
import { BoardChecklist, BoardPicker } from "../../components/board-picker";
import { Announcer, Button, ErrorText, Field, fieldAria, Progress } from "../../components/ui";
import { WhenField } from "../../components/when-field";
import { fromLocalInput, httpHref } from "../../format";
import { focusFirstInvalid } from "../../hooks";
import { type Card, type Intent, type Outcome, spreadPins } from "./cards";
import { Dropzone } from "./dropzone";
import { PinPreview } from "./preview";

function BatchCard(props: {
  card: Card;
  index: number;
  active: boolean;
  setActive(): void;
  update(patch: Partial<Card>): void;
  remove(): void;
  timeZone: string;
  profileId: number | undefined;
  taken: ReadonlySet<number>;
}) {
  const { card, update } = props;
  const k = card.key;
  const e = card.errors;
  const label = card.title || card.name;
  const clear = (field: string) => {
    const { [field]: _gone, ...rest } = card.errors;
    return rest;
  };
  return (
    <li
      class={`batch-card ${props.active ? "active" : ""} ${Object.keys(e).length ? "has-errors" : ""}`}
      data-card={k}
      onFocusIn={props.setActive}
    >
      <div class="batch-card-top">
        <label class="check">
          <input
            type="checkbox"
            checked={card.selected}
            aria-label={`Select pin ${props.index + 1}: ${label}`}
            onChange={(ev) => update({ selected: (ev.target as HTMLInputElement).checked })}
          />
          <span class="batch-number">{props.index + 1}</span>
        </label>
        <button
          type="button"
          class="batch-remove"
          aria-label={`Remove pin ${props.index + 1}: ${label}`}
          onClick={props.remove}
        >
          ×
        </button>
      </div>
      <button
        type="button"
        class="batch-thumb"
        onClick={props.setActive}
        aria-label={`Preview pin ${props.index + 1}`}
      >
        {httpHref(card.media_url) || card.preview ? (
          <img src={httpHref(card.media_url) ?? card.preview ?? ""} alt="" />
        ) : (
          <span>No image</span>
        )}
      </button>
      {card.progress !== null ? <Progress value={card.progress} label={`Uploading ${card.name}`} /> : null}
      {card.uploadError ? <ErrorText error={card.uploadError} /> : null}
      {e.media_url ? <p class="error-text">{e.media_url}</p> : null}
      <Field label="Title" id={`title-${k}`} error={e.title}>
        <input
          {...fieldAria(`title-${k}`, e.title)}
          data-first-title={props.index === 0 ? "" : undefined}
          value={card.title}
          maxLength={256}
          onInput={(ev) => update({ title: (ev.target as HTMLInputElement).value, errors: clear("title") })}
        />
      </Field>
      <Field label="Board" id={`board-${k}`} error={e.board_id}>
        <BoardPicker
          id={`board-${k}`}
          profileId={props.profileId}
          value={card.board_id}
          invalid={Boolean(e.board_id)}
          describedBy={e.board_id ? `board-${k}-error` : undefined}
          placeholder="Choose a board…"
          onChange={(board_id) => update({ board_id, errors: clear("board_id") })}
        />
      </Field>
      <Field label="Link" id={`link-${k}`} error={e.link}>
        <input
          {...fieldAria(`link-${k}`, e.link)}
          type="url"
          inputMode="url"
          placeholder="https://"
          value={card.link}
          onInput={(ev) => update({ link: (ev.target as HTMLInputElement).value, errors: clear("link") })}
        />
      </Field>
      <Field label="Publish at" id={`when-${k}`} error={e.scheduled_at}>
        <WhenField
          id={`when-${k}`}
          compact
          value={card.when}
          timeZone={props.timeZone}
          profileId={props.profileId}
          taken={props.taken}
          invalid={Boolean(e.scheduled_at)}
          describedBy={e.scheduled_at ? `when-${k}-error` : undefined}
          onChange={(when) => update({ when, errors: clear("scheduled_at") })}
        />
      </Field>
    </li>
  );
}

export function BatchEditor(props: {
  cards: Card[];
  active: Card | null;
  setActive(key: string): void;
  update(key: string, patch: Partial<Card>): void;
  setCards(update: (cards: Card[]) => Card[]): void;
  onFiles(files: File[]): void;
  timeZone: string;
  profileId: number | undefined;
  busy: boolean;
  setBusy(b: boolean): void;
  error: ApiError | null;
  errorRef: { current: HTMLParagraphElement | null };
  save(cards: Card[], intent: Intent): void;
  finish(outcome: Outcome, intent: Intent | "spread"): void;
}) {
  const { cards } = props;
  const chosen = cards.filter((c) => c.selected);
  const names = useBoardNames(props.profileId);
  const [board, setBoard] = useState("");
  const [link, setLink] = useState("");
  const [said, setSaid] = useState("");
  const [spreading, setSpreading] = useState(false);
  const [spreadBoards, setSpreadBoards] = useState(new Set<string>());
  const [interval, setIntervalDays] = useState("7");
  const [firstAt, setFirstAt] = useState("");
  const [spreadError, setSpreadError] = useState<string | null>(null);
  const spreadRef = useRef<HTMLFieldSetElement>(null);
  const n = chosen.length;
  const all = n === cards.length;
  const plural = (x: number) => `${x} pin${x === 1 ? "" : "s"}`;

  const applyToChosen = (patch: Partial<Card>, field: string, message: string) => {
    props.setCards((cs) =>
      cs.map((c) => {
        if (!c.selected) return c;
        const { [field]: _gone, ...errors } = c.errors;
        return { ...c, ...patch, errors };
      }),
    );
    setSaid(message);
  };
  const slotTimes = (except: string) =>
    new Set(
      cards
        .filter((c) => c.key !== except && c.when)
        .map((c) => Date.parse(fromLocalInput(c.when, props.timeZone) ?? "")),
    );

  const spread = async () => {
    setSpreadError(null);
    const days = Number(interval);
    if (spreadBoards.size < 2) return setSpreadError("Choose at least two boards: one pin goes to each.");
    if (!Number.isInteger(days) || days < 1 || days > 90)
      return setSpreadError("Days between: a whole number from 1 to 90.");
    const missing = chosen.filter((c) => !c.media_url);
    if (missing.length) return setSpreadError("Wait until every selected image has uploaded.");
    props.setBusy(true);
    try {
      const outcome = await spreadPins(chosen, {
        boardIds: [...spreadBoards],
        intervalDays: days,
        firstAt: firstAt ? fromLocalInput(firstAt, props.timeZone) : null,
        profileId: props.profileId,
      });
      if (outcome.error?.code === "schedule.no_slots")
        setSpreadError(
          "This account has no posting times yet: pick the date of the first pin, or set posting times first.",
        );
      props.finish(outcome, "spread");
      if (outcome.created.length) setSpreading(false);
      else requestAnimationFrame(() => focusFirstInvalid(spreadRef.current));
    } finally {
      props.setBusy(false);
    }
  };

  return (
    <div class="batch">
      <section class="batch-bar card" aria-label="Apply to the selected pins">
        <div class="batch-select">
          <label class="check">
            <input
              type="checkbox"
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = n > 0 && !all;
              }}
              onChange={() => props.setCards((cs) => cs.map((c) => ({ ...c, selected: !all })))}
            />
            <strong>
              {n} of {cards.length} selected
            </strong>
          </label>
          <span class="muted small">What you set here applies to the selected pins.</span>
        </div>
        <div class="batch-apply">
          <div class="apply-group">
            <label for="batch-board">Board for the selected</label>
            <BoardPicker
              id="batch-board"
              profileId={props.profileId}
              value={board}
              placeholder="Choose a board…"
              onChange={(id) => {
                setBoard(id);
                applyToChosen(
                  { board_id: id },
                  "board_id",
                  `Board “${names.get(id) ?? id}” set on ${plural(n)}.`,
                );
              }}
            />
          </div>
          <form
            class="apply-group"
            onSubmit={(e) => {
              e.preventDefault();
              applyToChosen({ link: link.trim() }, "link", `Link set on ${plural(n)}.`);
            }}
          >
            <label for="batch-link">Link for the selected</label>
            <div class="row nowrap">
              <input
                id="batch-link"
                type="url"
                inputMode="url"
                placeholder="https://"
                value={link}
                onInput={(e) => setLink((e.target as HTMLInputElement).value)}
              />
              <Button type="submit" disabled={n === 0}>
                Apply
              </Button>
            </div>
          </form>
        </div>
        <div class="batch-actions">
          <Button
            variant="primary"
            busy={props.busy}
            disabled={n === 0}
            onClick={() => props.save(chosen, "queue")}
          >
            Queue {plural(n)}
          </Button>
          <Button busy={props.busy} disabled={n === 0} onClick={() => props.save(chosen, "schedule")}>
            Schedule at their times
          </Button>
          <Button busy={props.busy} disabled={n === 0} onClick={() => props.save(chosen, "draft")}>
            Save as drafts
          </Button>
          <Button
            variant="ghost"
            disabled={n === 0}
            aria-expanded={spreading}
            aria-controls="spread-panel"
            onClick={() => {
              setSpreading(!spreading);
              requestAnimationFrame(() => spreadRef.current?.querySelector<HTMLElement>("input")?.focus());
            }}
          >
            Spread over boards…
          </Button>
        </div>
        {spreading ? (
          <fieldset class="spread-panel" id="spread-panel" ref={spreadRef}>
            <legend>Spread each selected pin over several boards</legend>
            <p class="hint">
              One pin per board, each a few days after the previous: the same image reaches several boards
              without being posted twice in a day.
            </p>
            <BoardChecklist
              id="spread-boards"
              profileId={props.profileId}
              value={spreadBoards}
              max={10}
              onChange={setSpreadBoards}
            />
            <div class="row">
              <Field label="Days between" id="spread-days">
                <input
                  id="spread-days"
                  type="number"
                  min={1}
                  max={90}
                  class="narrow"
                  value={interval}
                  onInput={(e) => setIntervalDays((e.target as HTMLInputElement).value)}
                />
              </Field>
              <Field label="First one at" id="spread-first" hint="Empty: the next free posting slot.">
                <WhenField
                  id="spread-first"
                  compact
                  value={firstAt}
                  timeZone={props.timeZone}
                  profileId={props.profileId}
                  onChange={setFirstAt}
                />
              </Field>
            </div>
            {spreadError ? (
              <p class="error-text" role="alert">
                {spreadError}
              </p>
            ) : null}
            <Button variant="primary" busy={props.busy} onClick={() => void spread()}>
              Spread {plural(n)} over {spreadBoards.size} board{spreadBoards.size === 1 ? "" : "s"}
            </Button>
          </fieldset>
        ) : null}
        <ErrorText error={props.error} focusRef={props.errorRef} />
      </section>
      <div class="batch-layout">
        <div>
          <ul class="batch-grid">
            {cards.map((c, i) => (
              <BatchCard
                key={c.key}
                card={c}
                index={i}
                active={props.active?.key === c.key}
                setActive={() => props.setActive(c.key)}
                update={(patch) => props.update(c.key, patch)}
                remove={() => props.setCards((cs) => cs.filter((x) => x.key !== c.key))}
                timeZone={props.timeZone}
                profileId={props.profileId}
                taken={slotTimes(c.key)}
              />
            ))}
          </ul>
          <Dropzone small onFiles={props.onFiles} label="+ Add more images" />
        </div>
        <PinPreview card={props.active} />
      </div>
      <Announcer message={said} />
    </div>
  );
}
