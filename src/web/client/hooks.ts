import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api";
import { type LiveEvent, useLive } from "./live";

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): Promise<void>;
  setData(update: T | ((current: T | undefined) => T)): void;
}

const asApiError = (err: unknown) =>
  err instanceof ApiError ? err : new ApiError(0, (err as Error)?.message ?? String(err));

/**
 * Loads `fetcher()` now and whenever `deps` change; keeps the last data while reloading. With `live`, it
 * reloads (quietly, coalescing bursts) when a change it cares about arrives on the tab's event stream.
 */
export function useLoad<T>(
  fetcher: () => Promise<T>,
  deps: unknown[],
  opts: { live?: (e: LiveEvent) => boolean } = {},
): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await fetcher();
      if (call === latest.current) {
        setData(() => value);
        setError(null);
      }
    } catch (err) {
      if (call === latest.current) setError(asApiError(err));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);

  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useLive((e) => {
    if (!opts.live?.(e) || pending.current) return;
    // A burst of changes (a batch queued, a reorder) becomes one reload.
    pending.current = setTimeout(() => {
      pending.current = null;
      void reloadRef.current();
    }, 120);
  });
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  return { data, error, loading, reload, setData: setData as Loaded<T>["setData"] };
}

/** Runs an action, tracking busy state and its error (cleared when the next run starts). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (err) {
      setError(asApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return {
    busy,
    error,
    setError: (e: ApiError | string | null) => setError(typeof e === "string" ? new ApiError(0, e) : e),
    run,
  };
}

/** Whether the viewport matches a media query, following it as it changes. */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setMatches(mq.matches);
    mq.addEventListener("change", on);
    on();
    return () => mq.removeEventListener("change", on);
  }, [query]);
  return matches;
}

/** Phone layout (matches the CSS breakpoint). */
export const usePhone = () => useMedia("(max-width: 760px)");

/** Moves keyboard focus to `el` (made focusable) — after a save, an upload, an error. */
export function focusOn(el: Element | null | undefined): void {
  if (!(el instanceof HTMLElement)) return;
  if (!el.matches("a, button, input, select, textarea, [tabindex]")) el.tabIndex = -1;
  el.focus({ preventScroll: false });
}

/** Focuses the first field marked invalid inside `root` (after a refused save), else `fallback`. */
export function focusFirstInvalid(root: ParentNode | null | undefined, fallback?: Element | null): void {
  requestAnimationFrame(() => {
    const field = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    focusOn(field ?? fallback ?? null);
  });
}
