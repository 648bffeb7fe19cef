/**
 * Builds the single executable dist/pinflow: the server, migrations and dashboard in one file.
 * The dashboard is bundled first and passed in through `define`, so it is served from memory.
 * `bun build --compile` never type-checks: `npm test` runs tsc first.
 */
import { rmSync } from "node:fs";
import { bundleWeb } from "./src/web/web.assets";

const outfile = process.argv[2] ?? "dist/pinflow";
rmSync(outfile, { force: true });

const web = (await bundleWeb()).map((f) => ({
  path: f.path,
  type: f.type,
  base64: Buffer.from(f.body).toString("base64"),
}));

const result = await Bun.build({
  entrypoints: ["./src/main.ts"],
  compile: { outfile, autoloadDotenv: true, autoloadBunfig: false },
  minify: { whitespace: true, syntax: true, identifiers: false }, // keep names readable in stack traces
  bytecode: true,
  format: "esm",
  define: {
    "process.env.NODE_ENV": JSON.stringify("production"),
    PINFLOW_EMBEDDED_WEB: JSON.stringify(JSON.stringify(web)),
  },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile} (dashboard: ${web.length} files embedded)`);
