import { useEffect } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { Layout } from "./components/layout";
import { Loading } from "./components/ui";
import { HOME, PAGES } from "./pages";
import { NotFound } from "./pages/not-found";
import { PendingPage } from "./pages/pending";
import { SignInPage } from "./pages/signin";
import { SessionProvider, useSession } from "./session";

const NAV = PAGES.flatMap((p) => (p.nav ? [{ href: p.path, ...p.nav }] : []));

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
  if (path === "/" || path === "/app" || path === "/app/") return <Redirect to={HOME} />;
  return (
    <Layout home={HOME} nav={NAV}>
      <Router>
        {PAGES.map((p) => (
          <Route key={p.path} path={p.path} component={p.component} />
        ))}
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
