/**
 * Builds the single executable: the server, migrations and dashboard in one file.
 * The dashboard is bundled first and passed in through `define`, so it is served from memory.
 * `bun build --compile` never type-checks: `npm test` runs tsc first.
 *
 *   bun run build.ts                                   dist/pinflow for this machine
 *   bun run build.ts OUTFILE [--target=bun-linux-arm64]  one binary, optionally for another platform
 *   bun run build.ts --release                         dist/pinflow-linux-{x64,arm64} + dist/SHA256SUMS
 *
 * Another platform's Bun runtime is downloaded by Bun from the npm registry on first use (then cached),
 * so cross-compiling needs that registry; building for this machine needs nothing.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { BUN_HEADER_LIMIT } from "./src/http/limits";
import { bundleWeb } from "./src/web/web.assets";

/** Release file name → Bun compile target. The Dockerfile maps TARGETARCH onto the same targets. */
const RELEASE_TARGETS = {
  "pinflow-linux-x64": "bun-linux-x64",
  "pinflow-linux-arm64": "bun-linux-arm64",
} as const;

type Target = (typeof RELEASE_TARGETS)[keyof typeof RELEASE_TARGETS];

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { target: { type: "string" }, release: { type: "boolean" } },
  allowPositionals: true,
});

const web = (await bundleWeb()).map((f) => ({
  path: f.path,
  type: f.type,
  base64: Buffer.from(f.body).toString("base64"),
}));

async function compile(outfile: string, target?: string): Promise<void> {
  rmSync(outfile, { force: true });
  mkdirSync(dirname(outfile), { recursive: true });
  const label = target ?? "this machine";
  let result: Bun.BuildOutput;
  try {
    result = await Bun.build({
      entrypoints: ["./src/main.ts"],
      compile: {
        outfile,
        autoloadDotenv: true,
        autoloadBunfig: false,
        // Bun's header limit raised as a runtime flag: serve then need not load node:http to raise it.
        execArgv: [`--max-http-header-size=${BUN_HEADER_LIMIT}`],
        ...(target ? { target } : {}),
      },
      minify: { whitespace: true, syntax: true, identifiers: false }, // keep names readable in stack traces
      bytecode: true,
      format: "esm",
      define: {
        "process.env.NODE_ENV": JSON.stringify("production"),
        PINFLOW_EMBEDDED_WEB: JSON.stringify(JSON.stringify(web)),
      },
    } as Bun.BuildConfig);
  } catch (err) {
    fail(label, err);
  }
  if (!result.success) fail(label, new AggregateError(result.logs, "build failed"));
  console.log(`built ${outfile} for ${label} (dashboard: ${web.length} files embedded)`);
}

function fail(label: string, err: unknown): never {
  const detail = err instanceof AggregateError ? err.errors.map(String).join("\n") : String(err);
  console.error(`pinflow build: could not build for ${label}: ${detail}`);
  if (/download/i.test(detail)) {
    console.error(
      `  Bun fetches the ${label} runtime from the npm registry the first time it cross-compiles; check that this machine can reach it (or build on a machine of that platform).`,
    );
  }
  process.exit(1);
}

if (values.release) {
  const dir = "dist";
  const sums: string[] = [];
  for (const [name, target] of Object.entries(RELEASE_TARGETS) as Array<[string, Target]>) {
    const outfile = join(dir, name);
    await compile(outfile, target);
    sums.push(`${createHash("sha256").update(readFileSync(outfile)).digest("hex")}  ${basename(outfile)}`);
  }
  writeFileSync(join(dir, "SHA256SUMS"), `${sums.join("\n")}\n`);
  console.log(`wrote ${join(dir, "SHA256SUMS")} (check with: cd ${dir} && sha256sum -c SHA256SUMS)`);
} else {
  await compile(positionals[0] ?? "dist/pinflow", values.target);
}
