import { chmodSync, closeSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { randomIds } from "../shared/ids";

export class SecretFileError extends Error {}

/**
 * The master secret: PINFLOW_SECRET when set, else `<data-dir>/secret.key`, created on first start
 * with O_EXCL and mode 0600 (never overwritten: losing it means every Pinterest account must reconnect).
 */
export function resolveMasterSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, "secret.key");
  try {
    const fd = openSync(file, "wx", 0o600);
    writeSync(fd, `${randomIds.hex(32)}\n`);
    closeSync(fd);
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new SecretFileError(
      `${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 ${file}`,
    );
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new SecretFileError(`${file} holds fewer than 32 characters: restore it from a backup`);
  return secret;
}
