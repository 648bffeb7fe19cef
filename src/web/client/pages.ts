/**
 * Every page of the dashboard, in one list: the router (app.tsx) mounts them and the sidebar (layout.tsx)
 * shows those with a `nav` entry, in this order. A new page is one line here and a file in pages/.
 */
import type { ComponentType } from "preact";
import { AdminPage } from "./pages/admin";
import { AnalyticsPage } from "./pages/analytics";
import { BoardsPage } from "./pages/boards";
import { CalendarPage } from "./pages/calendar/calendar";
import { CollectionsPage } from "./pages/collections";
import { ComposePage } from "./pages/compose/compose";
import { FeedsPage } from "./pages/feeds";
import { ImportPage } from "./pages/import";
import { PinDetailPage } from "./pages/pin-detail";
import { PinsPage } from "./pages/pins";
import { QueuePage } from "./pages/queue";
import { SchedulePage } from "./pages/schedule";
import { SettingsPage } from "./pages/settings";
import { WebhooksPage } from "./pages/webhooks";

export interface PageDef {
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: route components take the router's props
  component: ComponentType<any>;
  nav?: { label: string; icon: string; adminOnly?: boolean };
}

/** Where "/" and "/app" go: the calendar is the home of a creator's week. */
export const HOME = "/app/calendar";

export const PAGES: PageDef[] = [
  { path: "/app/calendar", component: CalendarPage, nav: { label: "Calendar", icon: "▦" } },
  { path: "/app/queue", component: QueuePage, nav: { label: "Queue", icon: "☰" } },
  { path: "/app/pins", component: PinsPage, nav: { label: "Pins", icon: "◉" } },
  { path: "/app/pins/:id", component: PinDetailPage },
  { path: "/app/compose", component: ComposePage },
  { path: "/app/schedule", component: SchedulePage, nav: { label: "Posting schedule", icon: "◷" } },
  { path: "/app/collections", component: CollectionsPage, nav: { label: "Collections", icon: "❏" } },
  { path: "/app/collections/:id", component: CollectionsPage },
  { path: "/app/boards", component: BoardsPage, nav: { label: "Boards", icon: "▤" } },
  { path: "/app/analytics", component: AnalyticsPage, nav: { label: "Analytics", icon: "▲" } },
  { path: "/app/webhooks", component: WebhooksPage, nav: { label: "Webhooks", icon: "↯" } },
  { path: "/app/webhooks/:id", component: WebhooksPage },
  { path: "/app/import", component: ImportPage, nav: { label: "Import", icon: "⇪" } },
  { path: "/app/feeds", component: FeedsPage, nav: { label: "Feeds", icon: "≋" } },
  { path: "/app/feeds/:id", component: FeedsPage },
  { path: "/app/admin", component: AdminPage, nav: { label: "Admin", icon: "★", adminOnly: true } },
  { path: "/app/settings", component: SettingsPage },
];
