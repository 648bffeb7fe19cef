/**
 * The daily analytics fetch (job "analytics", fired every minute). Once per UTC day each profile gets a run:
 * its account totals, then each pin PinFlow published in Pinterest's 90-day window, one call each, every call
 * storing up to 90 days (a day fetched again overwrites itself, so a re-run changes nothing but late numbers).
 *
 * Bounded: a firing makes at most ceil(calls the run needs / 60) calls per profile — so a day's calls spread
 * over about an hour — and never more than PINFLOW_ANALYTICS_CALLS_PER_MINUTE. A 429 pauses the profile's
 * analytics for Retry-After (a minute when Pinterest does not say), as the publisher pauses publishing; other
 * failures back off and, after a few in a row on the same pin, skip it for the day.
 *
 * Resumable: where the run stands (account done, the last pin done) is written with each pin's numbers in one
 * transaction, so a restart or a pause continues at the next pin.
 *
 * Harmless where analytics are unavailable: a sandbox API, a token without the scopes, or Pinterest's 403 marks
 * the profile unavailable with the reason (shown by GET /analytics/summary and the dashboard). It is asked
 * again once a week — one call — or at once when a reconnect changes its scopes. Never a retry storm.
 */
import type { AnalyticsSync } from "../db/schema";
import type { Deps } from "../deps";
import type { AnalyticsDay } from "../pinterest/pinterest.client";
import { PinterestError } from "../pinterest/pinterest.errors";
import { findProfile } from "../profiles/profiles.service";
import { ReconnectNeededError, withAccessToken } from "../profiles/profiles.tokens";
import { utcDay } from "../shared/time";
import * as repo from "./analytics.repo";

export type SyncDeps = Pick<Deps, "db" | "clock" | "keys" | "pinterest" | "log" | "inProcess" | "config">;

const DAY_MS = 86_400_000;
/** Pinterest answers this many days back (start_date at most 90 days before today: today and 89 before). */
export const WINDOW_DAYS = 90;
/** A day's calls are spread over this many firings (minutes). */
export const SPREAD_MINUTES = 60;
/** An unavailable profile is asked again after this long (or at once when its scopes change). */
export const RECHECK_UNAVAILABLE_MS = 7 * DAY_MS;
/** A 429 without Retry-After pauses this long. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 60_000;
/** A transient failure pauses this long times the failures in a row. */
export const TRANSIENT_PAUSE_MS = 5 * 60_000;
/** Transient failures in a row on one call before it is skipped for the day. */
export const MAX_FAILURES = 3;
/** The scopes Pinterest's analytics need (spec: pins/analytics and user_account/analytics). */
const NEEDED_SCOPES = ["boards:read", "pins:read", "user_accounts:read"];

export interface SyncReport {
  calls: number;
  pins: number;
  profiles: Record<
    number,
    "done" | "running" | "paused" | "unavailable" | "finished" | "reconnect" | "waiting"
  >;
}

/** Days with numbers, as stored; days Pinterest has no numbers for (yet) are left out. */
function toRows(days: AnalyticsDay[]): repo.MetricRow[] {
  return days
    .filter((d) => d.metrics !== null)
    .map((d) => ({
      date: d.date,
      impressions: d.metrics?.IMPRESSION ?? 0,
      saves: d.metrics?.SAVE ?? 0,
      pin_clicks: d.metrics?.PIN_CLICK ?? 0,
      outbound_clicks: d.metrics?.OUTBOUND_CLICK ?? 0,
    }));
}

/** One firing of the job: every profile with work gets its share of calls. */
export async function syncAnalytics(deps: SyncDeps): Promise<SyncReport> {
  const report: SyncReport = { calls: 0, pins: 0, profiles: {} };
  for (const profile of await repo.listProfilesToSync(deps.db)) {
    report.profiles[profile.id] = await syncProfile(deps, profile, report);
  }
  return report;
}

const scopesOf = (scopes: string) => scopes.split(/[\s,]+/).filter(Boolean);

/** Why Pinterest will give this profile no analytics, known without asking; null when it should be asked. */
function knownUnavailable(deps: SyncDeps, scopes: string): string | null {
  if (/api-sandbox\./i.test(deps.config.pinterestApiUrl) && deps.config.mode === "pinterest")
    return "Pinterest's sandbox serves no analytics; they come with production access.";
  const granted = scopesOf(scopes);
  const missing = NEEDED_SCOPES.filter((s) => !granted.includes(s));
  // No scopes stored (an old connection) says nothing: ask Pinterest.
  if (granted.length > 0 && missing.length > 0)
    return `The Pinterest account was connected without ${missing.join(", ")}: reconnect it to let PinFlow read its analytics.`;
  return null;
}

async function syncProfile(
  deps: SyncDeps,
  profile: { id: number; scopes: string },
  report: SyncReport,
): Promise<SyncReport["profiles"][number]> {
  const now = deps.clock.now();
  const today = utcDay(now);
  let state = await repo.findSync(deps.db, profile.id);
  const recheck =
    state?.available === 0 &&
    (state.checked_scopes !== profile.scopes || (state.recheck_at !== null && state.recheck_at <= now));
  if (state?.available === 0 && !recheck) return "unavailable";
  if (state?.paused_until && state.paused_until > now) return "paused";

  const known = knownUnavailable(deps, profile.scopes);
  if (known) {
    await markUnavailable(deps, profile, known);
    return "unavailable";
  }

  // pins of the last 90 days; not today's: Pinterest has no numbers for them before tomorrow
  const before = Date.parse(`${today}T00:00:00Z`);
  const window = { since: before - (WINDOW_DAYS - 1) * DAY_MS, before };
  const since = window.since;
  if (!state || state.run_date !== today || recheck) {
    const calls = (await repo.countPublishedPins(deps.db, profile.id, window)) + 1;
    await repo.saveSync(
      deps.db,
      profile.id,
      {
        run_date: today,
        run_calls: calls,
        account_done: 0,
        cursor_pin_id: 0,
        pins_done: 0,
        failures: 0,
        run_finished_at: null,
        paused_until: null,
      },
      now,
    );
    state = (await repo.findSync(deps.db, profile.id)) as AnalyticsSync;
  } else if (state.run_finished_at !== null) return "done";

  const full = await findProfile(deps, profile.id);
  if (!full) return "waiting";
  const budget = Math.min(
    deps.config.analyticsCallsPerMinute,
    Math.max(1, Math.ceil(state.run_calls / SPREAD_MINUTES)),
  );
  const startDate = (publishedAt: number) => utcDay(Math.max(publishedAt, since));
  let spent = 0;
  try {
    if (!state.account_done) {
      spent++;
      report.calls++;
      const series = await withAccessToken(deps, full, (token) =>
        deps.pinterest.getAccountAnalytics(token, {
          startDate: utcDay(since),
          endDate: today,
          metricTypes: ["IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK"],
        }),
      );
      await deps.db.transaction().execute(async (trx) => {
        await repo.saveAccountDays(trx, profile.id, toRows(series.days), now);
        await repo.saveSync(trx, profile.id, { ...succeeded(now), account_done: 1 }, now);
      });
      state = { ...state, account_done: 1 };
    }
    const pins =
      budget > spent
        ? await repo.listPublishedPins(deps.db, profile.id, window, state.cursor_pin_id, budget - spent)
        : [];
    for (const pin of pins) {
      spent++;
      report.calls++;
      try {
        const series = await withAccessToken(deps, full, (token) =>
          deps.pinterest.getPinAnalytics(token, pin.pinterest_pin_id as string, {
            startDate: startDate(pin.published_at as number),
            endDate: today,
          }),
        );
        const pinsDone: number = state.pins_done + 1;
        await deps.db.transaction().execute(async (trx) => {
          await repo.savePinDays(trx, { profileId: profile.id, pinId: pin.id }, toRows(series.days), now);
          await repo.saveSync(
            trx,
            profile.id,
            { ...succeeded(now), cursor_pin_id: pin.id, pins_done: pinsDone },
            now,
          );
        });
        state = { ...state, cursor_pin_id: pin.id, pins_done: pinsDone, failures: 0 };
        report.pins++;
      } catch (err) {
        // a pin Pinterest no longer has, or will not tell about, is skipped for the day (a lone refusal:
        // once other pins were answered, the account's access is fine)
        const skip =
          err instanceof PinterestError &&
          err.kind === "permanent" &&
          (err.status !== 403 || state.pins_done > 0);
        if (!skip) throw err;
        deps.log.info("analytics: pin skipped", { profile_id: profile.id, pin_id: pin.id, err: err.message });
        await repo.saveSync(deps.db, profile.id, { cursor_pin_id: pin.id, last_error: err.message }, now);
        state = { ...state, cursor_pin_id: pin.id };
      }
    }
    if (budget > spent) {
      await repo.saveSync(deps.db, profile.id, { run_finished_at: now }, now);
      deps.log.info("analytics fetched", { profile_id: profile.id, date: today, pins: state.pins_done });
      return "finished";
    }
    return "running";
  } catch (err) {
    return failed(deps, profile, state, window, err);
  }
}

const succeeded = (now: number) => ({
  available: 1,
  unavailable_reason: null,
  checked_scopes: null,
  recheck_at: null,
  failures: 0,
  last_synced_at: now,
  last_error: null,
});

async function markUnavailable(deps: SyncDeps, profile: { id: number; scopes: string }, reason: string) {
  const now = deps.clock.now();
  await repo.saveSync(
    deps.db,
    profile.id,
    {
      available: 0,
      unavailable_reason: reason,
      checked_scopes: profile.scopes,
      recheck_at: now + RECHECK_UNAVAILABLE_MS,
      run_date: utcDay(now),
      run_finished_at: now,
      paused_until: null,
    },
    now,
  );
  deps.log.warn("analytics unavailable", { profile_id: profile.id, reason });
}

/** After a failed call: pause on a 429, mark unavailable on a refusal, back off (and eventually skip) otherwise. */
async function failed(
  deps: SyncDeps,
  profile: { id: number; scopes: string },
  state: AnalyticsSync,
  window: { since: number; before: number },
  err: unknown,
): Promise<SyncReport["profiles"][number]> {
  const now = deps.clock.now();
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ReconnectNeededError) {
    await repo.saveSync(deps.db, profile.id, { last_error: message }, now);
    return "reconnect";
  }
  if (err instanceof PinterestError && err.kind === "rate_limited") {
    const pause = err.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
    await repo.saveSync(deps.db, profile.id, { paused_until: now + pause, last_error: message }, now);
    deps.log.info("analytics paused by Pinterest's rate limit", { profile_id: profile.id, pause_ms: pause });
    return "paused";
  }
  if (err instanceof PinterestError && err.kind === "permanent" && err.status === 403) {
    // 403 on the account, or on the first pin: Pinterest gives this account no analytics
    await markUnavailable(deps, profile, err.details.pinterestMessage ?? message);
    return "unavailable";
  }
  const failures = state.failures + 1;
  if (!(err instanceof PinterestError))
    deps.log.error("analytics fetch crashed", { profile_id: profile.id, err });
  if (failures >= MAX_FAILURES) {
    // give up on this call for the day: the account part, or the pin after the cursor
    const next = state.account_done
      ? await repo.listPublishedPins(deps.db, profile.id, window, state.cursor_pin_id, 1)
      : [];
    await repo.saveSync(
      deps.db,
      profile.id,
      {
        failures: 0,
        account_done: 1,
        cursor_pin_id: next[0]?.id ?? state.cursor_pin_id,
        paused_until: now + TRANSIENT_PAUSE_MS,
        last_error: message,
      },
      now,
    );
  } else {
    await repo.saveSync(
      deps.db,
      profile.id,
      { failures, paused_until: now + TRANSIENT_PAUSE_MS * failures, last_error: message },
      now,
    );
  }
  deps.log.warn("analytics fetch failed", { profile_id: profile.id, failures, err: message });
  return "paused";
}
