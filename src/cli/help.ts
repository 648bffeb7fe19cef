import { CONFIG_ENTRIES } from "../config";
import { VERSION } from "../version";

export function helpText(commands: ReadonlyArray<{ usage: string; summary: string }>): string {
  const flags = Object.values(CONFIG_ENTRIES)
    .map(
      (e) =>
        `  --${e.flag.padEnd(26)} ${e.env.join(" / ")}${e.default ? ` (default ${e.default})` : ""}\n      ${e.doc}`,
    )
    .join("\n");
  const list = commands.map((c) => `  ${c.usage.padEnd(38)} ${c.summary}`).join("\n");
  return `PinFlow ${VERSION} — self-hosted Pinterest scheduler

Usage: pinflow [command] [flags]

Commands:
${list}

Flags (each also read from its environment variable; flags win):
${flags}
  --help, -h                   Show this help
  --version, -v                Print the version
`;
}
