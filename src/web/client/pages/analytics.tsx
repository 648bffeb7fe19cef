/**
 * Analytics: Pinterest's numbers of the pins PinFlow published, kept past Pinterest's 90 days — totals, a
 * daily chart (the account's totals beside), the top pins, the boards, and posting times suggested from the
 * account's own history.
 */
import { useState } from "preact/hooks";
import type {
  AvailabilityDto,
  MetricName,
  SuggestionsDto,
  SummaryDto,
} from "../../../analytics/analytics.schema";
import type { ScheduleDto } from "../../../schedule/schedule.schema";
import { get, put, qs } from "../api";
import { BarList, daysBetween, formatNumber, onDates, shortDate, TimeChart } from "../components/charts";
import { METRICS } from "../components/pin-chart";
import { Flash } from "../components/pins";
import { Button, Empty, ErrorText, Loading, Notice, PageHeader, Tabs } from "../components/ui";
import { formatTime } from "../format";
import { useAction, useLoad } from "../hooks";
import { useSession } from "../session";
import "./analytics.css";
import { withBase } from "../base";

const DAY_MS = 86_400_000;
const PERIODS = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
] as const;
const DAY_WORDS: Record<string, string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function AvailabilityNotice(props: { availability: AvailabilityDto; timeZone: string }) {
  const a = props.availability;
  const t = (iso: string | null) => formatTime(iso, props.timeZone);
  if (a.status === "unavailable") {
    return (
      <Notice kind="warn">
        <strong>Pinterest gives this account no analytics.</strong> {a.reason}{" "}
        {a.next_check_at
          ? `PinFlow asks again ${t(a.next_check_at)}, or as soon as you reconnect the account.`
          : null}
      </Notice>
    );
  }
  if (a.status === "pending") {
    return (
      <Notice>
        PinFlow fetches Pinterest's numbers every night (from 00:00 UTC) for the pins it published in the last
        90 days, and keeps them. Pinterest reports a day once it is over, so the first numbers arrive the day
        after publishing.
      </Notice>
    );
  }
  return (
    <p class="muted small">
      Last fetched from Pinterest {t(a.last_synced_at)}
      {a.paused_until ? ` · paused by Pinterest's rate limit until ${t(a.paused_until)}` : ""}. PinFlow keeps
      every day, so this history goes back further than Pinterest's own 90 days.
    </p>
  );
}

function BestTimes(props: { profileId: number }) {
  const data = useLoad(
    () => get<SuggestionsDto>(`/profiles/${props.profileId}/schedule/suggestions`),
    [props.profileId],
  );
  const action = useAction();
  const [flash, setFlash] = useState<string | null>(null);
  const s = data.data;
  const apply = () =>
    action.run(async () => {
      if (!s || !confirm("Replace this account's posting slots with these?")) return;
      const current = await get<ScheduleDto>(`/profiles/${props.profileId}/schedule`);
      await put(`/profiles/${props.profileId}/schedule`, {
        slots: s.slots,
        min_spacing_days: current.min_spacing_days,
      });
      setFlash("Posting schedule updated: queued pins now take these slots.");
    });
  return (
    <section class="card best-times" aria-labelledby="best-times-title">
      <h2 id="best-times-title">Best times to post</h2>
      <ErrorText error={data.error ?? action.error} />
      {s ? (
        <>
          <p class="muted">{s.message}</p>
          <ul class="slot-chips" aria-label="Suggested weekly slots">
            {s.slots.map((slot, i) => (
              <li key={`${slot.day}-${slot.time}-${i}`}>
                {DAY_WORDS[slot.day]} {slot.time}
              </li>
            ))}
          </ul>
          <p class="small muted">
            {s.basis === "history"
              ? `Learned from ${s.pins_considered} pins`
              : "Pinterest's usual good times"}
            , in {s.timezone}.
          </p>
          <Flash message={flash} />
          <Button busy={action.busy} onClick={() => void apply()}>
            Use as posting schedule
          </Button>
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}

export function AnalyticsPage() {
  const { selected, me } = useSession();
  const [period, setPeriod] = useState<number>(90);
  const [metric, setMetric] = useState<MetricName>("impressions");
  const to = utcDay(Date.now());
  const from = utcDay(Date.now() - (period - 1) * DAY_MS);
  const summary = useLoad(
    () => get<SummaryDto>(`/analytics/summary${qs({ profile_id: selected?.id, from, to, limit: 5 })}`),
    [selected?.id, from, to],
  );
  const chosen = METRICS.find((m) => m.id === metric) ?? (METRICS[0] as (typeof METRICS)[number]);
  const timeZone = me?.timezone ?? "UTC";
  const s = summary.data;
  const dates = s ? daysBetween(s.from, s.to) : [];
  const nothing = s !== undefined && s.days.length === 0 && s.account_days.length === 0;

  return (
    <div class="analytics">
      <PageHeader
        title="Analytics"
        subtitle={
          s
            ? `@${s.pinterest_username} on Pinterest, ${shortDate(s.from, true)} – ${shortDate(s.to, true)}`
            : undefined
        }
      >
        <fieldset class="period-picker">
          <legend class="sr-only">Period</legend>
          {PERIODS.map((p) => (
            <button
              type="button"
              key={p.days}
              class={`btn btn-small ${period === p.days ? "btn-primary" : "btn-secondary"}`}
              aria-pressed={period === p.days}
              onClick={() => setPeriod(p.days)}
            >
              {p.label}
            </button>
          ))}
        </fieldset>
      </PageHeader>
      <ErrorText error={summary.error} />
      {summary.loading && !s ? <Loading label="Loading analytics…" /> : null}
      {s ? <AvailabilityNotice availability={s.availability} timeZone={timeZone} /> : null}
      {s ? (
        <div class="stat-grid">
          {METRICS.map((m) => (
            <button
              type="button"
              key={m.id}
              class={`stat ${metric === m.id ? "active" : ""}`}
              aria-pressed={metric === m.id}
              onClick={() => setMetric(m.id)}
            >
              <span class="stat-label">
                <i style={{ background: m.color }} /> {m.label}
              </span>
              <strong class="stat-value">{formatNumber(s.totals[m.id])}</strong>
              <span class="stat-sub">
                {s.account_totals
                  ? `of ${formatNumber(s.account_totals[m.id])} on the whole account`
                  : "PinFlow's pins"}
              </span>
            </button>
          ))}
        </div>
      ) : null}
      {nothing ? (
        <Empty title="No Pinterest numbers in this period">
          <p>Publish pins with PinFlow; their numbers appear here from the day after they go live.</p>
        </Empty>
      ) : null}
      {s && !nothing ? (
        <section class="card section" aria-labelledby="series-title">
          <div class="card-head">
            <h2 id="series-title">{chosen.label} per day</h2>
            <div class="legend">
              <span>
                <i style={{ background: chosen.color }} /> Pins published with PinFlow
              </span>
              {s.account_days.length ? (
                <span>
                  <i style={{ background: "#8a8a8a" }} /> Whole account
                </span>
              ) : null}
            </div>
          </div>
          <Tabs
            tabs={METRICS.map((m) => ({ id: m.id, label: m.label }))}
            active={metric}
            onChange={(id) => setMetric(id as MetricName)}
          />
          <TimeChart
            label={`${chosen.label} per day`}
            dates={dates}
            series={[
              ...(s.account_days.length
                ? [
                    {
                      name: "Whole account",
                      color: "#8a8a8a",
                      kind: "dashed" as const,
                      values: onDates(dates, s.account_days, (r) => r[metric]),
                    },
                  ]
                : []),
              {
                name: "PinFlow's pins",
                color: chosen.color,
                values: onDates(dates, s.days, (r) => r[metric]),
              },
            ]}
          />
        </section>
      ) : null}
      {s && !nothing ? (
        <div class="analytics-grid section">
          <section class="card" aria-labelledby="top-title">
            <h2 id="top-title">Top pins by {chosen.label.toLowerCase()}</h2>
            {s.top_pins[metric].length === 0 ? (
              <p class="muted">No pin had {chosen.label.toLowerCase()} in this period.</p>
            ) : (
              <ol class="top-pins">
                {s.top_pins[metric].map((p) => (
                  <li key={p.pin_id}>
                    <img class="thumb" src={p.media_url} alt="" width={52} height={52} loading="lazy" />
                    <span class="top-pin-text">
                      <a href={withBase(`/app/pins/${p.pin_id}`)}>{p.title || "Untitled pin"}</a>
                      <span class="muted small">
                        {formatNumber(p.impressions)} impressions · {formatNumber(p.saves)} saves ·{" "}
                        {formatNumber(p.pin_clicks + p.outbound_clicks)} clicks
                      </span>
                    </span>
                    <strong class="top-pin-value">{formatNumber(p[metric])}</strong>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section class="card" aria-labelledby="boards-title">
            <h2 id="boards-title">{chosen.label} by board</h2>
            {s.boards.length === 0 ? (
              <p class="muted">No board had numbers in this period.</p>
            ) : (
              <BarList
                label={`${chosen.label} by board`}
                color={chosen.color}
                items={[...s.boards]
                  .sort((a, b) => b[metric] - a[metric])
                  .map((b) => ({
                    key: b.board_id,
                    label: b.name ?? `board ${b.board_id}`,
                    title: `${b.name ?? b.board_id}: ${b.pins} pin${b.pins === 1 ? "" : "s"}`,
                    value: b[metric],
                  }))}
              />
            )}
          </section>
        </div>
      ) : null}
      {selected ? (
        <div class="section">
          <BestTimes profileId={selected.id} />
        </div>
      ) : null}
    </div>
  );
}
