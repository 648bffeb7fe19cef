import type { Plan } from "../db/schema";
import type { Deps } from "../deps";
import { planNotFound } from "./plans.errors";
import * as repo from "./plans.repo";
import type { PlanDto } from "./plans.schema";

type PlanDeps = Pick<Deps, "db">;

export const toPlanDto = (p: Plan): PlanDto => ({
  name: p.name,
  monthly_pin_limit: p.monthly_pin_limit,
  bulk_allowed: p.bulk_allowed === 1,
});

export async function listPlans(deps: PlanDeps): Promise<PlanDto[]> {
  return (await repo.listPlans(deps.db)).map(toPlanDto);
}

/** The plan, or undefined when no plan has that name. */
export const findPlan = (deps: PlanDeps, name: string) => repo.findPlan(deps.db, name);

export async function getPlan(deps: PlanDeps, name: string): Promise<Plan> {
  const plan = await repo.findPlan(deps.db, name);
  if (!plan) throw planNotFound();
  return plan;
}

export async function updatePlan(
  deps: PlanDeps,
  name: string,
  input: { monthly_pin_limit?: number | null; bulk_allowed?: boolean },
): Promise<PlanDto> {
  const values = {
    ...(input.monthly_pin_limit !== undefined && { monthly_pin_limit: input.monthly_pin_limit }),
    ...(input.bulk_allowed !== undefined && { bulk_allowed: input.bulk_allowed ? 1 : 0 }),
  };
  const plan = Object.keys(values).length
    ? await repo.updatePlan(deps.db, name, values)
    : await repo.findPlan(deps.db, name);
  if (!plan) throw planNotFound();
  return toPlanDto(plan);
}
