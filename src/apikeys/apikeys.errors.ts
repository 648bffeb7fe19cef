import { defineError } from "../http/errors";

export const MAX_ACTIVE_KEYS = 10;

export const apiKeyNotFound = defineError("apikeys.not_found", 404, () => "API key not found");
export const tooManyKeys = defineError(
  "apikeys.too_many",
  400,
  () => `You can have up to ${MAX_ACTIVE_KEYS} active API keys. Disable or revoke one first.`,
);
