/**
 * `pinflow migrate-storage`: copies <data-dir>/uploads into the bucket PINFLOW_S3_BUCKET names, skipping
 * files already there with the same size (so it can be run again, e.g. after a cut-off run or just before
 * switching). It reads no database and deletes nothing.
 */
import { parseConfig } from "../config";
import { createFolderStorage } from "../storage/storage.folder";
import { copyStorage } from "../storage/storage.migrate";
import { createStorage, uploadFolder } from "../storage/storage.wiring";
import { type ParsedArgs, UsageError } from "./args";

export class StorageCopyError extends Error {}

export async function migrateStorageCommand(args: ParsedArgs): Promise<void> {
  if (args.positionals.length > 0) throw new UsageError("usage: pinflow migrate-storage");
  const config = parseConfig(process.env, args.configFlags);
  if (!config.s3) {
    throw new UsageError(
      "migrate-storage copies the upload folder into an S3 bucket, and none is configured: set PINFLOW_S3_BUCKET, PINFLOW_S3_ENDPOINT, PINFLOW_S3_REGION, PINFLOW_S3_ACCESS_KEY_ID and PINFLOW_S3_SECRET_ACCESS_KEY first.",
    );
  }
  const source = createFolderStorage(uploadFolder(config));
  const target = createStorage(config);
  console.log(`Copying ${source.where} into ${target.where}`);
  const report = await copyStorage(source, target, (line) => console.log(`  ${line}`));
  const mb = (report.copiedBytes / (1024 * 1024)).toFixed(1);
  console.log(
    `Copied ${report.copied} file(s) (${mb} MB), skipped ${report.skipped} already in the bucket, ${report.failed.length} failed.`,
  );
  if (report.failed.length > 0) {
    throw new StorageCopyError(
      `${report.failed.length} file(s) could not be copied (listed above); run migrate-storage again.`,
    );
  }
}
