/**
 * A small reader of deploy/Dockerfile, so the file can be linted (docker.test.ts) and its runtime
 * stage replayed without a container engine (test-rootfs.sh). It understands what our Dockerfile uses:
 * comments, parser directives, `\` continuations, exec (JSON) and shell forms, `KEY=value` ENV pairs,
 * `--flag=value` options and `FROM … AS name` stages. It is not a general Dockerfile parser.
 *
 *   bun deploy/docker.ts shell   prints the runtime stage as bash assignments for test-rootfs.sh
 */
import { readFileSync } from "node:fs";

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, … */
  keyword: string;
  /** `--name=value` options before the arguments (`--from=build`, `--interval=30s`). */
  flags: Record<string, string>;
  /** The arguments as written, continuations joined with a space. */
  args: string;
  /** The JSON array of the exec form, when the arguments are one. */
  exec: string[] | null;
  line: number;
}

export interface Stage {
  from: string;
  name: string | null;
  platform: string | null;
  instructions: Instruction[];
}

export const DOCKERFILE = new URL("./Dockerfile", import.meta.url);

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i] as string;
    if (/^\s*(#.*)?$/.test(logical)) continue;
    // A trailing backslash continues the instruction; comment lines inside it are dropped (as Docker does).
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) {
      logical = logical.replace(/\s*\\\s*$/, "");
      i++;
      const next = lines[i] as string;
      if (/^\s*#/.test(next)) {
        logical += "\\";
        continue;
      }
      logical += ` ${next.trim()}`;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(logical);
    if (!match) throw new Error(`Dockerfile line ${start + 1}: cannot read "${logical}"`);
    const keyword = (match[1] as string).toUpperCase();
    let rest = (match[2] as string).trim();
    const flags: Record<string, string> = {};
    for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
      flags[flag[1] as string] = flag[2] as string;
      rest = rest.slice(flag[0].length);
    }
    const instruction: Instruction = { keyword, flags, args: rest, exec: execForm(rest), line: start + 1 };
    if (keyword === "FROM") {
      const [from, as, name] = rest.split(/\s+/);
      stages.push({
        from: from as string,
        name: as?.toUpperCase() === "AS" ? (name ?? null) : null,
        platform: flags.platform ?? null,
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${start + 1}: ${keyword} before the first FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

function execForm(args: string): string[] | null {
  if (!args.startsWith("[")) return null;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === "string") ? parsed : null;
  } catch {
    return null;
  }
}

/** `ENV A=1 B="two words"` → [["A","1"],["B","two words"]]; also the legacy `ENV A value`. */
export function envPairs(args: string): Array<[string, string]> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [key, ...value] = args.split(/\s+/);
    return [[key as string, value.join(" ")]];
  }
  const pairs: Array<[string, string]> = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = m[2] as string;
    pairs.push([m[1] as string, raw.startsWith('"') ? (JSON.parse(raw) as string) : raw]);
  }
  return pairs;
}

export const instructionsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword);

export const lastOf = (stage: Stage, keyword: string) => instructionsOf(stage, keyword).at(-1) ?? null;

/** What running the image means, read off its last stage. */
export interface RuntimeImage {
  base: string;
  /** In order: what the replay does to the root (RUN as root with /bin/sh -c, COPY from the build stage, ENV). */
  steps: Array<
    | { kind: "run"; command: string }
    | { kind: "copy"; from: string; src: string; dest: string }
    | { kind: "env"; key: string; value: string }
  >;
  env: Record<string, string>;
  user: string;
  workdir: string;
  volume: string;
  expose: string;
  stopSignal: string;
  healthcheck: string[];
  entrypoint: string[];
  cmd: string[];
}

export function runtimeImage(stages: Stage[]): RuntimeImage {
  const stage = stages.at(-1) as Stage;
  const steps: RuntimeImage["steps"] = [];
  const env: Record<string, string> = {};
  for (const i of stage.instructions) {
    if (i.keyword === "RUN") steps.push({ kind: "run", command: i.args });
    if (i.keyword === "COPY") {
      const [src, dest, ...more] = i.args.split(/\s+/);
      if (!i.flags.from || more.length > 0)
        throw new Error(`line ${i.line}: the replay copies one file from a stage`);
      steps.push({ kind: "copy", from: i.flags.from, src: src as string, dest: dest as string });
    }
    if (i.keyword === "ENV") {
      for (const [key, value] of envPairs(i.args)) {
        env[key] = value;
        steps.push({ kind: "env", key, value });
      }
    }
  }
  const exec = (keyword: string) => {
    const found = lastOf(stage, keyword);
    if (!found?.exec) throw new Error(`the runtime stage needs ${keyword} in exec form (a JSON array)`);
    return found.exec;
  };
  const healthcheck = lastOf(stage, "HEALTHCHECK");
  const healthExec = healthcheck ? execForm(healthcheck.args.replace(/^CMD\s+/, "")) : null;
  return {
    base: stage.from,
    steps,
    env,
    user: lastOf(stage, "USER")?.args ?? "root",
    workdir: lastOf(stage, "WORKDIR")?.args ?? "/",
    volume: lastOf(stage, "VOLUME")?.args ?? "",
    expose: lastOf(stage, "EXPOSE")?.args ?? "",
    stopSignal: lastOf(stage, "STOPSIGNAL")?.args ?? "SIGTERM",
    healthcheck: healthExec ?? [],
    entrypoint: exec("ENTRYPOINT"),
    cmd: exec("CMD"),
  };
}

/** The build stage's COPY instructions from the build context, as [source, destination] in WORKDIR. */
export function buildContextCopies(stages: Stage[]): Array<{ sources: string[]; dest: string }> {
  const build = stages.find((s) => s.name === "build");
  if (!build) throw new Error("no stage named build");
  return instructionsOf(build, "COPY")
    .filter((i) => !i.flags.from)
    .map((i) => {
      const parts = i.args.split(/\s+/);
      return { sources: parts.slice(0, -1), dest: parts.at(-1) as string };
    });
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const arr = (name: string, items: string[]) => `${name}=(${items.map(q).join(" ")})`;

/** Bash assignments for test-rootfs.sh: IMG_BASE, IMG_STEPS ("run:…", "copy:FROM SRC DEST", "env:K=V"), … */
export function toShell(stages: Stage[]): string {
  const image = runtimeImage(stages);
  const steps = image.steps.map((s) =>
    s.kind === "run"
      ? `run:${s.command}`
      : s.kind === "copy"
        ? `copy:${s.from} ${s.src} ${s.dest}`
        : `env:${s.key}=${s.value}`,
  );
  const copies = buildContextCopies(stages).map((c) => `${c.sources.join(" ")}:${c.dest}`);
  return [
    `IMG_BASE=${q(image.base)}`,
    arr("IMG_STEPS", steps),
    arr(
      "IMG_ENV",
      Object.entries(image.env).map(([k, v]) => `${k}=${v}`),
    ),
    `IMG_USER=${q(image.user)}`,
    `IMG_WORKDIR=${q(image.workdir)}`,
    `IMG_VOLUME=${q(image.volume)}`,
    `IMG_EXPOSE=${q(image.expose)}`,
    `IMG_STOPSIGNAL=${q(image.stopSignal)}`,
    arr("IMG_HEALTHCHECK", image.healthcheck),
    arr("IMG_ENTRYPOINT", image.entrypoint),
    arr("IMG_CMD", image.cmd),
    arr("IMG_BUILD_COPIES", copies),
  ].join("\n");
}

if (import.meta.main) {
  if (process.argv[2] !== "shell") {
    console.error("usage: bun deploy/docker.ts shell");
    process.exit(2);
  }
  console.log(toShell(parseDockerfile(readFileSync(DOCKERFILE, "utf8"))));
}
