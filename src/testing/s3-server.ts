/**
 * A fresh S3-compatible server per test file (s3rver.child.ts, its own process on a free 127.0.0.1 port,
 * data in a temporary folder), never a pre-existing service. Each PinFlow a test builds on it gets its own
 * prefix inside the one bucket, so tests never see each other's files.
 *
 *   const s3 = await startS3Server();   // in beforeAll
 *   createTestApp({ env: s3.env() });   // S3 storage under a new prefix
 *   await s3.stop();                    // in afterAll
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const S3_TEST_BUCKET = "pinflow-test";
/** s3rver's built-in account. */
const KEY_ID = "S3RVER";
const SECRET = "S3RVER";

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** The PINFLOW_S3_* settings for a PinFlow on this server, under a prefix of its own (a new one by default). */
  env(prefix?: string): Record<string, string>;
  /** Object bytes the server has received in PUT requests (whole objects and multipart parts) so far. */
  received(): Promise<number>;
  stop(): Promise<void>;
}

let prefixes = 0;

export async function startS3Server(): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), "pinflow-s3-"));
  const child = Bun.spawn(
    [process.execPath, join(import.meta.dir, "s3rver.child.ts"), directory, S3_TEST_BUCKET],
    { stdin: "pipe", stdout: "pipe", stderr: "inherit" },
  );
  const port = await firstLine(child.stdout).then(
    (line) => (JSON.parse(line) as { port: number }).port,
    async (err) => {
      child.kill();
      await child.exited;
      throw err;
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket: S3_TEST_BUCKET,
    env: (prefix) => ({
      PINFLOW_S3_BUCKET: S3_TEST_BUCKET,
      PINFLOW_S3_ENDPOINT: endpoint,
      PINFLOW_S3_REGION: "us-east-1",
      PINFLOW_S3_ACCESS_KEY_ID: KEY_ID,
      PINFLOW_S3_SECRET_ACCESS_KEY: SECRET,
      PINFLOW_S3_PREFIX: prefix ?? `t${process.pid}-${++prefixes}`,
    }),
    received: async () => Number(await (await fetch(`${endpoint}/_pinflow/received`)).text()),
    stop: async () => {
      child.stdin.end();
      child.kill();
      await child.exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The child's first line of output: its port, once it listens. */
async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the S3 test server stopped before listening: ${text}`);
      text += decoder.decode(value, { stream: true });
      const end = text.indexOf("\n");
      if (end >= 0) return text.slice(0, end);
    }
  } finally {
    reader.releaseLock();
  }
}
