import { useEffect } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { Layout } from "./components/layout";
import { Loading } from "./components/ui";
import { AdminPage } from "./pages/admin";
import { AnalyticsPage } from "./pages/analytics";
import { BoardsPage } from "./pages/boards";
import { CalendarPage } from "./pages/calendar";
import { CollectionsPage } from "./pages/collections";
import { ComposePage } from "./pages/compose";
import { FeedsPage } from "./pages/feeds";
import { ImportPage } from "./pages/import";
import { NotFound } from "./pages/not-found";
import { PendingPage } from "./pages/pending";
import { PinDetailPage } from "./pages/pin-detail";
import { PinsPage } from "./pages/pins";
import { QueuePage } from "./pages/queue";
import { SettingsPage } from "./pages/settings";
import { SignInPage } from "./pages/signin";
import { WebhooksPage } from "./pages/webhooks";
import { SessionProvider, useSession } from "./session";

function Redirect(props: { to: string }) {
  const { route } = useLocation();
  useEffect(() => route(props.to, true), [props.to, route]);
  return null;
}

function Routes() {
  const session = useSession();
  const { path } = useLocation();
  if (session.loading) return <Loading label="Opening PinFlow…" />;
  if (!session.me) return <SignInPage />;
  if (session.me.status !== "approved") return <PendingPage />;
  if (path === "/" || path === "/app" || path === "/app/") return <Redirect to="/app/queue" />;
  return (
    <Layout>
      <Router>
        <Route path="/app/queue" component={QueuePage} />
        <Route path="/app/calendar" component={CalendarPage} />
        <Route path="/app/pins" component={PinsPage} />
        <Route path="/app/pins/:id" component={PinDetailPage} />
        <Route path="/app/compose" component={ComposePage} />
        <Route path="/app/collections" component={CollectionsPage} />
        <Route path="/app/collections/:id" component={CollectionsPage} />
        <Route path="/app/boards" component={BoardsPage} />
        <Route path="/app/analytics" component={AnalyticsPage} />
        <Route path="/app/webhooks" component={WebhooksPage} />
        <Route path="/app/webhooks/:id" component={WebhooksPage} />
        <Route path="/app/import" component={ImportPage} />
        <Route path="/app/feeds" component={FeedsPage} />
        <Route path="/app/feeds/:id" component={FeedsPage} />
        <Route path="/app/admin" component={AdminPage} />
        <Route path="/app/settings" component={SettingsPage} />
        <Route default component={NotFound} />
      </Router>
    </Layout>
  );
}

export function App() {
  return (
    <LocationProvider scope="/app">
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </LocationProvider>
  );
}
