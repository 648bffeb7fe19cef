/**
 * Builds the single executable dist/pinflow: the server, migrations and dashboard in one file.
 * `bun build --compile` never type-checks: `npm test` runs tsc first.
 */
import { rmSync } from "node:fs";

const outfile = process.argv[2] ?? "dist/pinflow";
rmSync(outfile, { force: true });
const result = await Bun.build({
  entrypoints: ["./src/main.ts"],
  compile: { outfile, autoloadDotenv: true, autoloadBunfig: false },
  minify: { whitespace: true, syntax: true, identifiers: false }, // keep names readable in stack traces
  bytecode: true,
  format: "esm",
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile}`);
