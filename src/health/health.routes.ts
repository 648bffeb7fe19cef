import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import { ERROR_DESCRIPTIONS, responses } from "../http/responses";
import type { Scheduler } from "../scheduler/scheduler";
import { HealthSchema } from "./health.schema";
import { createHealthProbe } from "./health.service";

export const healthRoutes = (deps: Deps, scheduler: Scheduler) => {
  const probe = createHealthProbe(deps, scheduler);
  return new Elysia({ name: "health" }).get(
    "/health",
    async ({ set }) => {
      const { ok, body } = await probe();
      set.status = ok ? 200 : 503;
      if (!ok) set.headers["x-error-code"] = "health.degraded";
      return body;
    },
    {
      detail: {
        summary: "Health check",
        tags: ["Health"],
        security: [],
        description:
          "For monitors: no authentication, no rate limit. 503 (same body) when the database does not answer or the scheduler has not ticked for 3 ticks.",
      },
      response: responses({
        200: HealthSchema,
        503: v.pipe(HealthSchema, v.description(ERROR_DESCRIPTIONS[503])),
      }),
    },
  );
};
