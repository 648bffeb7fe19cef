import { parseArgs } from "node:util";
import { CONFIG_ENTRIES } from "../config";

/** Flags that are not configuration: commands' own options. */
const COMMAND_FLAGS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  user: { type: "string" },
  name: { type: "string" },
  plan: { type: "string" },
  "daily-limit": { type: "string" },
  admin: { type: "string" },
  json: { type: "boolean" },
  "redirect-uri": { type: "string" },
  keep: { type: "string" },
  to: { type: "string" },
} as const;

export interface ParsedArgs {
  command: string;
  positionals: string[];
  configFlags: Record<string, string | undefined>;
  options: {
    [K in keyof typeof COMMAND_FLAGS]?: (typeof COMMAND_FLAGS)[K]["type"] extends "boolean"
      ? boolean
      : string;
  };
}

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): ParsedArgs {
  const configOptions = Object.fromEntries(
    Object.values(CONFIG_ENTRIES).map((e) => [e.flag, { type: "string" as const }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...configOptions, ...COMMAND_FLAGS },
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const configFlags: Record<string, string | undefined> = {};
  for (const entry of Object.values(CONFIG_ENTRIES)) {
    const value = values[entry.flag];
    if (typeof value === "string") configFlags[entry.flag] = value;
  }
  const options = Object.fromEntries(
    Object.keys(COMMAND_FLAGS).map((k) => [k, values[k]]),
  ) as ParsedArgs["options"];
  const [command = "serve", ...positionals] = parsed.positionals;
  return { command, positionals, configFlags, options };
}
