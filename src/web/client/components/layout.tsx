import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { withBase } from "../base";
import { useLiveState } from "../live";
import { useSession } from "../session";
import { EmulatorBanner } from "./banner";

export interface NavItem {
  href: string;
  label: string;
  icon: string;
  adminOnly?: boolean;
}

function ProfileSwitcher() {
  const { profiles, selected, selectProfile } = useSession();
  return (
    <div class="profile-switcher">
      <label for="profile-select">Pinterest account</label>
      <select
        id="profile-select"
        value={selected?.id ?? ""}
        onChange={(e) => void selectProfile(Number((e.target as HTMLSelectElement).value))}
      >
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            @{p.pinterest_username}
            {p.needs_reconnect ? " (reconnect!)" : ""}
          </option>
        ))}
      </select>
      <a class="connect-link" href={withBase("/auth/login?connect=1")}>
        + Connect another account
      </a>
    </div>
  );
}

/** A small "Live" mark: the tab follows changes as they happen (or says it is reconnecting). */
function LiveMark() {
  const state = useLiveState();
  const text = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Offline";
  const title =
    state === "live"
      ? "Changes show up here as they happen."
      : state === "connecting"
        ? "Reconnecting to PinFlow: changes will show up once it is back."
        : "Not receiving changes: reload the page to see the latest.";
  return (
    <span class={`live-mark live-${state}`} title={title} data-live={state}>
      <span class="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/**
 * After a navigation (not the first render), keyboard and screen-reader focus goes to the new page's
 * heading, and the window title follows it.
 */
function useFocusOnNavigation(path: string) {
  const first = useRef(true);
  useEffect(() => {
    let frames = 0;
    let id = 0;
    const focusHeading = () => {
      const h1 = document.querySelector<HTMLElement>("#main h1");
      // the page may show its heading only once its data is in: look again for a while (about a second)
      if (!h1) {
        if (++frames < 60) id = requestAnimationFrame(focusHeading);
        return;
      }
      document.title = `${h1.textContent} · PinFlow`;
      if (first.current) {
        first.current = false;
        return;
      }
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    };
    id = requestAnimationFrame(focusHeading);
    return () => cancelAnimationFrame(id);
  }, [path]);
}

export function Layout(props: { nav: NavItem[]; home: string; children: ComponentChildren }) {
  const { me, selected } = useSession();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  useFocusOnNavigation(path);
  const link = (n: NavItem) => {
    const active = path === n.href || path.startsWith(`${n.href}/`);
    return (
      <a
        key={n.href}
        href={withBase(n.href)}
        class={`nav-link ${active ? "active" : ""}`}
        aria-current={active ? "page" : undefined}
        onClick={() => setOpen(false)}
      >
        <span class="nav-icon" aria-hidden="true">
          {n.icon}
        </span>
        {n.label}
      </a>
    );
  };
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <EmulatorBanner />
      <div class="topbar">
        <button
          type="button"
          class="menu-button"
          aria-expanded={open}
          aria-controls="sidebar"
          onClick={() => {
            if (!open) window.scrollTo(0, 0);
            setOpen(!open);
          }}
        >
          <span aria-hidden="true">☰</span>
          <span class="sr-only">Menu</span>
        </button>
        <a href={withBase(props.home)} class="brand">
          <span class="brand-dot" aria-hidden="true" />
          PinFlow
        </a>
        <a class="btn btn-primary btn-small" href={withBase("/app/compose")}>
          + New pin
        </a>
      </div>
      <div class={`frame ${open ? "menu-open" : ""}`}>
        <nav id="sidebar" class={`sidebar ${open ? "open" : ""}`} aria-label="Main">
          <a href={withBase(props.home)} class="brand brand-side">
            <span class="brand-dot" aria-hidden="true" />
            PinFlow
          </a>
          <a class="btn btn-primary new-pin" href={withBase("/app/compose")} onClick={() => setOpen(false)}>
            + New pin
          </a>
          <div class="nav">{props.nav.filter((n) => !n.adminOnly).map(link)}</div>
          {me?.is_admin ? <div class="nav">{props.nav.filter((n) => n.adminOnly).map(link)}</div> : null}
          <div class="sidebar-bottom">
            <ProfileSwitcher />
            {selected?.needs_reconnect ? (
              <a class="reconnect" href={withBase("/auth/login?connect=1")}>
                @{selected.pinterest_username} needs to be reconnected
              </a>
            ) : null}
            <div class="sidebar-footer">
              <span class="who" title={me?.username}>
                {me?.username}
              </span>
              <LiveMark />
              <a href={withBase("/app/settings")} class="gear" aria-label="Settings" title="Settings">
                ⚙
              </a>
              <form method="post" action={withBase("/auth/logout")}>
                <button type="submit" class="btn btn-ghost btn-small">
                  Sign out
                </button>
              </form>
            </div>
            <a class="docs-link" href={withBase("/docs")}>
              API reference
            </a>
          </div>
        </nav>
        <main class="main" id="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
    </div>
  );
}
