/**
 * `pinflow migrate-storage`: copies every finished file of one storage into another (the upload folder into
 * the S3 bucket). A file already there with the same size is skipped, so a run that was cut short is simply
 * run again. Nothing is deleted from the source. Files are streamed, one at a time.
 */
import { contentTypeOf, type Storage } from "./storage";

export interface CopyReport {
  copied: number;
  copiedBytes: number;
  skipped: number;
  failed: Array<{ name: string; error: string }>;
}

export async function copyStorage(
  source: Storage,
  target: Storage,
  progress: (line: string) => void = () => {},
): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, copiedBytes: 0, skipped: 0, failed: [] };
  for (const { name, size } of await source.list()) {
    try {
      if ((await target.size(name)) === size) {
        report.skipped += 1;
        continue;
      }
      const object = await source.get(name);
      if (!object) continue; // removed since it was listed
      await target.put(name, object.stream(), contentTypeOf(name));
      const written = await target.size(name);
      if (written !== size) throw new Error(`${written ?? "no"} bytes arrived of ${size}`);
      report.copied += 1;
      report.copiedBytes += size;
      progress(`copied ${name} (${size} bytes)`);
    } catch (err) {
      report.failed.push({ name, error: (err as Error).message });
      progress(`FAILED ${name}: ${(err as Error).message}`);
    }
  }
  return report;
}
