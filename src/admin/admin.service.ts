import type { Deps } from "../deps";
import { notFound } from "../http/errors";
import type { JobStatus } from "../scheduler/scheduler";
import { toApiTime } from "../shared/time";
import type { JobDto } from "./admin.schema";

const toJobDto = (j: JobStatus): JobDto => ({
  ...j,
  last_started_at: toApiTime(j.last_started_at),
  last_finished_at: toApiTime(j.last_finished_at),
  next_run_at: toApiTime(j.next_run_at),
});

export const listJobs = (deps: Pick<Deps, "scheduler">): JobDto[] => deps.scheduler.status().map(toJobDto);

export async function runJob(deps: Pick<Deps, "scheduler">, name: string): Promise<JobDto> {
  if (!deps.scheduler.has(name)) throw notFound("Job");
  return toJobDto(await deps.scheduler.runNow(name));
}
