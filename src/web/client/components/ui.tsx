import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { STATUS_WORDS } from "../format";

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

export function ErrorText(props: { error: string | null | undefined; id?: string }) {
  if (!props.error) return null;
  return (
    <p class="error-text" role="alert" id={props.id}>
      {props.error}
    </p>
  );
}

export function Notice(props: { kind?: "info" | "success" | "warn"; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind ?? "info"}`} role="status">
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

export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <h3>{props.title}</h3>
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
      <div>
        <h1>{props.title}</h1>
        {props.subtitle ? <p class="subtitle">{props.subtitle}</p> : null}
      </div>
      <div class="page-actions">{props.children}</div>
    </header>
  );
}

export function Field(props: {
  label: string;
  id: string;
  hint?: ComponentChildren;
  error?: string | null;
  count?: { value: number; max: number };
  children: ComponentChildren;
}) {
  const over = props.count && props.count.value > props.count.max;
  return (
    <div class={`field ${props.error ? "field-error" : ""}`}>
      <div class="field-label">
        <label for={props.id}>{props.label}</label>
        {props.count ? (
          <span class={`counter ${over ? "over" : ""}`} aria-live="polite">
            {props.count.value}/{props.count.max}
          </span>
        ) : null}
      </div>
      {props.children}
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <ErrorText error={props.error} />
    </div>
  );
}

export function Tabs(props: {
  tabs: Array<{ id: string; label: string }>;
  active: string;
  onChange(id: string): void;
}) {
  return (
    <div class="tabs" role="tablist">
      {props.tabs.map((t) => (
        <button
          type="button"
          role="tab"
          key={t.id}
          id={`tab-${t.id}`}
          aria-selected={props.active === t.id}
          class={`tab ${props.active === t.id ? "active" : ""}`}
          onClick={() => props.onChange(t.id)}
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
