/** `pinflow migrate-storage`, run as the command it is, against a local S3 server this file starts. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseConfig } from "../config";
import { createStorage } from "../storage/storage.wiring";
import { type S3TestServer, startS3Server } from "../testing/s3-server";

const ROOT = resolve(import.meta.dir, "../..");
let server: S3TestServer;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A data folder whose uploads/ holds these files. */
function dataDirWith(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pinflow-migrate-storage-"));
  dirs.push(dir);
  mkdirSync(join(dir, "uploads"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, "uploads", name), content);
  return dir;
}

async function run(dataDir: string, env: Record<string, string>) {
  const proc = Bun.spawn([process.execPath, "src/main.ts", "migrate-storage", "--data-dir", dataDir], {
    cwd: ROOT,
    // only what is given here: nothing of the test runner's environment leaks in
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, stdout, stderr };
}

const A = `${"a".repeat(32)}.png`;
const B = `${"b".repeat(32)}.mp4`;

describe("pinflow migrate-storage", () => {
  test("copies every finished upload into the bucket with its type, then skips what is already there", async () => {
    const video = new Uint8Array(6 * 1024 * 1024).fill(7);
    const dataDir = dataDirWith({ [A]: "png bytes", [B]: video, [`${A}.1234.incoming`]: "half a file" });
    const env = server.env();
    const first = await run(dataDir, env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Copying the upload folder ${join(dataDir, "uploads")} into s3://`);
    expect(first.stdout).toContain("Copied 2 file(s) (6.0 MB), skipped 0 already in the bucket, 0 failed.");

    const bucket = createStorage(parseConfig(env));
    expect(await bucket.list()).toEqual([
      { name: A, size: 9 },
      { name: B, size: video.length },
    ]);
    expect(new TextDecoder().decode((await bucket.bytes(A)) as Uint8Array)).toBe("png bytes");
    const bare = new Bun.S3Client({
      endpoint: env.PINFLOW_S3_ENDPOINT,
      bucket: env.PINFLOW_S3_BUCKET,
      region: "us-east-1",
      accessKeyId: env.PINFLOW_S3_ACCESS_KEY_ID,
      secretAccessKey: env.PINFLOW_S3_SECRET_ACCESS_KEY,
    });
    expect((await bare.stat(`${env.PINFLOW_S3_PREFIX}/${B}`)).type).toBe("video/mp4");

    const again = await run(dataDir, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Copied 0 file(s) (0.0 MB), skipped 2 already in the bucket, 0 failed.");

    // an object of another size (a copy cut short elsewhere) is copied again
    await bucket.put(A, new TextEncoder().encode("png"), "image/png");
    const repaired = await run(dataDir, env);
    expect(repaired.stdout).toContain(
      "Copied 1 file(s) (0.0 MB), skipped 1 already in the bucket, 0 failed.",
    );
    expect(await bucket.size(A)).toBe(9);
  });

  test("refuses to run without a bucket configured, and names the settings", async () => {
    const dataDir = dataDirWith({ [A]: "png bytes" });
    const res = await run(dataDir, {});
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("pinflow: migrate-storage copies the upload folder into an S3 bucket");
    expect(res.stderr).toContain("PINFLOW_S3_BUCKET");
  });

  test("a bucket that refuses the keys fails every file, says so and exits 2", async () => {
    const dataDir = dataDirWith({ [A]: "png bytes" });
    const res = await run(dataDir, { ...server.env(), PINFLOW_S3_SECRET_ACCESS_KEY: "wrong-secret" });
    expect(res.code).toBe(2);
    expect(res.stdout).toContain(`FAILED ${A}`);
    expect(res.stdout).toContain("skipped 0 already in the bucket, 1 failed.");
    expect(res.stderr).toContain("1 file(s) could not be copied");
  });
});
