/**
 * The Dockerfile's rules that can be checked without a container engine (hadolint is not available
 * offline), plus compose.yaml and the env file example against it and against PinFlow's configuration.
 * deploy/test-rootfs.sh (npm run test:deploy) then proves the image's contents by replaying it.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { SHUTDOWN_GRACE_MS } from "../src/cli/serve";
import { CONFIG_ENTRIES } from "../src/config";
import {
  buildContextCopies,
  DOCKERFILE,
  envPairs,
  instructionsOf,
  lastOf,
  parseDockerfile,
  runtimeImage,
  type Stage,
} from "./docker";

const text = readFileSync(DOCKERFILE, "utf8");
const stages = parseDockerfile(text);
const runtime = stages.at(-1) as Stage;
const image = runtimeImage(stages);
const ROOT = join(import.meta.dir, "..");
const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

const CONFIG_ENV = new Set(Object.values(CONFIG_ENTRIES).flatMap((e) => e.env));
const SECRET_ENV = new Set([
  "PINFLOW_SECRET",
  "PINFLOW_PINTEREST_CLIENT_SECRET",
  "PINFLOW_PINTEREST_CLIENT_ID",
]);
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** Instructions test-rootfs.sh knows how to replay. */
const REPLAYABLE = new Set([
  "RUN",
  "COPY",
  "ENV",
  "USER",
  "WORKDIR",
  "VOLUME",
  "EXPOSE",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "ENTRYPOINT",
  "CMD",
]);

describe("the Dockerfile reader", () => {
  test("joins continuations, skips comments inside them, and reads flags, exec forms and ENV pairs", () => {
    const [stage] = parseDockerfile(
      [
        "# syntax=docker/dockerfile:1",
        "FROM --platform=$BUILDPLATFORM debian:bookworm-20250520-slim AS base",
        "RUN echo a \\",
        "# a comment inside the continuation",
        "  && echo b",
        'ENV A=1 B="two words" \\',
        "    C=3",
        'HEALTHCHECK --interval=30s CMD ["/bin/x", "check"]',
        "ENTRYPOINT /bin/x",
      ].join("\n"),
    ) as Stage[];
    expect(stage?.name).toBe("base");
    expect(stage?.platform).toBe("$BUILDPLATFORM");
    expect(instructionsOf(stage as Stage, "RUN")[0]?.args).toBe("echo a && echo b");
    expect(envPairs(lastOf(stage as Stage, "ENV")?.args ?? "")).toEqual([
      ["A", "1"],
      ["B", "two words"],
      ["C", "3"],
    ]);
    expect(lastOf(stage as Stage, "HEALTHCHECK")?.flags).toEqual({ interval: "30s" });
    expect(lastOf(stage as Stage, "ENTRYPOINT")?.exec).toBeNull();
  });
});

describe("deploy/Dockerfile", () => {
  test("is multi-stage: a build stage and a runtime stage, none of them FROM scratch", () => {
    expect(stages.map((s) => s.name)).toEqual(["build", null]);
    // the bare binary aborts in a root without /proc and needs glibc: never scratch
    for (const stage of stages) expect(stage.from).not.toBe("scratch");
  });

  test("pins every base image to an exact version or digest, and builds with the Bun the project uses", () => {
    for (const stage of stages) {
      const [, tag = ""] = stage.from.split("@")[0]?.split(":") ?? [];
      const pinned = stage.from.includes("@sha256:") || /\d+\.\d+\.\d+|\d{8}/.test(tag);
      expect({ image: stage.from, pinned }).toEqual({ image: stage.from, pinned: true });
      expect(tag).not.toMatch(/latest/);
    }
    expect(stages[0]?.from).toBe(`oven/bun:${Bun.version}`);
    expect(image.base).toMatch(/^debian:bookworm-\d{8}-slim$/);
  });

  test("cross-compiles on the build platform for amd64 and arm64 from TARGETARCH", () => {
    const build = stages[0] as Stage;
    expect(build.platform).toBe("$BUILDPLATFORM");
    expect(instructionsOf(build, "ARG").map((i) => i.args)).toContain("TARGETARCH");
    const compile = instructionsOf(build, "RUN").find((i) => i.args.includes("build.ts"))?.args ?? "";
    expect(compile).toContain("${TARGETARCH");
    expect(compile).toMatch(/amd64\|x86_64\) target=bun-linux-x64/);
    expect(compile).toMatch(/arm64\|aarch64\) target=bun-linux-arm64/);
    expect(compile).toContain('--target="$target"');
    expect(instructionsOf(build, "RUN")[0]?.args).toContain("--frozen-lockfile");
  });

  test("the build stage copies everything the build needs and nothing else", () => {
    const copied = buildContextCopies(stages).flatMap((c) => c.sources);
    expect(copied.sort()).toEqual(
      [
        "build.ts",
        "migrations",
        "package-lock.json",
        "package.json",
        "README.md",
        "src",
        "tsconfig.base.json",
        "tsconfig.json",
      ].sort(),
    );
  });

  test("every file the source imports by a relative path lies in what the build stage copies", () => {
    const copied = buildContextCopies(stages).flatMap((c) => c.sources);
    const isCopied = (path: string) => copied.some((c) => path === c || path.startsWith(`${c}/`));
    const outside: string[] = [];
    for (const file of new Bun.Glob("src/**/*.{ts,tsx}").scanSync(ROOT)) {
      if (/\.test\.tsx?$/.test(file) || file.startsWith("src/testing/")) continue;
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
        const target = relative(ROOT, join(ROOT, dirname(file), spec as string));
        if (!isCopied(target)) outside.push(`${file} → ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });

  test("every tsconfig the build reads extends only files the build stage copies", () => {
    const copied = buildContextCopies(stages).flatMap((c) => c.sources);
    const isCopied = (path: string) => copied.some((c) => path === c || path.startsWith(`${c}/`));
    const configs = ["tsconfig.json", "src/web/client/tsconfig.json"];
    for (const config of configs) {
      expect(isCopied(config)).toBe(true);
      const extended = (JSON.parse(readFileSync(join(ROOT, config), "utf8")) as { extends?: string }).extends;
      if (extended) expect(isCopied(relative(ROOT, join(ROOT, dirname(config), extended)))).toBe(true);
    }
  });

  test("runs as a non-root user created in the image, and switches to it after the last RUN", () => {
    expect(image.user).not.toMatch(/^(root|0)(:|$)/);
    const useradd = image.steps.find((s) => s.kind === "run" && s.command.includes("useradd"));
    expect(useradd?.kind === "run" && useradd.command).toMatch(new RegExp(`useradd .*\\b${image.user}\\b`));
    // a high uid without --no-log-init makes a huge sparse /var/log/lastlog (hadolint DL3046)
    expect(useradd?.kind === "run" && useradd.command).toContain("--no-log-init");
    const lastRun = instructionsOf(runtime, "RUN").at(-1)?.line ?? 0;
    expect(lastOf(runtime, "USER")?.line ?? 0).toBeGreaterThan(lastRun);
  });

  test("keeps its data in the /data volume, listens on every interface on the exposed port", () => {
    expect(image.volume).toBe("/data");
    expect(image.env.PINFLOW_DATA_DIR).toBe(image.volume);
    expect(image.env.PINFLOW_HOST).toBe("0.0.0.0");
    expect(image.expose).toBe("8080");
    expect(image.env.PINFLOW_PORT ?? CONFIG_ENTRIES.port.default).toBe(image.expose);
    const volumeDir = image.steps.find((s) => s.kind === "run" && s.command.includes(`install -d`));
    expect(volumeDir?.kind === "run" && volumeDir.command).toContain(`-o ${image.user} -g ${image.user}`);
  });

  test("stops on SIGTERM and probes its own /health (no curl in slim), in exec form", () => {
    expect(image.stopSignal).toBe("SIGTERM");
    const binary = image.entrypoint[0] as string;
    expect(image.steps).toContainEqual({ kind: "copy", from: "build", src: "/out/pinflow", dest: binary });
    expect(image.healthcheck).toEqual([binary, "healthcheck"]);
    const flags = lastOf(runtime, "HEALTHCHECK")?.flags ?? {};
    expect(Object.keys(flags).sort()).toEqual(["interval", "retries", "start-period", "timeout"]);
    // exec form: PinFlow is PID 1 and gets the signal itself (a shell form would swallow it)
    expect(lastOf(runtime, "ENTRYPOINT")?.exec).toEqual([binary]);
    expect(image.cmd).toEqual(["serve"]);
  });

  test("sets no secrets and only settings PinFlow knows", () => {
    const names = [
      ...stages.flatMap((s) => instructionsOf(s, "ENV").flatMap((i) => envPairs(i.args).map(([k]) => k))),
      ...stages.flatMap((s) => instructionsOf(s, "ARG").map((i) => i.args.split("=")[0] as string)),
    ];
    for (const name of names) {
      expect({ name, secret: SECRET_ENV.has(name) || SECRET_NAME.test(name) }).toEqual({
        name,
        secret: false,
      });
      if (name.startsWith("PINFLOW_")) expect(CONFIG_ENV).toContain(name);
    }
  });

  test("uses COPY rather than ADD, and the runtime stage only what test-rootfs.sh replays", () => {
    for (const stage of stages) expect(instructionsOf(stage, "ADD")).toEqual([]);
    for (const i of runtime.instructions) {
      expect(REPLAYABLE).toContain(i.keyword);
      if (i.keyword !== "RUN")
        expect({ line: i.line, args: i.args }).not.toEqual({
          line: i.line,
          args: expect.stringContaining("$"),
        });
    }
    expect(instructionsOf(runtime, "RUN").every((i) => !/apt-get install|curl|wget/.test(i.args))).toBe(true);
  });

  test(".dockerignore keeps secrets, data and bulk out of the build context", () => {
    const ignored = read("../.dockerignore")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    for (const entry of ["node_modules", "dist", "data", ".env", "**/*.env", "deploy/.cache", ".git"]) {
      expect(ignored).toContain(entry);
    }
  });
});

describe("deploy/compose.yaml", () => {
  const compose = Bun.YAML.parse(read("./compose.yaml")) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const services = Object.entries(compose.services);
  const service = services[0]?.[1] as {
    build: { context: string; dockerfile: string };
    ports: string[];
    env_file: string[];
    environment: Record<string, string>;
    volumes: string[];
    stop_grace_period: string;
    restart: string;
  };

  test("has one service built from this Dockerfile, restarted unless stopped", () => {
    expect(services).toHaveLength(1);
    expect(service.build).toEqual({ context: "..", dockerfile: "deploy/Dockerfile" });
    expect(service.restart).toBe("unless-stopped");
  });

  test("publishes the exposed port, mounts a named volume on the image's data folder", () => {
    expect(service.ports.map((p) => p.split(":").at(-1))).toEqual([image.expose]);
    const [volume, target] = (service.volumes[0] as string).split(":");
    expect(target).toBe(image.volume);
    expect(Object.keys(compose.volumes)).toEqual([volume as string]);
  });

  test("reads secrets from an env file whose example ships beside it, and sets none inline", () => {
    expect(service.env_file).toEqual(["pinflow.env"]);
    expect(read("./pinflow.env.example")).toContain("PINFLOW_PINTEREST_CLIENT_SECRET");
    for (const name of Object.keys(service.environment)) {
      expect(CONFIG_ENV).toContain(name);
      expect(SECRET_ENV.has(name) || SECRET_NAME.test(name)).toBe(false);
    }
  });

  test("gives a stopping container time for every shutdown stage", () => {
    expect(Number.parseInt(service.stop_grace_period, 10) * 1000).toBeGreaterThanOrEqual(
      3 * SHUTDOWN_GRACE_MS,
    );
  });

  test("documents demo mode on 0.0.0.0 and a comment for each setting", () => {
    const textOf = read("./compose.yaml");
    expect(textOf).toContain("PINFLOW_EMULATOR");
    expect(textOf).toContain("Refusing emulator mode on 0.0.0.0");
  });
});

describe("deploy/pinflow.env.example", () => {
  test("names only settings PinFlow knows, each one commented out with an explanation above it", () => {
    const lines = read("./pinflow.env.example").split("\n");
    const settings = lines.flatMap((l, i) => {
      const m = /^#?(PINFLOW_[A-Z_]+)=/.exec(l);
      return m ? [{ name: m[1] as string, line: l, above: lines[i - 1] ?? "" }] : [];
    });
    expect(settings.length).toBeGreaterThanOrEqual(6);
    for (const s of settings) {
      expect(CONFIG_ENV).toContain(s.name);
      expect(s.line.startsWith("#")).toBe(true);
      expect(s.above.startsWith("#")).toBe(true);
    }
  });
});
