/**
 * A local S3-compatible server for the tests (s3rver, from npm), run as its own process by s3-server.ts:
 * `bun src/testing/s3rver.child.ts <folder> <bucket>`. It listens on a free 127.0.0.1 port, prints
 * `{"port":N}` on one line, and exits when its parent closes stdin (so it never outlives the tests).
 *
 * Two additions in front of s3rver's own handlers:
 * - GET /_pinflow/received answers how many object bytes PUT requests have carried so far (whole objects
 *   and multipart parts), so a test can see what has reached the bucket while an upload is still going;
 * - s3rver signs a bucket-level request's path as "/<bucket>" whatever was sent, while Bun's client sends
 *   and signs "/<bucket>/?list-type=2", as AWS expects: for that request only (ListObjectsV2), s3rver is
 *   told to let a signature mismatch pass. Every other request is checked against the keys.
 */
import S3rver from "@20minutes/s3rver";

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  body: unknown;
  app: object;
  request: { length?: number };
}

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error("usage: s3rver.child.ts <folder> <bucket>");

const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});

let received = 0;
(server as unknown as { middleware: unknown[] }).middleware.unshift(
  async (ctx: KoaContext, next: () => Promise<void>) => {
    if (ctx.path === "/_pinflow/received") {
      ctx.body = String(received);
      return;
    }
    if (ctx.method === "GET" && /^\/[^/]+\/$/.test(ctx.path) && ctx.query["list-type"] === "2") {
      ctx.app = Object.create(ctx.app, { allowMismatchedSignatures: { value: true } });
    }
    await next();
    if (ctx.method === "PUT" && ctx.status === 200) received += ctx.request.length ?? 0;
  },
);

const address = (await server.run()) as { port: number };
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
process.stdin.on("data", () => {});
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
