/** Builds the upload storage the configuration names (as pinterest.wiring.ts builds the Pinterest client). */
import { join } from "node:path";
import type { Config } from "../config";
import type { Storage } from "./storage";
import { createFolderStorage } from "./storage.folder";
import { createS3Storage } from "./storage.s3";

export const uploadFolder = (config: Pick<Config, "dataDir">) => join(config.dataDir, "uploads");

/** The bucket when PINFLOW_S3_BUCKET is set, else <data-dir>/uploads. */
export function createStorage(config: Pick<Config, "dataDir" | "s3">): Storage {
  return config.s3 ? createS3Storage(config.s3) : createFolderStorage(uploadFolder(config));
}
