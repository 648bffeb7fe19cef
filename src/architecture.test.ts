/**
 * The rules of ARCHITECTURE.md, checked on the import graph of src/ (type-only imports included), so the
 * house stays straight: no circles, infrastructure never imports a feature, features never reach into
 * another feature's repo or routes or up into the wiring, and browser code stays browser code.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const SRC = join(ROOT, "src");

/** Every non-test source file under src/, as a path relative to the repository ("src/pins/pins.service.ts"). */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name) || name.endsWith(".d.ts")) return [];
    return [relative(ROOT, path)];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

/** The files of this repository that `file` imports (packages and assets left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec?.startsWith(".")) continue;
    const base = resolve(ROOT, dirname(file), spec);
    const target = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find(
      (p) => existsSync(p) && statSync(p).isFile() && /\.tsx?$/.test(p),
    );
    if (target) found.push(relative(ROOT, target));
  }
  return found;
}

const FILES = sourceFiles();
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** The room a file belongs to: a top-level file or folder of src/ ("pins", "shared", "app.ts"), or web/client. */
function roomOf(file: string): string {
  if (!file.startsWith("src/")) return file.split("/")[0] as string;
  const rest = file.slice("src/".length);
  if (rest.startsWith("web/client/")) return "web/client";
  if (rest === "scheduler/jobs.ts") return "scheduler/jobs.ts";
  return rest.split("/")[0] as string;
}

const INFRASTRUCTURE = new Set([
  "shared",
  "db",
  "http",
  "pinterest",
  "storage",
  "config.ts",
  "version.ts",
  "env.d.ts",
]);
const WIRING = new Set(["deps.ts", "runtime.ts", "app.ts", "scheduler/jobs.ts", "main.ts", "cli", "testing"]);
const FEATURES = new Set(
  FILES.map(roomOf).filter(
    (r) => !INFRASTRUCTURE.has(r) && !WIRING.has(r) && r !== "scheduler" && r !== "web/client",
  ),
);

/** What each kind of room may import, besides itself. */
function allowed(from: string, to: string, target: string): boolean {
  const fromRoom = roomOf(from);
  const toRoom = roomOf(to);
  if (fromRoom === toRoom) return true;
  switch (fromRoom) {
    case "shared":
      return false;
    case "config.ts":
    case "version.ts":
      return toRoom === "shared";
    case "db":
      return toRoom === "shared" || toRoom === "version.ts" || toRoom === "migrations";
    case "http":
      return ["shared", "db", "config.ts", "version.ts"].includes(toRoom);
    case "pinterest":
    case "storage":
      return ["shared", "config.ts", "version.ts"].includes(toRoom);
    case "scheduler":
      return toRoom === "shared";
    case "deps.ts":
      return INFRASTRUCTURE.has(toRoom);
    case "web/client":
      // the browser bundle: its own code, pure shared modules, feature schemas (types) and Pinterest's limits
      return (
        (toRoom === "shared" && !/shared\/(net|crypto|log)\.ts$/.test(to)) ||
        /\.schema\.ts$/.test(to) ||
        to === "src/pinterest/pinterest.limits.ts"
      );
    default:
      if (FEATURES.has(fromRoom)) {
        if (INFRASTRUCTURE.has(toRoom) || toRoom === "deps.ts" || to === "src/scheduler/scheduler.ts")
          return true;
        // another feature: through its service, schema, errors or a named module — never its repo or routes
        return FEATURES.has(toRoom) && !/\.(repo|routes)\.ts$/.test(target);
      }
      // wiring (deps, runtime, app, jobs, cli, main, testing) may import any room, except that only the
      // test harness imports testing/, and only main.ts imports the CLI
      if (toRoom === "testing") return false;
      if (toRoom === "cli" || toRoom === "main.ts") return fromRoom === "main.ts";
      return true;
  }
}

/** Strongly connected components with more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe("the house (ARCHITECTURE.md)", () => {
  test("has no import circle in src/", () => {
    expect(circles(GRAPH)).toEqual([]);
  });

  test("every import follows the rules of its room", () => {
    const broken: string[] = [];
    for (const [from, targets] of GRAPH) {
      for (const to of targets) {
        if (!allowed(from, to, to)) broken.push(`${from} → ${to}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("only repos (and db/) build SQL", () => {
    const sqlOutsideRepos = FILES.filter(
      (f) =>
        !/\.repo\.ts$/.test(f) &&
        !f.startsWith("src/db/") &&
        !f.startsWith("src/testing/") &&
        !f.startsWith("src/pinterest/emulator/") &&
        /\.(selectFrom|updateTable|insertInto|deleteFrom)\(|sql`/.test(readFileSync(join(ROOT, f), "utf8")),
    );
    expect(sqlOutsideRepos).toEqual([]);
  });

  test("the checks see the whole tree (a broken walker would pass everything)", () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(GRAPH.get("src/app.ts")).toContain("src/pins/pins.routes.ts");
    expect(FEATURES.has("pins")).toBe(true);
    expect(FEATURES.has("storage")).toBe(false);
    expect(
      allowed(
        "src/storage/storage.s3.ts",
        "src/uploads/uploads.service.ts",
        "src/uploads/uploads.service.ts",
      ),
    ).toBe(false);
    expect(allowed("src/shared/time.ts", "src/pins/pins.service.ts", "src/pins/pins.service.ts")).toBe(false);
    expect(
      allowed("src/pins/pins.service.ts", "src/boards/boards.repo.ts", "src/boards/boards.repo.ts"),
    ).toBe(false);
    expect(
      circles(
        new Map([
          ["a", ["b"]],
          ["b", ["a"]],
          ["c", []],
        ]),
      ),
    ).toEqual([["a", "b"]]);
  });
});
