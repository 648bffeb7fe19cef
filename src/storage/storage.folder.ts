/**
 * The upload folder: each object is a file. A write goes to `<name>.<random>.incoming`, is fsynced, then
 * renamed to its name, so a crash never leaves half a file under a real name.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Storage, StorageWriter } from "./storage";

const UNFINISHED = /\.(incoming|tmp)$/;

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

export function createFolderStorage(dir: string): Storage {
  const pathOf = (name: string) => join(dir, name);

  async function writer(name: string): Promise<StorageWriter> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = pathOf(`${name}.${randomBytes(6).toString("hex")}.incoming`);
    const handle = await open(tmp, "wx", 0o644);
    let size = 0;
    let isOpen = true;
    const drop = async () => {
      if (isOpen) await handle.close().catch(() => {});
      isOpen = false;
      await rm(tmp, { force: true }).catch(() => {});
    };
    return {
      async write(chunk) {
        await handle.write(chunk);
        size += chunk.length;
      },
      async close() {
        try {
          await handle.sync();
          await handle.close();
          isOpen = false;
          await rename(tmp, pathOf(name));
          return size;
        } catch (err) {
          await drop();
          throw err;
        }
      },
      abort: drop,
    };
  }

  async function size(name: string): Promise<number | null> {
    try {
      const s = await stat(pathOf(name));
      return s.isFile() ? s.size : null;
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  return {
    kind: "folder",
    label: "the uploads folder",
    where: `the upload folder ${dir}`,
    writer,
    async put(name, data) {
      const w = await writer(name);
      try {
        if (data instanceof Uint8Array) await w.write(data);
        else for await (const chunk of data) await w.write(chunk);
      } catch (err) {
        await w.abort();
        throw err;
      }
      return w.close();
    },
    async get(name) {
      const bytes = await size(name);
      if (bytes === null) return null;
      const file = Bun.file(pathOf(name));
      return { size: bytes, stream: () => file.stream(), body: () => file };
    },
    async bytes(name) {
      try {
        return new Uint8Array(await readFile(pathOf(name)));
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async read(name, offset, length) {
      const handle = await open(pathOf(name), "r");
      try {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    size,
    exists: async (name) => (await size(name)) !== null,
    async delete(name) {
      await rm(pathOf(name), { force: true });
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if (missing(err)) return [];
        throw err;
      }
      const out: Array<{ name: string; size: number }> = [];
      for (const name of names.sort()) {
        if (UNFINISHED.test(name)) continue;
        const bytes = await size(name);
        if (bytes !== null) out.push({ name, size: bytes });
      }
      return out;
    },
  };
}
