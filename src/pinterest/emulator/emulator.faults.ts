/**
 * Fault knobs: how the emulator misbehaves on purpose, so PinFlow's retry, reconciliation, reconnect and
 * video-processing paths can be exercised. One settings object, the same in TypeScript (`emulator.faults`) and as JSON
 * (`POST /_emulator/faults` merges a partial object; `GET /_emulator/state` shows it). Faults live in memory
 * only: a restarted emulator behaves again.
 */
import * as v from "valibot";

/** What a failed call answers: the HTTP status and, optionally, Pinterest's code/message and Retry-After. */
export interface FailureSpec {
  status: number;
  code?: number;
  message?: string;
  /** Seconds, sent as a Retry-After header (meant for 429). */
  retryAfterSeconds?: number;
}

export type RandomFaultKind = "500" | "429" | "hang";

export interface FaultSettings {
  /** Milliseconds added to every /v5 call (real time, not the injected clock). */
  latencyMs: number;
  /** The next `count` POST /v5/pins answer this failure (nothing is created). */
  failCreates: (FailureSpec & { count: number }) | null;
  /** The next N POST /v5/pins never answer (nothing is created) until the caller gives up. */
  hangCreates: number;
  /** The next N POST /v5/pins create (and persist) the pin, then never answer. */
  loseCreateResponses: number;
  /** Share (0..1) of /v5 calls that fail at random with one of `errorKinds`. */
  errorRate: number;
  errorKinds: RandomFaultKind[];
  /** The next `count` refresh_token grants answer this failure (the refresh token stays valid). */
  failRefreshes: (FailureSpec & { count: number }) | null;
  /** Legacy refresh tokens: a refresh returns no new refresh token, and the old one keeps working. */
  legacyRefresh: boolean;
  /** How long an uploaded video stays `processing`, by the emulator's clock (a slow processing). */
  videoProcessingMs: number;
  /** The next N uploaded videos end `failed` once processed, whatever their bytes. */
  failVideoProcessing: number;
  /**
   * Accounts treated as sandbox accounts: Pinterest's sandbox serves no analytics (the spec marks both analytics
   * operations `x-sandbox: disabled`), so their analytics calls answer 403.
   */
  sandboxAccounts: string[];
  /** The next `count` analytics calls (pin or account) answer this failure. */
  failAnalytics: (FailureSpec & { count: number }) | null;
  /** Analytics calls one account may make per minute (by the emulator's clock) before a 429; null = no limit. */
  analyticsPerMinute: number | null;
}

export const defaultFaults = (): FaultSettings => ({
  latencyMs: 0,
  failCreates: null,
  hangCreates: 0,
  loseCreateResponses: 0,
  errorRate: 0,
  errorKinds: ["500", "429", "hang"],
  failRefreshes: null,
  legacyRefresh: false,
  videoProcessingMs: 0,
  failVideoProcessing: 0,
  sandboxAccounts: [],
  failAnalytics: null,
  analyticsPerMinute: null,
});

export interface EmulatorFaults {
  /** A copy of the current settings. */
  get(): FaultSettings;
  /** Merges a partial settings object (the JSON of POST /_emulator/faults); returns the result. */
  set(patch: Partial<FaultSettings>): FaultSettings;
  /** All knobs back to normal. */
  reset(): void;
  latency(ms: number): void;
  /** The next `count` creates fail (default status 500; 0 turns it off). */
  failNextCreates(count: number, failure?: Partial<FailureSpec>): void;
  hangNextCreates(count: number): void;
  loseNextCreateResponses(count: number): void;
  /** `rate` of /v5 calls (0..1) fail with one of `kinds` (default: 500, 429 and hang). */
  errorRate(rate: number, kinds?: RandomFaultKind[]): void;
  /** The next `count` refresh_token grants fail (default status 400; 0 turns it off). */
  failNextRefreshes(count: number, failure?: Partial<FailureSpec>): void;
  legacyRefresh(on: boolean): void;
  /** Every access token issued so far expires now (by the emulator's clock). */
  expireAccessTokens(): void;
  /** Uploaded videos stay `processing` this long (by the emulator's clock) before their outcome. */
  slowVideoProcessing(ms: number): void;
  /** The next `count` uploaded videos end `failed`. */
  failNextVideoProcessing(count: number): void;
  /** Marks an account as a sandbox account (its analytics answer 403), or not. */
  sandbox(accountId: string, on?: boolean): void;
  /** The next `count` analytics calls fail (default status 429; 0 turns it off). */
  failNextAnalytics(count: number, failure?: Partial<FailureSpec>): void;
  /** At most `perMinute` analytics calls per account per minute, then 429 until the minute is over (null: off). */
  analyticsRateLimit(perMinute: number | null): void;
}

/** What a create should do instead of creating, decided (and counted down) once it passed authentication. */
export type CreateFault = { kind: "fail"; failure: FailureSpec } | { kind: "hang" } | null;

export interface FaultEngine extends EmulatorFaults {
  takeCreateFault(): CreateFault;
  /** After a successful create: true when its response is to be lost (counts down). */
  takeLostResponse(): boolean;
  takeRefreshFault(): FailureSpec | null;
  /** For an upload that just arrived: true when it is to fail processing (counts down). */
  takeVideoFailure(): boolean;
  /** Rolls the dice of `errorRate` for one /v5 call. */
  randomFault(): RandomFaultKind | null;
  /** What an analytics call of `accountId` at `now` answers instead (counts it against the per-minute limit). */
  takeAnalyticsFault(accountId: string, now: number): FailureSpec | null;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const FailureSchema = v.strictObject({
  count,
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  code: v.optional(v.pipe(v.number(), v.integer())),
  message: v.optional(v.string()),
  retryAfterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** The JSON accepted by POST /_emulator/faults: any subset of the settings, plus the one-shot action. */
export const FaultPatchSchema = v.strictObject({
  latencyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000))),
  failCreates: v.optional(v.nullable(FailureSchema)),
  hangCreates: v.optional(count),
  loseCreateResponses: v.optional(count),
  errorRate: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  errorKinds: v.optional(v.pipe(v.array(v.picklist(["500", "429", "hang"])), v.minLength(1))),
  failRefreshes: v.optional(v.nullable(FailureSchema)),
  legacyRefresh: v.optional(v.boolean()),
  videoProcessingMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86_400_000))),
  failVideoProcessing: v.optional(count),
  sandboxAccounts: v.optional(v.array(v.pipe(v.string(), v.regex(/^\d+$/)))),
  failAnalytics: v.optional(v.nullable(FailureSchema)),
  analyticsPerMinute: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1)))),
  expireAccessTokens: v.optional(v.boolean()),
});
export type FaultPatch = v.InferOutput<typeof FaultPatchSchema>;

const failure = (n: number, spec: Partial<FailureSpec> | undefined, fallbackStatus: number) =>
  n > 0 ? { count: n, status: fallbackStatus, ...spec } : null;

export function createFaults(hooks: { expireAccessTokens(): void; random: () => number }): FaultEngine {
  let settings = defaultFaults();
  const copy = (): FaultSettings => structuredClone(settings);
  /** Analytics calls per account in the current minute of the emulator's clock. */
  const analyticsCalls = new Map<string, { minute: number; count: number }>();

  const engine: FaultEngine = {
    get: copy,
    set(patch) {
      settings = { ...settings, ...structuredClone(patch) };
      if (settings.failCreates?.count === 0) settings.failCreates = null;
      if (settings.failRefreshes?.count === 0) settings.failRefreshes = null;
      if (settings.failAnalytics?.count === 0) settings.failAnalytics = null;
      return copy();
    },
    reset() {
      settings = defaultFaults();
      analyticsCalls.clear();
    },
    latency(ms) {
      settings.latencyMs = ms;
    },
    failNextCreates(n, spec) {
      settings.failCreates = failure(n, spec, 500);
    },
    hangNextCreates(n) {
      settings.hangCreates = n;
    },
    loseNextCreateResponses(n) {
      settings.loseCreateResponses = n;
    },
    errorRate(rate, kinds) {
      settings.errorRate = rate;
      if (kinds) settings.errorKinds = [...kinds];
    },
    failNextRefreshes(n, spec) {
      settings.failRefreshes = failure(n, spec, 400);
    },
    legacyRefresh(on) {
      settings.legacyRefresh = on;
    },
    expireAccessTokens: () => hooks.expireAccessTokens(),
    slowVideoProcessing(ms) {
      settings.videoProcessingMs = ms;
    },
    failNextVideoProcessing(n) {
      settings.failVideoProcessing = n;
    },
    sandbox(accountId, on = true) {
      const others = settings.sandboxAccounts.filter((id) => id !== accountId);
      settings.sandboxAccounts = on ? [...others, accountId] : others;
    },
    failNextAnalytics(n, spec) {
      settings.failAnalytics = failure(n, spec, 429);
    },
    analyticsRateLimit(perMinute) {
      settings.analyticsPerMinute = perMinute;
    },

    takeCreateFault() {
      const fail = settings.failCreates;
      if (fail && fail.count > 0) {
        fail.count -= 1;
        if (fail.count === 0) settings.failCreates = null;
        const { count: _left, ...spec } = fail;
        return { kind: "fail", failure: spec };
      }
      if (settings.hangCreates > 0) {
        settings.hangCreates -= 1;
        return { kind: "hang" };
      }
      return null;
    },
    takeLostResponse() {
      if (settings.loseCreateResponses <= 0) return false;
      settings.loseCreateResponses -= 1;
      return true;
    },
    takeRefreshFault() {
      const fail = settings.failRefreshes;
      if (!fail || fail.count <= 0) return null;
      fail.count -= 1;
      if (fail.count === 0) settings.failRefreshes = null;
      const { count: _left, ...spec } = fail;
      return spec;
    },
    takeVideoFailure() {
      if (settings.failVideoProcessing <= 0) return false;
      settings.failVideoProcessing -= 1;
      return true;
    },
    takeAnalyticsFault(accountId, now) {
      const fail = settings.failAnalytics;
      if (fail && fail.count > 0) {
        fail.count -= 1;
        if (fail.count === 0) settings.failAnalytics = null;
        const { count: _left, ...spec } = fail;
        return spec;
      }
      const limit = settings.analyticsPerMinute;
      if (limit !== null) {
        const minute = Math.floor(now / 60_000);
        const seen = analyticsCalls.get(accountId);
        const count = seen?.minute === minute ? seen.count + 1 : 1;
        analyticsCalls.set(accountId, { minute, count });
        if (count > limit) {
          return {
            status: 429,
            retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000)),
          };
        }
      }
      return null;
    },
    randomFault() {
      if (settings.errorRate <= 0 || settings.errorKinds.length === 0) return null;
      if (hooks.random() >= settings.errorRate) return null;
      const index = Math.floor(hooks.random() * settings.errorKinds.length);
      return settings.errorKinds[Math.min(index, settings.errorKinds.length - 1)] ?? null;
    },
  };
  return engine;
}

/** Applies the JSON of POST /_emulator/faults. */
export function applyFaultPatch(faults: EmulatorFaults, patch: FaultPatch): FaultSettings {
  const { expireAccessTokens, ...settings } = patch;
  const result = faults.set(settings as Partial<FaultSettings>);
  if (expireAccessTokens) faults.expireAccessTokens();
  return result;
}
