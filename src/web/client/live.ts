/**
 * The dashboard stays live on one EventSource per tab (GET /events, src/events/): the server says what
 * changed, pages reload what they show of it. EventSource reconnects by itself and sends Last-Event-ID;
 * the server then replays what was missed or says `reset` (reload everything), which listeners get as a
 * `reset` event. Idle, a tab costs one open connection and a keep-alive comment every 20 s.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ChangeDto } from "../../events/events.schema";
import { withBase } from "./base";

export type LiveEvent = ChangeDto | { kind: "reset" };
export type LiveState = "connecting" | "live" | "offline";

const listeners = new Set<(e: LiveEvent) => void>();
const stateListeners = new Set<(s: LiveState) => void>();
let source: EventSource | null = null;
let state: LiveState = "connecting";
let retry: ReturnType<typeof setTimeout> | null = null;

const setState = (next: LiveState) => {
  state = next;
  for (const l of stateListeners) l(next);
};
const emit = (e: LiveEvent) => {
  for (const l of listeners) l(e);
};

/**
 * Opens the tab's stream (once), from change `since` (GET /auth/me's X-Change-Id). `onRefused` runs when
 * the server closes it for good (e.g. 401 after the session ended): the caller re-checks who is signed in.
 */
export function connectLive(onRefused: () => void, since: string | null = null): void {
  if (source || typeof EventSource === "undefined") return;
  // From the change the session's first answer saw: whatever changed while the page loaded is replayed.
  const es = new EventSource(withBase(since ? `/events?since=${encodeURIComponent(since)}` : "/events"));
  source = es;
  setState("connecting");
  es.addEventListener("ready", () => setState("live"));
  es.addEventListener("reset", () => {
    setState("live");
    emit({ kind: "reset" });
  });
  for (const kind of ["pin", "profile", "account"] as const) {
    es.addEventListener(kind, (e) => {
      try {
        emit(JSON.parse((e as MessageEvent<string>).data) as ChangeDto);
      } catch {
        // not ours
      }
    });
  }
  es.onerror = () => {
    if (es.readyState !== EventSource.CLOSED) {
      setState("connecting");
      return;
    }
    // Refused (401/403) or not an event stream: EventSource gives up. Re-check the session, try later.
    setState("offline");
    source = null;
    onRefused();
    retry ??= setTimeout(() => {
      retry = null;
      connectLive(onRefused);
    }, 15_000);
  };
}

export function disconnectLive(): void {
  source?.close();
  source = null;
  if (retry) clearTimeout(retry);
  retry = null;
  setState("offline");
}

/** Calls `onEvent` for every change (and `reset`) while the component is mounted. */
export function useLive(onEvent: (e: LiveEvent) => void): void {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    const l = (e: LiveEvent) => latest.current(e);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
}

export function useLiveState(): LiveState {
  const [s, set] = useState(state);
  useEffect(() => {
    stateListeners.add(set);
    set(state);
    return () => void stateListeners.delete(set);
  }, []);
  return s;
}

/** Matchers for useLoad's `live` option. */
export const onPins = (e: LiveEvent) => e.kind === "pin" || e.kind === "reset";
export const onPin = (id: number) => (e: LiveEvent) =>
  (e.kind === "pin" && e.id === id) || e.kind === "reset";
export const onProfiles = (e: LiveEvent) => e.kind === "profile" || e.kind === "reset";
