import { defineError } from "../http/errors";

export const collectionNotFound = defineError("collections.not_found", 404, () => "Collection not found");
