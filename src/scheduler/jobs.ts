/** THE list of scheduled jobs. Jobs call services (never repos); each has a stable name. */
import { optimizeDatabase } from "../db/maintenance";
import type { Deps } from "../deps";
import type { JobDefinition } from "./scheduler";

export const JOBS: ReadonlyArray<JobDefinition<Deps>> = [
  {
    name: "db-optimize",
    description: "Refreshes SQLite's query-planner statistics.",
    schedule: "17 3 * * *",
    run: async (deps) => optimizeDatabase(deps.raw),
  },
];
