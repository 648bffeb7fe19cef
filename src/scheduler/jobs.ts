/** THE list of scheduled jobs. Jobs call services (never repos); each has a stable name. */
import { purgeExpiredAuth } from "../auth/auth.service";
import { optimizeDatabase } from "../db/maintenance";
import type { Deps } from "../deps";
import { purgeExpiredKeys } from "../idempotency/idempotency.service";
import type { JobDefinition } from "./scheduler";

export const JOBS: ReadonlyArray<JobDefinition<Deps>> = [
  {
    name: "housekeeping",
    description: "Deletes expired sessions, sign-in states and idempotency keys.",
    schedule: "7 * * * *",
    run: async (deps) => {
      const auth = await purgeExpiredAuth(deps);
      const keys = await purgeExpiredKeys(deps);
      return { ...auth, idempotency_keys: keys };
    },
  },
  {
    name: "db-optimize",
    description: "Refreshes SQLite's query-planner statistics.",
    schedule: "17 3 * * *",
    run: async (deps) => optimizeDatabase(deps.raw),
  },
];
