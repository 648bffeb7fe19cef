/**
 * What deploy/*.service and *.timer must say, beyond what `systemd-analyze verify` (run by
 * npm run test:deploy) can know: the same binary, user and data folder as everywhere else, the hardening
 * we promise, and settings PinFlow understands.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { CONFIG_ENTRIES } from "../src/config";
import { DOCKERFILE, parseDockerfile, runtimeImage } from "./docker";

type Unit = Record<string, Record<string, string[]>>;

function parseUnit(name: string): Unit {
  const unit: Unit = {};
  let section: Record<string, string[]> | null = null;
  for (const line of readFileSync(new URL(`./${name}`, import.meta.url), "utf8").split("\n")) {
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = {};
      unit[header[1] as string] = section;
      continue;
    }
    const [key, ...value] = line.split("=");
    if (!section || !key) throw new Error(`${name}: cannot read "${line}"`);
    section[key.trim()] = [...(section[key.trim()] ?? []), value.join("=").trim()];
  }
  return unit;
}

const service = parseUnit("pinflow.service").Service as Record<string, string[]>;
const backup = parseUnit("pinflow-backup.service").Service as Record<string, string[]>;
const timer = parseUnit("pinflow-backup.timer");
const BINARY = runtimeImage(parseDockerfile(readFileSync(DOCKERFILE, "utf8"))).entrypoint[0] as string;
const DATA_DIR = "/var/lib/pinflow";
const CONFIG_ENV = new Set(Object.values(CONFIG_ENTRIES).flatMap((e) => e.env));
const one = (unit: Record<string, string[]>, key: string) => unit[key]?.at(-1);

describe("deploy/pinflow.service", () => {
  test("runs `pinflow serve` from the same path as the image, as a system user, restarted always", () => {
    expect(one(service, "ExecStart")).toBe(`${BINARY} serve`);
    expect(one(service, "User")).toBe("pinflow");
    expect(one(service, "Restart")).toBe("always");
    expect(one(service, "KillSignal")).toBe("SIGTERM");
    expect(Number.parseInt(one(service, "TimeoutStopSec") ?? "0", 10)).toBeGreaterThanOrEqual(30);
    expect(Number(one(service, "LimitNOFILE"))).toBeGreaterThanOrEqual(65536);
  });

  test("keeps its data in the state directory and reads secrets from an environment file", () => {
    expect(one(service, "StateDirectory")).toBe("pinflow");
    expect(service.Environment).toContain(`PINFLOW_DATA_DIR=${DATA_DIR}`);
    expect(one(service, "EnvironmentFile")).toBe("/etc/pinflow/pinflow.env");
    for (const pair of service.Environment ?? []) {
      const name = pair.split("=")[0] as string;
      expect(CONFIG_ENV).toContain(name);
      expect(name).not.toMatch(/SECRET|CLIENT_ID/);
    }
  });

  test("is hardened so it can write its data folder and nothing else", () => {
    expect(one(service, "ProtectSystem")).toBe("strict");
    expect(service.ReadWritePaths).toEqual([DATA_DIR]);
    for (const key of ["ProtectHome", "NoNewPrivileges", "PrivateTmp", "PrivateDevices"])
      expect({ key, value: one(service, key) }).toEqual({ key, value: "yes" });
    expect(one(service, "CapabilityBoundingSet")).toBe("");
    expect(service.SystemCallFilter).toContain("@system-service");
    // Bun's JIT needs writable+executable memory: with this it silently runs interpreted, ~2.4x slower
    expect(service.MemoryDenyWriteExecute).toBeUndefined();
  });
});

describe("deploy/pinflow-backup.service and .timer", () => {
  test("back up daily with a retention, as the same user, from the same data folder and env file", () => {
    const exec = one(backup, "ExecStart") ?? "";
    expect(exec).toMatch(new RegExp(`^${BINARY} backup ${DATA_DIR}/backups/ --keep \\d+$`));
    expect(one(backup, "Type")).toBe("oneshot");
    for (const key of [
      "User",
      "EnvironmentFile",
      "StateDirectory",
      "Environment",
      "ReadWritePaths",
      "ProtectSystem",
    ])
      expect({ key, value: backup[key] }).toEqual({ key, value: service[key] });
    expect(timer.Timer?.OnCalendar).toEqual(["daily"]);
    expect(timer.Timer?.Persistent).toEqual(["true"]);
    expect(timer.Install?.WantedBy).toEqual(["timers.target"]);
  });
});
