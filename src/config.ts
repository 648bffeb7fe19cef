/**
 * PinFlow's configuration: one table of entries, each with its env var, CLI flag, default and doc.
 * Parsed once at start-up (nothing else reads process.env); any invalid value stops start-up with one
 * line naming the variable. The README's configuration table mirrors CONFIG_ENTRIES (a test checks it).
 */
import { isIP } from "node:net";
import * as v from "valibot";
import { LOG_LEVELS } from "./shared/log";

type Str = v.GenericSchema<string, unknown>;

export interface ConfigEntry {
  env: readonly string[];
  flag: string;
  default: string | undefined;
  doc: string;
  schema: v.GenericSchema<string | undefined, unknown>;
  /** A secret: an error about it names the variable and the rule, never the value. */
  secret?: true;
}

const int = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `expected a whole number between ${min} and ${max}`),
    v.transform(Number),
    v.minValue(min, `expected a whole number between ${min} and ${max}`),
    v.maxValue(max, `expected a whole number between ${min} and ${max}`),
  );

const bool = v.pipe(
  v.string(),
  v.toLowerCase(),
  v.picklist(["true", "false", "1", "0", "yes", "no", "on", "off"], "expected true or false"),
  v.transform((s) => ["true", "1", "yes", "on"].includes(s)),
);

const onOff = v.pipe(v.string(), v.toLowerCase(), v.picklist(["on", "off"], "expected on or off"));

const httpUrl = v.pipe(
  v.string(),
  v.url("expected an absolute http(s) URL"),
  v.check((s) => /^https?:\/\//i.test(s), "expected an absolute http(s) URL"),
  v.transform((s) => s.replace(/\/+$/, "")),
);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "10s,1m,2h" → [10000, 60000, 7200000] */
export function parseDurations(text: string): number[] | null {
  const parts = text.split(",").map((p) => p.trim());
  const out: number[] = [];
  for (const part of parts) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(part);
    if (!m) return null;
    out.push(Number(m[1]) * (UNIT_MS[m[2] as string] as number));
  }
  return out;
}

const durations = v.pipe(
  v.string(),
  v.check((s) => parseDurations(s) !== null, 'expected a comma list of durations like "10s,1m,2h"'),
  v.transform((s) => parseDurations(s) as number[]),
);

const cidrList = v.pipe(
  v.string(),
  v.transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  ),
  v.check(
    (list) =>
      list.every((item) => {
        const [ip, bits] = item.split("/");
        return isIP(ip ?? "") !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
      }),
    "expected a comma list of IP addresses or CIDRs",
  ),
);

const optionalString = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty")));

const BASE_PATH_RULE = "expected a path like /pinflow (letters, digits and . _ ~ - between slashes)";

/**
 * "pinflow", "/pinflow/" → "/pinflow"; "/" → "" (the root). null for what cannot be a path prefix: empty, . or
 * .. segments, or characters a proxy or browser would encode or read otherwise (%, ?, #, spaces…).
 */
export function normaliseBasePath(text: string): string | null {
  const trimmed = text.trim().replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  const segments = trimmed.split("/");
  const valid = segments.every((s) => /^[A-Za-z0-9._~-]+$/.test(s) && s !== "." && s !== "..");
  return valid ? `/${segments.join("/")}` : null;
}

const basePath = v.pipe(
  v.string(),
  v.check((s) => normaliseBasePath(s) !== null, BASE_PATH_RULE),
  v.transform((s) => normaliseBasePath(s) as string),
);

export const CONFIG_ENTRIES = {
  host: {
    env: ["PINFLOW_HOST"],
    flag: "host",
    default: "127.0.0.1",
    doc: "Address to bind (0.0.0.0 to expose on every interface).",
    schema: v.pipe(
      v.string(),
      v.check((s) => isIP(s) !== 0 || /^[a-z0-9.-]+$/i.test(s), "expected an IP address or host name"),
    ),
  },
  port: {
    env: ["PINFLOW_PORT", "PORT"],
    flag: "port",
    default: "8080",
    doc: "TCP port to listen on (0 picks a free one).",
    schema: int(0, 65535),
  },
  dataDir: {
    env: ["PINFLOW_DATA_DIR"],
    flag: "data-dir",
    default: "./data",
    doc: "Folder holding pinflow.db (unless PINFLOW_DATABASE_URL is set), uploads/ and secret.key (created if missing).",
    schema: v.pipe(v.string(), v.minLength(1, "must not be empty")),
  },
  databaseUrl: {
    env: ["PINFLOW_DATABASE_URL"],
    flag: "database-url",
    default: undefined,
    doc: 'postgres://user:password@host:5432/db to keep the data in PostgreSQL, shared by several PinFlow processes (README, "Running on more than one machine"). Unset: <data-dir>/pinflow.db (SQLite).',
    schema: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.check(
          (s) => /^postgres(ql)?:\/\/[^\s]+$/i.test(s),
          "expected a postgres://user:password@host:port/database URL",
        ),
      ),
    ),
    secret: true,
  },
  instanceId: {
    env: ["PINFLOW_INSTANCE_ID"],
    flag: "instance-id",
    default: undefined,
    doc: "Names this process in /health and in job records when several run (default <hostname>:<pid>).",
    schema: optionalString,
  },
  publicUrl: {
    env: ["PINFLOW_PUBLIC_URL"],
    flag: "public-url",
    default: undefined,
    doc: "Absolute URL users reach PinFlow at, with its path when it has one (https://example.org/pinflow); upload URLs and the OAuth redirect (<url>/auth/callback) use it. Default http://<host>:<port>.",
    schema: v.optional(httpUrl),
  },
  basePath: {
    env: ["PINFLOW_BASE_PATH"],
    flag: "base-path",
    default: undefined,
    doc: "Path PinFlow answers under when it shares a domain (e.g. /pinflow): the reverse proxy passes the full path on, and every route, link and cookie gets it (/pinflow/docs, /pinflow/auth/callback). Unset: the path of PINFLOW_PUBLIC_URL, else none.",
    schema: v.optional(basePath),
  },
  pinterestClientId: {
    env: ["PINFLOW_PINTEREST_CLIENT_ID"],
    flag: "pinterest-client-id",
    default: undefined,
    doc: "Pinterest app id. Unset (with the secret) means emulator mode.",
    schema: optionalString,
  },
  pinterestClientSecret: {
    env: ["PINFLOW_PINTEREST_CLIENT_SECRET"],
    flag: "pinterest-client-secret",
    default: undefined,
    doc: "Pinterest app secret (prefer the env var: flags show up in ps).",
    schema: optionalString,
    secret: true,
  },
  pinterestApiUrl: {
    env: ["PINFLOW_PINTEREST_API_URL"],
    flag: "pinterest-api-url",
    default: "https://api.pinterest.com/v5",
    doc: "Pinterest API base; https://api-sandbox.pinterest.com/v5 for Trial apps.",
    schema: httpUrl,
  },
  pinterestOauthUrl: {
    env: ["PINFLOW_PINTEREST_OAUTH_URL"],
    flag: "pinterest-oauth-url",
    default: "https://www.pinterest.com/oauth/",
    doc: "Pinterest's authorize page.",
    schema: v.pipe(v.string(), v.url("expected an absolute http(s) URL")),
  },
  secret: {
    env: ["PINFLOW_SECRET"],
    flag: "secret",
    default: undefined,
    doc: "Master key for cookie signing and token encryption (≥ 32 characters). Unset: generated into <data-dir>/secret.key (mode 0600).",
    schema: v.optional(v.pipe(v.string(), v.minLength(32, "must be at least 32 characters"))),
    secret: true,
  },
  trustProxy: {
    env: ["PINFLOW_TRUST_PROXY"],
    flag: "trust-proxy",
    default: "",
    doc: "Comma list of proxy IPs/CIDRs whose X-Forwarded-For is believed.",
    schema: cidrList,
  },
  webhookAllowPrivate: {
    env: ["PINFLOW_WEBHOOK_ALLOW_PRIVATE"],
    flag: "webhook-allow-private",
    default: "false",
    doc: "Allow webhook targets and feed URLs on loopback/private networks (e.g. a homelab n8n or blog).",
    schema: bool,
  },
  ownerDailyLimit: {
    env: ["PINFLOW_OWNER_DAILY_LIMIT"],
    flag: "owner-daily-limit",
    default: "100",
    doc: "Daily pin limit of the first user (the admin who installed PinFlow), who is also put on the pro plan. Existing users keep theirs.",
    schema: int(0, 100_000),
  },
  defaultDailyLimit: {
    env: ["PINFLOW_DEFAULT_DAILY_LIMIT"],
    flag: "default-daily-limit",
    default: "2",
    doc: "Daily pin limit of users who sign up after the first (admins change it per user).",
    schema: int(0, 100_000),
  },
  defaultPlan: {
    env: ["PINFLOW_DEFAULT_PLAN"],
    flag: "default-plan",
    default: "starter",
    doc: "Plan of users who sign up after the first: starter, growth or pro.",
    schema: v.picklist(["starter", "growth", "pro"], "expected starter, growth or pro"),
  },
  uploadQuotaMb: {
    env: ["PINFLOW_UPLOAD_QUOTA_MB"],
    flag: "upload-quota-mb",
    default: "1024",
    doc: "Storage each user's uploads may fill, in MB; an upload beyond it is refused with 413 (GET /uploads lists them, DELETE /uploads/{id} frees space).",
    schema: int(1, 1_048_576),
  },
  maxVideoMb: {
    env: ["PINFLOW_MAX_VIDEO_MB"],
    flag: "max-video-mb",
    default: "200",
    doc: "Largest video upload (POST /pins/upload-video), in MB; streamed to the upload folder or bucket, and counted in the upload quota. Pinterest takes up to 2048 (2 GB).",
    schema: int(1, 2048),
  },
  s3Bucket: {
    env: ["PINFLOW_S3_BUCKET"],
    flag: "s3-bucket",
    default: undefined,
    doc: "Keep uploads in this S3-compatible bucket (AWS S3, MinIO, Garage, R2…) instead of <data-dir>/uploads; needs the two keys below. Unset: the upload folder.",
    schema: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/, "expected a bucket name (letters, digits, . - _)"),
      ),
    ),
  },
  s3Endpoint: {
    env: ["PINFLOW_S3_ENDPOINT"],
    flag: "s3-endpoint",
    default: undefined,
    doc: "The S3 API's base URL (e.g. http://127.0.0.1:9000 for MinIO, https://<account>.r2.cloudflarestorage.com); the bucket is addressed path-style. Default: AWS, https://s3.<region>.amazonaws.com.",
    schema: v.optional(httpUrl),
  },
  s3Region: {
    env: ["PINFLOW_S3_REGION"],
    flag: "s3-region",
    default: undefined,
    doc: "The bucket's region, used in request signatures (us-east-1 when unset; auto for R2; garage for Garage's default).",
    schema: optionalString,
  },
  s3AccessKeyId: {
    env: ["PINFLOW_S3_ACCESS_KEY_ID"],
    flag: "s3-access-key-id",
    default: undefined,
    doc: "Access key id for the bucket (required with PINFLOW_S3_BUCKET).",
    schema: optionalString,
    secret: true,
  },
  s3SecretAccessKey: {
    env: ["PINFLOW_S3_SECRET_ACCESS_KEY"],
    flag: "s3-secret-access-key",
    default: undefined,
    doc: "Secret access key for the bucket (required with PINFLOW_S3_BUCKET; prefer the env var: flags show up in ps).",
    schema: optionalString,
    secret: true,
  },
  s3Prefix: {
    env: ["PINFLOW_S3_PREFIX"],
    flag: "s3-prefix",
    default: undefined,
    doc: "Folder inside the bucket for PinFlow's uploads (e.g. pinflow/uploads); unset: the bucket's top level.",
    schema: v.optional(
      v.pipe(
        v.string(),
        v.transform((s) => s.trim().replace(/^\/+|\/+$/g, "")),
        v.regex(/^[A-Za-z0-9._/-]+$/, "expected a path of letters, digits, . - _ and /"),
        v.check(
          (s) => !s.split("/").some((part) => part === "" || part === "." || part === ".."),
          "expected a path without empty, . or .. parts",
        ),
      ),
    ),
  },
  s3Serve: {
    env: ["PINFLOW_S3_SERVE"],
    flag: "s3-serve",
    default: "proxy",
    doc: "How /static/uploads/<name> answers with S3 storage: proxy streams the object through PinFlow (same headers as the folder); redirect answers 302 to a presigned bucket URL valid for an hour (less traffic through PinFlow; the bucket's own headers apply).",
    schema: v.picklist(["proxy", "redirect"], "expected proxy or redirect"),
  },
  rateLimits: {
    env: ["PINFLOW_RATE_LIMITS"],
    flag: "rate-limits",
    default: "on",
    doc: "off disables the per-IP rate limits (benchmarks, trusted LAN).",
    schema: onOff,
  },
  schedulerTickMs: {
    env: ["PINFLOW_SCHEDULER_TICK_MS"],
    flag: "scheduler-tick-ms",
    default: "1000",
    doc: "How often due pins and webhook deliveries are looked for, in ms.",
    schema: int(1000, 3_600_000),
  },
  publishConcurrency: {
    env: ["PINFLOW_PUBLISH_CONCURRENCY"],
    flag: "publish-concurrency",
    default: "auto",
    doc: "Pinterest publish calls in flight, all profiles together: auto adapts between 4 and 48 (grows while due pins wait, halves on a Pinterest 429); a number fixes it.",
    schema: v.union([v.literal("auto"), int(1, 64)], "expected auto or a whole number between 1 and 64"),
  },
  publishRetryDelays: {
    env: ["PINFLOW_PUBLISH_RETRY_DELAYS"],
    flag: "publish-retry-delays",
    default: "1m,10m",
    doc: "Waits before a pin's 2nd and 3rd attempt after a transient failure (±20 % jitter; a longer Retry-After wins).",
    schema: durations,
  },
  analyticsCallsPerMinute: {
    env: ["PINFLOW_ANALYTICS_CALLS_PER_MINUTE"],
    flag: "analytics-calls-per-minute",
    default: "30",
    doc: "Most Pinterest analytics calls per profile per minute; the daily analytics fetch spreads its calls over an hour below that.",
    schema: int(1, 1000),
  },
  webhookRetryDelays: {
    env: ["PINFLOW_WEBHOOK_RETRY_DELAYS"],
    flag: "webhook-retry-delays",
    default: "10s,1m,5m,30m,2h,6h,15h",
    doc: "Waits between webhook delivery attempts (one more attempt than delays).",
    schema: durations,
  },
  feedPollInterval: {
    env: ["PINFLOW_FEED_POLL_INTERVAL"],
    flag: "feed-poll-interval",
    default: "30m",
    doc: "How often each followed feed (RSS/Atom → pins) is read; after a failure the wait doubles, up to 24 h.",
    schema: v.pipe(
      v.string(),
      v.check(
        (s) => (parseDurations(s) ?? []).length === 1,
        'expected one duration between 1m and 24h, like "30m"',
      ),
      v.transform((s) => (parseDurations(s) as number[])[0] as number),
      v.minValue(60_000, 'expected one duration between 1m and 24h, like "30m"'),
      v.maxValue(86_400_000, 'expected one duration between 1m and 24h, like "30m"'),
    ),
  },
  logLevel: {
    env: ["PINFLOW_LOG_LEVEL"],
    flag: "log-level",
    default: "info",
    doc: "debug, info, warn or error; JSON lines on stdout.",
    schema: v.picklist(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(", ")}`),
  },
  emulator: {
    env: ["PINFLOW_EMULATOR"],
    flag: "emulator",
    default: "auto",
    doc: "auto: emulator mode when no Pinterest credentials and bound to loopback; true forces it; false refuses to start without credentials.",
    schema: v.picklist(["auto", "true", "false"], "expected auto, true or false"),
  },
} satisfies Record<string, ConfigEntry & { schema: Str | v.GenericSchema<string | undefined, unknown> }>;

type Entries = typeof CONFIG_ENTRIES;
type Key = keyof Entries;
const ConfigSchema = v.object(
  Object.fromEntries(Object.entries(CONFIG_ENTRIES).map(([k, e]) => [k, e.schema])) as {
    [K in Key]: Entries[K]["schema"];
  },
);
type RawConfig = v.InferOutput<typeof ConfigSchema>;

export type Mode = "pinterest" | "emulator";

/** Where uploads are kept when PINFLOW_S3_BUCKET is set: every value explicit (see storage/storage.s3.ts). */
export interface S3Settings {
  bucket: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** "" or a path without leading or trailing slash. */
  prefix: string;
  serve: "proxy" | "redirect";
}

export type Config = RawConfig & {
  /** "" or "/pinflow": leading slash, no trailing one. Every path PinFlow is reached at starts with it. */
  basePath: string;
  /** Origin plus basePath, no trailing slash: `${publicUrl}/auth/callback` is the OAuth redirect. */
  publicUrl: string;
  publicUrlExplicit: boolean;
  mode: Mode;
  /** S3-compatible upload storage, or null for the upload folder. */
  s3: S3Settings | null;
};

export class ConfigError extends Error {}

/** Flags win over env vars, env vars over defaults. Throws ConfigError with a one-line message. */
export function parseConfig(
  env: Record<string, string | undefined>,
  flags: Record<string, string | undefined> = {},
) {
  const { raw, source } = resolveRaw(Object.keys(CONFIG_ENTRIES) as Key[], env, flags);
  const result = v.safeParse(ConfigSchema, raw);
  if (!result.success) {
    const issue = result.issues[0];
    const key = issue.path?.[0]?.key as Key;
    const entry: ConfigEntry = CONFIG_ENTRIES[key];
    // A start-up error lands in logs and terminals: a secret's value never appears in it.
    const shown = entry.secret ? "" : `=${JSON.stringify(raw[key])}`;
    throw new ConfigError(`Invalid ${source[key]}${shown}: ${issue.message}`);
  }
  return finish(result.output);
}

/** Each key's raw text (flag, else env var, else default) and where it came from, for error messages. */
function resolveRaw(
  keys: readonly Key[],
  env: Record<string, string | undefined>,
  flags: Record<string, string | undefined>,
) {
  const raw: Record<string, string | undefined> = {};
  const source: Record<string, string> = {};
  for (const key of keys) {
    const entry: ConfigEntry = CONFIG_ENTRIES[key];
    const fromFlag = flags[entry.flag];
    const envName = entry.env.find((name) => env[name] !== undefined && env[name] !== "");
    raw[key] = fromFlag ?? (envName ? env[envName] : entry.default);
    source[key] = fromFlag !== undefined ? `--${entry.flag}` : (envName ?? (entry.env[0] as string));
  }
  return { raw, source };
}

/**
 * Only the address a local client reaches the server at (`pinflow healthcheck`), base path included: host,
 * port and the base path are read exactly as `serve` reads them, and nothing else has to be valid. A wildcard
 * bind answers on loopback.
 */
export function parseLocalUrl(
  env: Record<string, string | undefined>,
  flags: Record<string, string | undefined> = {},
): string {
  const keys = ["host", "port", "publicUrl", "basePath"] as const;
  const { raw, source } = resolveRaw(keys, env, flags);
  const parsed = v.safeParse(
    v.object({
      host: CONFIG_ENTRIES.host.schema,
      port: CONFIG_ENTRIES.port.schema,
      publicUrl: CONFIG_ENTRIES.publicUrl.schema,
      basePath: CONFIG_ENTRIES.basePath.schema,
    }),
    raw,
  );
  if (!parsed.success) {
    const key = parsed.issues[0].path?.[0]?.key as Key;
    throw new ConfigError(`Invalid ${source[key]}=${JSON.stringify(raw[key])}: ${parsed.issues[0].message}`);
  }
  const { host, port, publicUrl, basePath } = parsed.output;
  const local = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${local.includes(":") ? `[${local}]` : local}:${port}${resolveBasePath(publicUrl, basePath)}`;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function finish(c: RawConfig): Config {
  const hasId = c.pinterestClientId !== undefined;
  if (hasId !== (c.pinterestClientSecret !== undefined)) {
    throw new ConfigError(
      "Set both PINFLOW_PINTEREST_CLIENT_ID and PINFLOW_PINTEREST_CLIENT_SECRET, or neither (emulator mode).",
    );
  }
  const mode: Mode = c.emulator === "true" || !hasId ? "emulator" : "pinterest";
  if (mode === "emulator" && c.emulator === "false") {
    throw new ConfigError(
      "PINFLOW_EMULATOR=false but no Pinterest app is configured: set PINFLOW_PINTEREST_CLIENT_ID and PINFLOW_PINTEREST_CLIENT_SECRET.",
    );
  }
  if (mode === "emulator" && c.emulator === "auto" && !LOOPBACK.test(c.host)) {
    throw new ConfigError(
      `Refusing emulator mode on ${c.host}: the demo Pinterest must not be reachable from the network. Configure a Pinterest app, bind to 127.0.0.1, or set PINFLOW_EMULATOR=true.`,
    );
  }
  if (c.databaseUrl !== undefined && c.secret === undefined) {
    // Every process sharing the database must encrypt and sign with one key: a secret.key generated per
    // data folder would differ from machine to machine.
    throw new ConfigError(
      "PINFLOW_DATABASE_URL needs PINFLOW_SECRET too: every PinFlow sharing the database must use the same master key (moving from SQLite: use the contents of <data-dir>/secret.key).",
    );
  }
  const base = resolveBasePath(c.publicUrl, c.basePath);
  const publicUrl = `${c.publicUrl === undefined ? defaultPublicUrl(c.host, c.port) : new URL(c.publicUrl).origin}${base}`;
  return {
    ...c,
    basePath: base,
    publicUrl,
    publicUrlExplicit: c.publicUrl !== undefined,
    mode,
    s3: s3Settings(c),
  };
}

/**
 * The base path: PINFLOW_BASE_PATH, else the path of PINFLOW_PUBLIC_URL (https://example.org/pinflow → /pinflow).
 * With both, the public URL's path is either empty (the base path is added to it) or the base path itself.
 */
function resolveBasePath(publicUrl: string | undefined, explicit: string | undefined): string {
  const fromUrl = publicUrl === undefined ? "" : normaliseBasePath(new URL(publicUrl).pathname);
  if (fromUrl === null) {
    throw new ConfigError(
      `Invalid PINFLOW_PUBLIC_URL=${JSON.stringify(publicUrl)}: its path must be ${BASE_PATH_RULE.replace("expected ", "")}`,
    );
  }
  if (explicit === undefined || fromUrl === "" || fromUrl === explicit) return explicit ?? fromUrl;
  throw new ConfigError(
    `PINFLOW_PUBLIC_URL ends with ${fromUrl} but PINFLOW_BASE_PATH is ${explicit || "/"}: PinFlow is reached at its base path, so make them the same (or give the public URL no path).`,
  );
}

/** The S3 settings come together: none of them without the bucket, and the bucket only with both keys. */
function s3Settings(c: RawConfig): S3Settings | null {
  if (c.s3Bucket === undefined) {
    const stray = (
      [
        ["PINFLOW_S3_ENDPOINT", c.s3Endpoint],
        ["PINFLOW_S3_REGION", c.s3Region],
        ["PINFLOW_S3_ACCESS_KEY_ID", c.s3AccessKeyId],
        ["PINFLOW_S3_SECRET_ACCESS_KEY", c.s3SecretAccessKey],
        ["PINFLOW_S3_PREFIX", c.s3Prefix],
        ["PINFLOW_S3_SERVE", c.s3Serve === "proxy" ? undefined : c.s3Serve],
      ] as const
    ).find(([, value]) => value !== undefined);
    if (stray) {
      throw new ConfigError(
        `${stray[0]} is set but PINFLOW_S3_BUCKET is not: set the bucket to keep uploads in S3, or unset the S3 settings to keep them in the upload folder.`,
      );
    }
    return null;
  }
  if (c.s3AccessKeyId === undefined || c.s3SecretAccessKey === undefined) {
    throw new ConfigError(
      "PINFLOW_S3_BUCKET needs PINFLOW_S3_ACCESS_KEY_ID and PINFLOW_S3_SECRET_ACCESS_KEY (both; nothing is read from AWS_* variables).",
    );
  }
  const region = c.s3Region ?? "us-east-1";
  return {
    bucket: c.s3Bucket,
    endpoint: c.s3Endpoint ?? `https://s3.${region}.amazonaws.com`,
    region,
    accessKeyId: c.s3AccessKeyId,
    secretAccessKey: c.s3SecretAccessKey,
    prefix: c.s3Prefix ?? "",
    serve: c.s3Serve,
  };
}

function defaultPublicUrl(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}

/** The same config on another port (used once port 0 has been resolved to a free port). */
export function withPort(config: Config, port: number): Config {
  return {
    ...config,
    port,
    publicUrl: config.publicUrlExplicit
      ? config.publicUrl
      : `${defaultPublicUrl(config.host, port)}${config.basePath}`,
  };
}

/** A path of PinFlow as a browser asks for it: "/auth/login" → "/pinflow/auth/login" under PINFLOW_BASE_PATH. */
export const publicPath = (config: Pick<Config, "basePath">, path: string): string =>
  `${config.basePath}${path}`;

/** The same path as an absolute URL (PINFLOW_PUBLIC_URL ends with the base path): for what leaves the page. */
export const publicLink = (config: Pick<Config, "publicUrl">, path: string): string =>
  `${config.publicUrl}${path}`;
