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

type Line = Record<string, unknown>;

/**
 * A logger that keeps lines in memory, for tests that assert on what was logged. `next(match)` resolves
 * with the first line (logged already or later) that `match` accepts: lines written after a response is
 * sent are awaited, not slept for.
 */
export function createMemoryLogger(level: LogLevel = "debug") {
  const lines: Line[] = [];
  const waiting: Array<{ match: (l: Line) => boolean; resolve: (l: Line) => void }> = [];
  const logger = createLogger({
    level,
    write: (text) => {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      for (const w of waiting.filter((w) => w.match(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    },
  });
  const next = (match: (l: Line) => boolean): Promise<Line> => {
    const found = lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiting.push({ match, resolve }));
  };
  return { logger, lines, next };
}
