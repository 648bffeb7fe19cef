/** createApp(deps): the Elysia root. It never listens; main.ts does, tests call app.handle(). */
import { Elysia } from "elysia";
import type { Deps } from "./deps";
import { healthRoutes } from "./health/health.routes";
import { errorHandler } from "./http/error-handler";
import { requestLog } from "./http/request-log";

/** Uploads are capped at 10 MB; Bun answers bodies above this with a bare 413 before Elysia sees them. */
export const MAX_BODY_BYTES = 11 * 1024 * 1024;

export function createApp(deps: Deps) {
  return new Elysia({ serve: { maxRequestBodySize: MAX_BODY_BYTES } })
    .use(requestLog(deps.log, deps.ids))
    .use(errorHandler(deps.log))
    .use(healthRoutes(deps));
}

export type App = ReturnType<typeof createApp>;
