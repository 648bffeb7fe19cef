/**
 * A searchable board picker (WAI-ARIA combobox with a list box): type to filter, ↑ ↓ to move, Enter to
 * pick, Escape to close. Recently used boards come first; nothing is picked until the person picks (a
 * 37-board account must not post to whichever board Pinterest lists first).
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { type Board, useBoards, useRecentBoards } from "../boards";

interface Option {
  board: Board;
  group: "recent" | "all";
}

export function BoardPicker(props: {
  id: string;
  profileId: number | undefined;
  value: string;
  onChange(boardId: string): void;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
  /** Boards not to offer (already chosen elsewhere). */
  exclude?: ReadonlySet<string>;
  label?: string;
  /** Offers "New board…" at the end of the list; picking it calls this. */
  onNewBoard?(): void;
}) {
  const { boards, error, reload } = useBoards(props.profileId);
  const recent = useRecentBoards(props.profileId);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const selected = boards?.find((b) => b.id === props.value) ?? null;

  const options = useMemo<Option[]>(() => {
    const all = (boards ?? []).filter((b) => !props.exclude?.has(b.id));
    const q = query.trim().toLowerCase();
    const matches = (b: Board) => !q || b.name.toLowerCase().includes(q);
    const recentBoards = recent
      .map((id) => all.find((b) => b.id === id))
      .filter((b): b is Board => Boolean(b) && matches(b as Board));
    const recentIds = new Set(recentBoards.map((b) => b.id));
    return [
      ...recentBoards.map((board) => ({ board, group: "recent" as const })),
      ...all
        .filter((b) => matches(b) && !recentIds.has(b.id))
        .map((board) => ({ board, group: "all" as const })),
    ];
  }, [boards, recent, query, props.exclude]);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active, open]);

  const pick = (board: Board) => {
    props.onChange(board.id);
    setOpen(false);
    setQuery("");
  };
  // "New board…" is one more row after the boards, reached by the same keys.
  const newAt = props.onNewBoard ? options.length : -1;
  const last = props.onNewBoard ? options.length : options.length - 1;
  const newBoard = () => {
    setOpen(false);
    setQuery("");
    props.onNewBoard?.();
  };
  const listId = `${props.id}-list`;
  const optionId = (i: number) => `${props.id}-option-${i}`;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setActive(0);
        return setOpen(true);
      }
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((a) => Math.min(Math.max(a + step, 0), Math.max(last, 0)));
    } else if (e.key === "Enter") {
      if (!open) return;
      e.preventDefault();
      const option = options[active];
      if (option) pick(option.board);
      else if (active === newAt) newBoard();
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setQuery("");
      }
    } else if (e.key === "Tab") {
      setOpen(false);
      setQuery("");
    }
  };

  const count = boards?.length ?? 0;
  const rows: JSX.Element[] = [];
  options.forEach((o, i) => {
    const previous = options[i - 1];
    if (o.group === "recent" && i === 0)
      rows.push(
        <div key="g-recent" class="board-list-group" role="presentation">
          Recent
        </div>,
      );
    if (o.group === "all" && (!previous || previous.group === "recent"))
      rows.push(
        <div key="g-all" class="board-list-group" role="presentation">
          {query ? "Matching boards" : `All boards (${count})`}
        </div>,
      );
    rows.push(
      // The combobox pattern: options are not focusable, the input's aria-activedescendant points at one.
      // biome-ignore lint/a11y/useFocusableInteractive: see above
      // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keys
      <div
        key={`${o.group}-${o.board.id}`}
        id={optionId(i)}
        data-index={i}
        data-board-id={o.board.id}
        role="option"
        aria-selected={o.board.id === props.value}
        class={`board-option ${i === active ? "active" : ""} ${o.board.id === props.value ? "chosen" : ""}`}
        onMouseDown={(e) => e.preventDefault()}
        onMouseEnter={() => setActive(i)}
        onClick={() => pick(o.board)}
      >
        {o.board.name}
        {o.board.id === props.value ? <span aria-hidden="true"> ✓</span> : null}
      </div>,
    );
  });
  return (
    <div class={`board-picker ${open ? "open" : ""}`}>
      <div class="board-picker-control">
        <input
          id={props.id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-label={props.label}
          aria-activedescendant={open && (options[active] || active === newAt) ? optionId(active) : undefined}
          aria-invalid={props.invalid ? "true" : undefined}
          aria-describedby={props.describedBy}
          placeholder={boards ? (props.placeholder ?? `Choose one of ${count} boards…`) : "Loading boards…"}
          value={open ? query : (selected?.name ?? "")}
          onClick={() => {
            if (!open) setActive(0);
            setOpen(true);
          }}
          onInput={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setActive(0);
            setOpen(true);
          }}
          onBlur={() => {
            setOpen(false);
            setQuery("");
          }}
          onKeyDown={onKeyDown}
        />
        <span class="board-picker-caret" aria-hidden="true">
          ▾
        </span>
      </div>
      {open ? (
        <div class="board-list" id={listId} role="listbox" ref={listRef} aria-label="Boards">
          {!boards ? <div class="board-list-note">{error ? error.message : "Loading boards…"}</div> : null}
          {boards && options.length === 0 ? (
            <div class="board-list-note">No board matches “{query}”.</div>
          ) : null}
          {rows}
          {props.onNewBoard ? (
            // biome-ignore lint/a11y/useFocusableInteractive: an option of the combobox, as above
            // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keys
            <div
              id={optionId(newAt)}
              data-index={newAt}
              role="option"
              aria-selected={false}
              class={`board-option board-option-new ${active === newAt ? "active" : ""}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(newAt)}
              onClick={newBoard}
            >
              + New board…
            </div>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p class="error-text">
          {error.message}{" "}
          <button type="button" class="link-button" onClick={reload}>
            Try again
          </button>
        </p>
      ) : null}
    </div>
  );
}

/** Several boards at once (spreading a pin): a searchable list of checkboxes, recent boards first. */
export function BoardChecklist(props: {
  id: string;
  profileId: number | undefined;
  value: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  max?: number;
}) {
  const { boards, error } = useBoards(props.profileId);
  const recent = useRecentBoards(props.profileId);
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const ordered = [
    ...recent.map((id) => boards?.find((b) => b.id === id)).filter((b): b is Board => Boolean(b)),
    ...(boards ?? []).filter((b) => !recent.includes(b.id)),
  ].filter((b) => !q || b.name.toLowerCase().includes(q) || props.value.has(b.id));
  const full = props.max !== undefined && props.value.size >= props.max;
  return (
    <div class="board-checklist">
      <input
        id={props.id}
        type="search"
        placeholder="Search boards…"
        aria-label="Search boards"
        value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
      />
      {error ? <p class="error-text">{error.message}</p> : null}
      <ul class="board-checks" aria-label="Boards">
        {!boards ? <li class="muted small">Loading boards…</li> : null}
        {ordered.map((b) => {
          const on = props.value.has(b.id);
          return (
            <li key={b.id}>
              <label class="check">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!on && full}
                  onChange={(e) => {
                    const next = new Set(props.value);
                    if ((e.target as HTMLInputElement).checked) next.add(b.id);
                    else next.delete(b.id);
                    props.onChange(next);
                  }}
                />
                {b.name}
              </label>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
