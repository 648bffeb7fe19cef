/** createApp(runtime): the Elysia root, every route mounted here and only here. It never listens: cli/serve.ts does, tests call app.handle(). */
import { Elysia } from "elysia";
import { adminRoutes } from "./admin/admin.routes";
import { analyticsRoutes } from "./analytics/analytics.routes";
import { apiKeysRoutes } from "./apikeys/apikeys.routes";
import { authRoutes } from "./auth/auth.routes";
import { authenticate } from "./auth/auth.service";
import { boardsRoutes } from "./boards/boards.routes";
import { collectionsRoutes } from "./collections/collections.routes";
import { engineOf } from "./db/database";
import { countRequest } from "./db/rate-counters";
import { docsRoutes } from "./docs/docs.routes";
import { eventsRoutes } from "./events/events.routes";
import { feedsRoutes } from "./feeds/feeds.routes";
import { healthRoutes } from "./health/health.routes";
import { authPlugin } from "./http/auth";
import { errorHandler } from "./http/error-handler";
import { BUN_LIMITS, requestLimits } from "./http/limits";
import { createRateLimiter } from "./http/rate-limit";
import { requestLog } from "./http/request-log";
import { importsRoutes } from "./imports/imports.routes";
import { pinsRoutes, VIDEO_UPLOAD_ROUTE } from "./pins/pins.routes";
import { profilesRoutes } from "./profiles/profiles.routes";
import type { Runtime } from "./runtime";
import { scheduleRoutes } from "./schedule/schedule.routes";
import { uploadsRoutes } from "./uploads/uploads.routes";
import { webRoutes } from "./web/web.routes";
import { webhooksRoutes } from "./webhooks/webhooks.routes";

export function createApp({ deps, publisher, scheduler }: Runtime) {
  const auth = authPlugin(
    (credentials) => authenticate(deps, credentials),
    () => deps.config,
  );
  // Bun's own size limits answer bare 413/431s: they sit above PinFlow's, which answer JSON (src/http/limits.ts).
  const app = new Elysia({ serve: BUN_LIMITS })
    .use(requestLog(deps.log, deps.ids, { hsts: deps.config.publicUrl.startsWith("https:") }))
    .use(errorHandler(deps.log, deps.config.basePath))
    .use(requestLimits(new Set([VIDEO_UPLOAD_ROUTE])))
    .use(
      createRateLimiter({
        clock: deps.clock,
        enabled: deps.config.rateLimits === "on",
        trustProxy: deps.config.trustProxy,
        // several processes on PostgreSQL count every client's requests in the database
        shared:
          engineOf(deps.db) === "postgres" ? (key, window) => countRequest(deps.db, key, window) : undefined,
      }),
    )
    .use(healthRoutes(deps, scheduler))
    .use(authRoutes(deps, auth))
    .use(apiKeysRoutes(deps, auth))
    .use(profilesRoutes(deps, auth))
    .use(scheduleRoutes(deps, auth))
    .use(adminRoutes(deps, auth, scheduler))
    .use(uploadsRoutes(deps, auth))
    .use(importsRoutes(deps, auth))
    .use(pinsRoutes(deps, auth, publisher))
    .use(boardsRoutes(deps, auth))
    .use(analyticsRoutes(deps, auth))
    .use(collectionsRoutes(deps, auth))
    .use(webhooksRoutes(deps, auth))
    .use(feedsRoutes(deps, auth))
    .use(eventsRoutes(deps, auth))
    .use(webRoutes(deps.config.basePath));
  if (deps.emulator) app.use(deps.emulator.app);
  // /openapi.json and /docs describe the app as mounted above
  app.use(docsRoutes(deps, app));
  return app;
}

export type App = ReturnType<typeof createApp>;
