import { Elysia } from "elysia";
import * as v from "valibot";
import type { Deps } from "../deps";
import type { authPlugin } from "../http/auth";
import { responses } from "../http/responses";
import { PlanParams, PlanSchema, PlanUpdateSchema } from "../plans/plans.schema";
import { listPlans, updatePlan } from "../plans/plans.service";
import type { Scheduler } from "../scheduler/scheduler";
import { IdParams } from "../shared/schema";
import { AdminUserUpdateSchema } from "../users/users.schema";
import { AdminUserSchema, JobParams, JobSchema } from "./admin.schema";
import { changeUser, listJobs, listUsersForAdmin, runJob } from "./admin.service";

const tags = ["Admin"];
const adminOnly = "Admin only (403 for everyone else).";

export const adminRoutes = (deps: Deps, auth: ReturnType<typeof authPlugin>, scheduler: Scheduler) =>
  new Elysia({ name: "admin", prefix: "/admin" })
    .use(auth)
    .get("/users", () => listUsersForAdmin(deps), {
      auth: "admin",
      detail: { summary: "List every user", tags, description: adminOnly },
      response: responses({ 200: v.array(AdminUserSchema) }, 401, 403, 429),
    })
    .put("/users/:id", ({ params, body }) => changeUser(deps, params.id, body), {
      auth: "admin",
      params: IdParams,
      body: AdminUserUpdateSchema,
      detail: {
        summary: "Approve, suspend or change a user",
        tags,
        description: `Any of status (pending, approved, suspended), plan, daily_pin_limit, is_admin. Pins of a user who is not approved are held (not published) until the user is approved again. 409 when the change would leave no approved admin (make another user an admin first). ${adminOnly}`,
      },
      response: responses({ 200: AdminUserSchema }, 401, 403, 404, 409, 422, 429),
    })
    .get("/plans", () => listPlans(deps), {
      auth: "admin",
      detail: { summary: "List plans", tags, description: adminOnly },
      response: responses({ 200: v.array(PlanSchema) }, 401, 403, 429),
    })
    .put("/plans/:name", ({ params, body }) => updatePlan(deps, params.name, body), {
      auth: "admin",
      params: PlanParams,
      body: PlanUpdateSchema,
      detail: {
        summary: "Change a plan's limits",
        tags,
        description: `\`monthly_pin_limit\` null means unlimited. ${adminOnly}`,
      },
      response: responses({ 200: PlanSchema }, 401, 403, 404, 422, 429),
    })
    .get("/jobs", () => listJobs(scheduler), {
      auth: "admin",
      detail: { summary: "List the scheduler's jobs", tags, description: adminOnly },
      response: responses({ 200: v.array(JobSchema) }, 401, 403, 429),
    })
    .post("/jobs/:name/run", ({ params }) => runJob(scheduler, params.name), {
      auth: "admin",
      params: JobParams,
      detail: { summary: "Run a job now", tags, description: adminOnly },
      response: responses({ 200: JobSchema }, 401, 403, 404, 422, 429),
    });
