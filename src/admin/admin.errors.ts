import { defineError } from "../http/errors";

export const jobNotFound = defineError("admin.job_not_found", 404, () => "Job not found");
