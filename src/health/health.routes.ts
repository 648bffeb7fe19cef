import { Elysia } from "elysia";
import type { Deps } from "../deps";
import { checkHealth } from "./health.service";

export const healthRoutes = (deps: Deps) =>
  new Elysia({ name: "health" }).get("/health", async ({ set }) => {
    const { ok, body } = await checkHealth(deps);
    set.status = ok ? 200 : 503;
    return body;
  });
