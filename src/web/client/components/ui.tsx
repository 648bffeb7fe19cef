import type { ButtonHTMLAttributes, ComponentChildren, Ref } from "preact";
import type { ApiError } from "../api";
import { withBase } from "../base";
import { timeLabel } from "../dates";
import { STATUS_WORDS } from "../format";
import { useSession } from "../session";

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: "primary" | "secondary" | "danger" | "ghost";
    busy?: boolean;
  },
) {
  const { variant = "secondary", busy, children, class: cls, disabled, ...rest } = props;
  return (
    <button
      type="button"
      class={`btn btn-${variant} ${cls ?? ""}`}
      disabled={Boolean(disabled) || busy}
      aria-busy={busy}
      {...rest}
    >
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

/** The next midnight UTC, in the user's time zone: when the daily limit resets. */
function resetTime(timeZone: string): string {
  const now = new Date();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return timeLabel(midnight, timeZone);
}

/** A daily or monthly limit was reached: what it is, when it resets, and who can raise it. */
function LimitMessage(props: { error: ApiError }) {
  const { me } = useSession();
  const n = /of (\d+)/.exec(props.error.detail)?.[1];
  const daily = props.error.code === "quotas.daily";
  const zone = me?.timezone ?? "UTC";
  return (
    <>
      {daily
        ? n === "0"
          ? "This account's daily limit is 0 new pins, so it cannot create pins yet."
          : `You have reached today's limit of ${n ?? "your"} new pin${n === "1" ? "" : "s"}. It resets at midnight UTC${zone === "UTC" ? "" : ` (${resetTime(zone)} your time)`}.`
        : `Your plan's monthly limit of ${n ?? "its"} pins is reached.`}{" "}
      {me?.is_admin ? (
        <>
          You are an admin:{" "}
          <a href={withBase("/app/admin")}>
            raise {daily ? "your daily limit" : "the plan's limit"} on the Admin page
          </a>
          .
        </>
      ) : (
        "Ask the admin of this PinFlow to raise it."
      )}
    </>
  );
}

/** An error in words. `id` lets a field point at it (aria-describedby). */
export function ErrorText(props: {
  error: ApiError | string | null | undefined;
  id?: string;
  focusRef?: Ref<HTMLParagraphElement>;
}) {
  const { error } = props;
  if (!error) return null;
  const isLimit =
    typeof error !== "string" && (error.code === "quotas.daily" || error.code === "quotas.monthly");
  return (
    <p class="error-text" role="alert" id={props.id} ref={props.focusRef} tabIndex={-1}>
      {typeof error === "string" ? error : isLimit ? <LimitMessage error={error} /> : error.message}
    </p>
  );
}

export function Notice(props: {
  kind?: "info" | "success" | "warn";
  children: ComponentChildren;
  id?: string;
  focusRef?: Ref<HTMLDivElement>;
}) {
  return (
    <div
      class={`notice notice-${props.kind ?? "info"}`}
      role="status"
      id={props.id}
      ref={props.focusRef}
      tabIndex={-1}
    >
      {props.children}
    </div>
  );
}

export function StatusChip(props: { status: string }) {
  return <span class={`chip chip-${props.status}`}>{STATUS_WORDS[props.status] ?? props.status}</span>;
}

export function Loading(props: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {props.label ?? "Loading…"}
    </div>
  );
}

/** An empty state: what is (not) here, and what to do first. */
export function Empty(props: { title: string; children?: ComponentChildren; icon?: string }) {
  return (
    <div class="empty">
      {props.icon ? (
        <div class="empty-icon" aria-hidden="true">
          {props.icon}
        </div>
      ) : null}
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}

export function PageHeader(props: {
  title: string;
  children?: ComponentChildren;
  subtitle?: ComponentChildren;
}) {
  return (
    <header class="page-header">
      <div class="page-title">
        <h1 tabIndex={-1}>{props.title}</h1>
        {props.subtitle ? <div class="subtitle">{props.subtitle}</div> : null}
      </div>
      {props.children ? <div class="page-actions">{props.children}</div> : null}
    </header>
  );
}

/** The ids a field's input should carry so its hint and error are read with it. */
export const fieldAria = (id: string, error: string | null | undefined, hint?: boolean) => ({
  id,
  "aria-invalid": error ? ("true" as const) : undefined,
  "aria-describedby":
    [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined,
});

export function Field(props: {
  label: ComponentChildren;
  id: string;
  hint?: ComponentChildren;
  error?: string | null;
  count?: { value: number; max: number };
  children: ComponentChildren;
  class?: string;
}) {
  const over = props.count && props.count.value > props.count.max;
  return (
    <div class={`field ${props.error ? "field-error" : ""} ${props.class ?? ""}`}>
      <div class="field-label">
        <label for={props.id}>{props.label}</label>
        {props.count ? (
          <span class={`counter ${over ? "over" : ""}`} aria-live="polite">
            {props.count.value}/{props.count.max}
          </span>
        ) : null}
      </div>
      {props.children}
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-text" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function Tabs(props: {
  tabs: Array<{ id: string; label: string }>;
  active: string;
  onChange(id: string): void;
  label?: string;
}) {
  const move = (e: KeyboardEvent, index: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length];
    if (!next) return;
    props.onChange(next.id);
    requestAnimationFrame(() => document.getElementById(`tab-${next.id}`)?.focus());
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((t, i) => (
        <button
          type="button"
          role="tab"
          key={t.id}
          id={`tab-${t.id}`}
          aria-selected={props.active === t.id}
          tabIndex={props.active === t.id ? 0 : -1}
          class={`tab ${props.active === t.id ? "active" : ""}`}
          onClick={() => props.onChange(t.id)}
          onKeyDown={(e) => move(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function Progress(props: { value: number; label: string }) {
  return (
    <div
      class="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuenow={Math.round(props.value * 100)}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div class="progress-bar" style={{ width: `${Math.round(props.value * 100)}%` }} />
    </div>
  );
}

/** A polite live region: screen readers hear what changed (a pin moved, a batch queued). */
export function Announcer(props: { message: string }) {
  return (
    <div class="sr-only" aria-live="polite" role="status">
      {props.message}
    </div>
  );
}
