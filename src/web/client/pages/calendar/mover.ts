/**
 * Moving pins on the calendar, three ways to the same drop:
 * - a mouse or pen drags a card (`data-drag-pin`) onto a drop target (`data-drop`): pointer events, a ghost
 *   that follows the pointer, the target under it highlighted;
 * - the keyboard: Space on a focused card picks it up, the arrow keys move the target, Enter or Space drops,
 *   Escape puts it back;
 * - touch: a card's "Move" button picks it up, then a tap on a day or slot drops it (a finger dragging on a
 *   phone scrolls the page, as it should).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Target } from "./model";

export interface Moving {
  pinId: number;
  target: Target | null;
  via: "pointer" | "keys" | "tap";
}

export function targetOf(el: Element | null): Target | null {
  const t = el?.closest<HTMLElement>("[data-drop]");
  if (!t) return null;
  const { drop, day, hour, at } = t.dataset;
  if (drop === "slot" && at) return { kind: "slot", at: Number(at) };
  if (drop === "cell" && day && hour) return { kind: "cell", day, hour: Number(hour) };
  if (drop === "day" && day) return { kind: "day", day };
  return null;
}

export const sameTarget = (a: Target | null, b: Target | null) => JSON.stringify(a) === JSON.stringify(b);

/** Swallows the click that follows a drag's pointerup (the card is a link: it must not open). */
function swallowNextClick() {
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopPropagation();
  };
  window.addEventListener("click", swallow, { capture: true, once: true });
  setTimeout(() => window.removeEventListener("click", swallow, { capture: true }), 0);
}

export function useMover(opts: {
  root: { current: HTMLElement | null };
  onDrop(pinId: number, target: Target): void;
  /** The next keyboard target from `target` for an arrow key (null: stay). */
  step(target: Target, key: string): Target | null;
}) {
  const [moving, setMoving] = useState<Moving | null>(null);
  const latest = useRef(opts);
  latest.current = opts;
  const movingRef = useRef(moving);
  movingRef.current = moving;

  // Pointer dragging (mouse and pen).
  useEffect(() => {
    const root = opts.root.current;
    if (!root) return;
    const onPointerDown = (e: PointerEvent) => {
      if (e.button !== 0 || e.pointerType === "touch" || movingRef.current) return;
      const card = (e.target as Element).closest<HTMLElement>("[data-drag-pin]");
      if (!card || (e.target as Element).closest("button")) return;
      const pinId = Number(card.dataset.dragPin);
      const start = { x: e.clientX, y: e.clientY };
      let ghost: HTMLElement | null = null;
      let over: HTMLElement | null = null;
      let last = { x: e.clientX, y: e.clientY };
      let scrolling = 0;
      const hitTest = () => {
        const hit = document.elementFromPoint(last.x, last.y)?.closest<HTMLElement>("[data-drop]") ?? null;
        if (hit !== over) {
          over?.classList.remove("drop-over");
          hit?.classList.add("drop-over");
          over = hit;
        }
      };
      // Near the top or bottom of the window the page scrolls, so a pin can travel further than one screen.
      const autoScroll = () => {
        const edge = 48;
        const dy = last.y < edge ? -14 : last.y > window.innerHeight - edge ? 14 : 0;
        if (!ghost || dy === 0) {
          scrolling = 0;
          return;
        }
        window.scrollBy(0, dy);
        hitTest();
        scrolling = requestAnimationFrame(autoScroll);
      };
      const onMove = (ev: PointerEvent) => {
        last = { x: ev.clientX, y: ev.clientY };
        if (!ghost) {
          if (Math.hypot(ev.clientX - start.x, ev.clientY - start.y) < 6) return;
          ghost = card.cloneNode(true) as HTMLElement;
          ghost.classList.add("drag-ghost");
          ghost.removeAttribute("data-drag-pin");
          ghost.setAttribute("aria-hidden", "true");
          ghost.style.width = `${card.getBoundingClientRect().width}px`;
          document.body.append(ghost);
          card.classList.add("drag-source");
          document.body.classList.add("is-dragging");
          setMoving({ pinId, target: null, via: "pointer" });
        }
        ghost.style.transform = `translate(${ev.clientX + 10}px, ${ev.clientY + 10}px)`;
        hitTest();
        if (!scrolling) scrolling = requestAnimationFrame(autoScroll);
      };
      const finish = (drop: boolean) => {
        window.removeEventListener("pointermove", onMove);
        window.removeEventListener("pointerup", onUp);
        window.removeEventListener("keydown", onKey, true);
        cancelAnimationFrame(scrolling);
        if (!ghost) return;
        ghost.remove();
        card.classList.remove("drag-source");
        document.body.classList.remove("is-dragging");
        over?.classList.remove("drop-over");
        swallowNextClick();
        setMoving(null);
        const target = targetOf(over);
        if (drop && target) latest.current.onDrop(pinId, target);
      };
      const onUp = () => finish(true);
      const onKey = (ev: KeyboardEvent) => {
        if (ev.key === "Escape") {
          ev.preventDefault();
          finish(false);
        }
      };
      window.addEventListener("pointermove", onMove);
      window.addEventListener("pointerup", onUp);
      window.addEventListener("keydown", onKey, true);
    };
    const noNativeDrag = (e: DragEvent) => {
      if ((e.target as Element).closest?.("[data-drag-pin]")) e.preventDefault();
    };
    root.addEventListener("pointerdown", onPointerDown);
    root.addEventListener("dragstart", noNativeDrag);
    return () => {
      root.removeEventListener("pointerdown", onPointerDown);
      root.removeEventListener("dragstart", noNativeDrag);
    };
  }, [opts.root.current]);

  // Keyboard moving: arrows move the target, Enter/Space drop, Escape cancels. The listeners are always
  // there (and idle when nothing moves), so a key pressed right after the pick-up is not lost.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const m = movingRef.current;
      if (!m || m.via === "pointer") return;
      if (e.key === "Escape" || (e.key === "Tab" && m.via === "keys")) {
        if (e.key === "Escape") e.preventDefault();
        movingRef.current = null;
        setMoving(null);
        return;
      }
      if (m.via !== "keys") return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        e.stopPropagation();
        movingRef.current = null;
        setMoving(null);
        if (m.target) latest.current.onDrop(m.pinId, m.target);
        return;
      }
      if (!m.target || !e.key.startsWith("Arrow")) return;
      e.preventDefault();
      const next = latest.current.step(m.target, e.key);
      if (next) {
        movingRef.current = { ...m, target: next };
        setMoving(movingRef.current);
      }
    };
    // Taps (touch "Move" mode): a tap on a drop target drops there; a tap elsewhere cancels.
    const onClick = (e: MouseEvent) => {
      const m = movingRef.current;
      if (m?.via !== "tap") return;
      if ((e.target as Element).closest("[data-move-button]")) return;
      const target = targetOf(e.target as Element);
      e.preventDefault();
      e.stopPropagation();
      movingRef.current = null;
      setMoving(null);
      if (target) latest.current.onDrop(m.pinId, target);
    };
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("click", onClick, true);
    };
  }, []);

  const set = (next: Moving | null) => {
    movingRef.current = next;
    setMoving(next);
  };
  return {
    moving,
    begin: (pinId: number, target: Target, via: "keys" | "tap") => set({ pinId, target, via }),
    cancel: () => set(null),
  };
}
