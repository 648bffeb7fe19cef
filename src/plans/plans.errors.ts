import { defineError } from "../http/errors";

export const planNotFound = defineError("plans.not_found", 404, () => "Plan not found");
