import { Elysia } from "elysia";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { PlanParams, PlanUpdateSchema } from "../plans/plans.schema";
import { listPlans, updatePlan } from "../plans/plans.service";
import { IdParams } from "../shared/schema";
import { AdminUserUpdateSchema } from "../users/users.schema";
import { listUsers, updateUserAsAdmin } from "../users/users.service";
import { JobParams } from "./admin.schema";
import { listJobs, runJob } from "./admin.service";

export const adminRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>) =>
  new Elysia({ name: "admin", prefix: "/admin" })
    .use(auth)
    .get("/users", () => listUsers(deps), { auth: "admin" })
    .put("/users/:id", ({ params, body }) => updateUserAsAdmin(deps, params.id, body), {
      auth: "admin",
      params: IdParams,
      body: AdminUserUpdateSchema,
    })
    .get("/plans", () => listPlans(deps), { auth: "admin" })
    .put("/plans/:name", ({ params, body }) => updatePlan(deps, params.name, body), {
      auth: "admin",
      params: PlanParams,
      body: PlanUpdateSchema,
    })
    .get("/jobs", () => listJobs(deps), { auth: "admin" })
    .post("/jobs/:name/run", ({ params }) => runJob(deps, params.name), { auth: "admin", params: JobParams });
