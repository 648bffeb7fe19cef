import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useSession } from "../session";

const NAV = [
  { href: "/app/queue", label: "Queue", icon: "☰" },
  { href: "/app/calendar", label: "Calendar", icon: "▦" },
  { href: "/app/pins", label: "Pins", icon: "◉" },
  { href: "/app/collections", label: "Collections", icon: "❏" },
  { href: "/app/boards", label: "Boards", icon: "▤" },
  { href: "/app/analytics", label: "Analytics", icon: "▲" },
  { href: "/app/webhooks", label: "Webhooks", icon: "↯" },
  { href: "/app/import", label: "Import", icon: "⇪" },
  { href: "/app/feeds", label: "Feeds", icon: "≋" },
];

export function EmulatorBanner() {
  const { mode } = useSession();
  if (mode !== "emulator") return null;
  return (
    <div class="emulator-banner" role="note">
      <strong>Demo mode.</strong> No Pinterest app is configured, so PinFlow uses its built-in Pinterest
      emulator: nothing is posted to real Pinterest. <a href="/emulator/pinterest/">See the demo Pinterest</a>
    </div>
  );
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
      <a class="connect-link" href="/auth/login?connect=1">
        + Connect another account
      </a>
    </div>
  );
}

export function Layout(props: { children: ComponentChildren }) {
  const { me, selected } = useSession();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const link = (href: string, label: string, icon: string) => (
    <a
      key={href}
      href={href}
      class={`nav-link ${path.startsWith(href) ? "active" : ""}`}
      aria-current={path.startsWith(href) ? "page" : undefined}
      onClick={() => setOpen(false)}
    >
      <span class="nav-icon" aria-hidden="true">
        {icon}
      </span>
      {label}
    </a>
  );
  return (
    <div class="shell">
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
        <a href="/app/queue" class="brand">
          <span class="brand-dot" aria-hidden="true" />
          PinFlow
        </a>
        <a class="btn btn-primary btn-small" href="/app/compose">
          + New pin
        </a>
      </div>
      <div class={`frame ${open ? "menu-open" : ""}`}>
        <nav id="sidebar" class={`sidebar ${open ? "open" : ""}`} aria-label="Main">
          <a href="/app/queue" class="brand brand-side">
            <span class="brand-dot" aria-hidden="true" />
            PinFlow
          </a>
          <a class="btn btn-primary new-pin" href="/app/compose" onClick={() => setOpen(false)}>
            + New pin
          </a>
          <div class="nav">{NAV.map((n) => link(n.href, n.label, n.icon))}</div>
          {me?.is_admin ? <div class="nav">{link("/app/admin", "Admin", "★")}</div> : null}
          <div class="sidebar-bottom">
            <ProfileSwitcher />
            {selected?.needs_reconnect ? (
              <a class="reconnect" href="/auth/login?connect=1">
                @{selected.pinterest_username} needs to be reconnected
              </a>
            ) : null}
            <div class="sidebar-footer">
              <span class="who" title={me?.username}>
                {me?.username}
              </span>
              <a href="/app/settings" class="gear" aria-label="Settings" title="Settings">
                ⚙
              </a>
              <form method="post" action="/auth/logout">
                <button type="submit" class="btn btn-ghost btn-small">
                  Sign out
                </button>
              </form>
            </div>
            <a class="docs-link" href="/docs">
              API reference
            </a>
          </div>
        </nav>
        <main class="main" id="main">
          {props.children}
        </main>
      </div>
    </div>
  );
}
