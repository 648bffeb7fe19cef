import { Elysia } from "elysia";
import { publicLink, publicPath } from "../config";
import type { Deps } from "../deps";
import { latestChangeId } from "../events/events.service";
import { type authPlugin, readCookie, readCredentials, SESSION_COOKIE } from "../http/auth";
import { clearCookieHeader, cookieHeader, cookieScope, redirectResponse } from "../http/cookies";
import { htmlResponse, messagePage } from "../http/html";
import { HtmlPage, Redirect, responses } from "../http/responses";
import { setTimezone } from "../users/users.service";
import { CallbackQuery, LoginQuery, MeSchema, UpdateMeSchema } from "./auth.schema";
import * as service from "./auth.service";

const STATE_COOKIE = "oauth_state";
const tags = ["Authentication"];

export const authRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) => {
  // The state cookie only travels to /auth/callback; the session cookie to everything under the base path.
  const stateScope = () => cookieScope(deps.config, "/auth");
  const sessionScope = () => cookieScope(deps.config);
  const home = () => publicPath(deps.config, "/");
  return new Elysia({ name: "auth-routes", prefix: "/auth" })
    .use(auth)
    .get(
      "/login",
      async ({ request, query }) => {
        const canonical = canonicalRedirect(deps, request);
        if (canonical) return canonical;
        const caller = await service.authenticate(deps, readCredentials(request.headers));
        const connectUser = service.connectingUser(caller, query.connect === "1" || query.connect === "true");
        const { state, url } = await service.startLogin(deps, { connectUser });
        const stateCookie = cookieHeader(STATE_COOKIE, state, {
          ...stateScope(),
          maxAgeS: service.STATE_TTL_MS / 1000,
        });
        return redirectResponse(url, 302, [stateCookie]);
      },
      {
        query: LoginQuery,
        detail: {
          summary: "Start Pinterest OAuth flow",
          tags,
          security: [],
          description:
            "For a browser: redirects to Pinterest's OAuth consent page (in emulator mode, to the built-in demo Pinterest). `?connect=1`, sent with your session, adds another Pinterest account to the signed-in user.",
        },
        response: responses({ 302: Redirect }, 403, 422, 429),
      },
    )
    .get(
      "/callback",
      async ({ request, query }) => {
        const result = await service.completeLogin(deps, {
          ...query,
          stateCookie: readCookie(request.headers.get("cookie"), STATE_COOKIE),
        });
        const clearState = clearCookieHeader(STATE_COOKIE, stateScope());
        if (result.kind === "denied") {
          const page = messagePage({
            title: "Sign-in cancelled",
            message: "You did not allow PinFlow to use your Pinterest account, so nothing was connected.",
            link: { href: publicPath(deps.config, "/auth/login"), label: "Try again" },
            basePath: deps.config.basePath,
          });
          const res = htmlResponse(page);
          res.headers.append("set-cookie", clearState);
          return res;
        }
        const session = cookieHeader(SESSION_COOKIE, result.sessionToken, {
          ...sessionScope(),
          maxAgeS: service.SESSION_TTL_MS / 1000,
        });
        return redirectResponse(home(), 302, [clearState, session]);
      },
      {
        query: CallbackQuery,
        detail: {
          summary: "Finish the Pinterest OAuth flow",
          tags,
          security: [],
          description:
            "Where Pinterest sends the browser back: sets the `session` cookie and redirects to the dashboard. If you declined on Pinterest, an HTML page says so. 400 when the sign-in link or Pinterest's one-time code is invalid, expired or already used (sign in again); 502 when Pinterest fails. Not for scripts.",
        },
        response: responses({ 200: HtmlPage, 302: Redirect }, 400, 403, 422, 429, 502),
      },
    )
    .post(
      "/logout",
      async ({ request }) => {
        await service.logout(deps, readCookie(request.headers.get("cookie"), SESSION_COOKIE));
        return redirectResponse(home(), 303, [clearCookieHeader(SESSION_COOKIE, sessionScope())]);
      },
      {
        detail: {
          summary: "Clear session",
          tags,
          security: [],
          description: "Ends the browser session (if any) and clears its cookie. API keys stay valid.",
        },
        response: responses({ 303: Redirect }, 429),
      },
    )
    .get(
      "/me",
      async ({ caller, set }) => {
        set.headers["x-change-id"] = String(await latestChangeId(deps));
        return service.toMeDto(deps, caller.user);
      },
      {
        auth: "signedIn",
        detail: {
          summary: "Get authenticated user profile",
          tags,
          description:
            "Also answers for accounts still pending approval (only suspended accounts get 403). The `X-Change-Id` header is the newest change's id: `GET /events?since=` it, and the stream starts from the state this answer saw.",
        },
        response: responses({ 200: MeSchema }, 401, 403, 429),
      },
    )
    .put(
      "/me",
      async ({ caller, body }) =>
        service.toMeDto(deps, await setTimezone(deps, caller.user.id, body.timezone)),
      {
        auth: "approved",
        body: UpdateMeSchema,
        detail: {
          summary: "Set your timezone",
          tags,
          description: "An IANA timezone (e.g. `Europe/Paris`); the calendar and the daily views use it.",
        },
        response: responses({ 200: MeSchema }, 401, 403, 422, 429),
      },
    );
};

/**
 * Cookies are per host: a sign-in started on http://localhost:8080 would lose its state cookie when
 * Pinterest sends the browser back to the public URL. Without an explicit PINFLOW_PUBLIC_URL, move the
 * browser to the canonical address first. (With one set, a proxy may rewrite Host: never redirect then.)
 */
function canonicalRedirect(deps: Deps, request: Request): Response | null {
  if (deps.config.publicUrlExplicit) return null;
  const url = new URL(request.url);
  const canonical = new URL(deps.config.publicUrl);
  const host = request.headers.get("host");
  if (!host || host === canonical.host) return null;
  // url.pathname is the route's path (the base path was taken off at the edge): the public URL adds it back.
  return redirectResponse(publicLink(deps.config, `${url.pathname}${url.search}`), 302);
}
