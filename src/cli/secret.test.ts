import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveMasterSecret, SecretFileError } from "./secret";

const tempDir = () => mkdtempSync(join(tmpdir(), "pinflow-secret-"));

describe("master secret", () => {
  test("without PINFLOW_SECRET a key file is created with mode 0600 and reused afterwards", () => {
    const dir = tempDir();
    const first = resolveMasterSecret(undefined, dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(resolveMasterSecret(undefined, dir)).toBe(first);
    expect(readFileSync(join(dir, "secret.key"), "utf8").trim()).toBe(first);
  });

  test("PINFLOW_SECRET wins and no file is written", () => {
    const dir = tempDir();
    expect(resolveMasterSecret("x".repeat(40), dir)).toBe("x".repeat(40));
    expect(() => statSync(join(dir, "secret.key"))).toThrow();
  });

  test("a key file other users can read stops start-up", () => {
    const dir = tempDir();
    resolveMasterSecret(undefined, dir);
    chmodSync(join(dir, "secret.key"), 0o644);
    expect(() => resolveMasterSecret(undefined, dir)).toThrow(SecretFileError);
  });
});
