import { defineError } from "../http/errors";

/** The seed's exact texts (docs/seed-api-reference.txt). */
export const dailyLimitReached = defineError(
  "quotas.daily",
  429,
  (limit: number) => `Daily pin limit of ${limit} reached. Resets at midnight UTC.`,
);
export const monthlyLimitReached = defineError(
  "quotas.monthly",
  429,
  (limit: number, plan: string) => `Monthly pin limit of ${limit} reached for plan '${plan}'.`,
);
export const bulkNotAllowed = defineError(
  "quotas.bulk_not_allowed",
  403,
  (plan: string) => `Bulk pin creation requires the Growth plan or higher (your plan: '${plan}').`,
);
