import type { Deps } from "../deps";
import { waitingPinsByUser } from "../pins/pins.service";
import type { JobStatus, Scheduler } from "../scheduler/scheduler";
import { toApiTime } from "../shared/time";
import type { AdminUserUpdate, UserDto } from "../users/users.schema";
import { listUsers, updateUserAsAdmin } from "../users/users.service";
import { jobNotFound } from "./admin.errors";
import type { AdminUserDto, JobDto } from "./admin.schema";

const toJobDto = (j: JobStatus): JobDto => ({
  ...j,
  last_started_at: toApiTime(j.last_started_at),
  last_finished_at: toApiTime(j.last_finished_at),
  next_run_at: toApiTime(j.next_run_at),
});

export const listJobs = (scheduler: Pick<Scheduler, "status">): JobDto[] => scheduler.status().map(toJobDto);

export async function runJob(scheduler: Pick<Scheduler, "has" | "runNow">, name: string): Promise<JobDto> {
  if (!scheduler.has(name)) throw jobNotFound();
  return toJobDto(await scheduler.runNow(name));
}

async function withWaitingPins(deps: Pick<Deps, "db">, users: UserDto[]): Promise<AdminUserDto[]> {
  const waiting = await waitingPinsByUser(
    deps,
    users.map((u) => u.id),
  );
  return users.map((u) => ({ ...u, pins_waiting: waiting.get(u.id) ?? 0 }));
}

export async function listUsersForAdmin(deps: Pick<Deps, "db" | "clock">): Promise<AdminUserDto[]> {
  return withWaitingPins(deps, await listUsers(deps));
}

export async function changeUser(
  deps: Pick<Deps, "db" | "clock">,
  id: number,
  input: AdminUserUpdate,
): Promise<AdminUserDto> {
  const [user] = await withWaitingPins(deps, [await updateUserAsAdmin(deps, id, input)]);
  return user as AdminUserDto;
}
