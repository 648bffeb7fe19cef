/**
 * Runs a test file's upload tests against both storages: the upload folder and an S3 bucket on a local
 * S3-compatible server (s3-server.ts) that this file starts before its tests and stops after them.
 *
 *   const STORAGES = storageMatrix();
 *   describe.each(STORAGES)("uploads in $name", (storage) => {
 *     test("…", async () => {
 *       const s = await pinSetup({ env: storage.env() });
 *       expect(await storage.files(s.t)).toEqual([…]);
 *     });
 *   });
 */
import { afterAll, beforeAll } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type S3TestServer, startS3Server } from "./s3-server";
import type { createTestDeps } from "./test-app";

type TestDeps = Pick<ReturnType<typeof createTestDeps>, "dataDir"> & {
  deps: Pick<ReturnType<typeof createTestDeps>["deps"], "storage">;
};

export interface StorageCase {
  name: "the upload folder" | "an S3 bucket";
  kind: "folder" | "s3";
  /** The settings that select this storage (S3: the prefix given, else a new one each call). */
  env(prefix?: string): Record<string, string>;
  /** Every file the storage holds, finished or not (the folder's temporary files included). */
  files(t: TestDeps): Promise<string[]>;
  /** Bytes that have reached the storage so far (S3: received by the server). */
  received(t: TestDeps): Promise<number>;
  /** The local S3 server (S3 only). */
  server(): S3TestServer;
}

export function storageMatrix(): StorageCase[] {
  let server: S3TestServer | null = null;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const running = () => {
    if (!server) throw new Error("the S3 test server is not running (storageMatrix() registers beforeAll)");
    return server;
  };
  const folderFiles = (t: TestDeps) => {
    const dir = join(t.dataDir, "uploads");
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };
  return [
    {
      name: "the upload folder",
      kind: "folder",
      env: () => ({}),
      files: async (t) => folderFiles(t),
      received: async (t) =>
        folderFiles(t).reduce((sum, name) => sum + Bun.file(join(t.dataDir, "uploads", name)).size, 0),
      server: () => {
        throw new Error("the upload folder has no S3 server");
      },
    },
    {
      name: "an S3 bucket",
      kind: "s3",
      env: (prefix) => running().env(prefix),
      files: async (t) => (await t.deps.storage.list()).map((o) => o.name),
      received: () => running().received(),
      server: running,
    },
  ];
}
