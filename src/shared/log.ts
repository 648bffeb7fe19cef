export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

/** JSON lines: one object per event, `t`, `level`, `msg`, then the event's own fields. */
export function createLogger(opts: {
  level: LogLevel;
  write?: (line: string) => void;
  base?: Fields;
}): Logger {
  const min = LOG_LEVELS.indexOf(opts.level);
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (level: LogLevel) => (msg: string, fields?: Fields) => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    write(
      JSON.stringify({ t: new Date().toISOString(), level, msg, ...opts.base, ...fields }, errorReplacer),
    );
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => createLogger({ ...opts, write, base: { ...opts.base, ...fields } }),
  };
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** A logger that keeps lines in memory, for tests that assert on what was logged. */
export function createMemoryLogger(level: LogLevel = "debug") {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level, write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}
