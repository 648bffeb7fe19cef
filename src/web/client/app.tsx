import type { ComponentChildren } from "preact";
import { useEffect, useMemo } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { BASE, withBase, withoutBase } from "./base";
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

/**
 * The router's location without the base path: routes, `path` and `route("/app/…")` stay as they are in
 * pages.ts, and `route` asks the browser for the path under the base. preact-iso intercepts clicks on links
 * in its scope (their href is written with withBase) and hands on the browser's full path, taken off here.
 */
function WithoutBase(props: { children: ComponentChildren }) {
  const location = useLocation();
  const inner = useMemo(
    () => ({
      ...location,
      url: withoutBase(location.url),
      path: withoutBase(location.path),
      route: (to: string, replace?: boolean) => location.route(withBase(to), replace),
    }),
    [location],
  );
  return <LocationProvider.ctx.Provider value={inner}>{props.children}</LocationProvider.ctx.Provider>;
}

export function App() {
  return (
    <LocationProvider scope={`${BASE}/app`}>
      <WithoutBase>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </WithoutBase>
    </LocationProvider>
  );
}
