/** A published pin's Pinterest numbers, day by day, as PinFlow kept them (GET /pins/{id}/analytics). */
import { useState } from "preact/hooks";
import type { MetricName, PinAnalyticsDto } from "../../../analytics/analytics.schema";
import { get, qs } from "../api";
import { useLoad } from "../hooks";
import { daysBetween, formatNumber, onDates, TimeChart } from "./charts";
import { ErrorText, Loading, Tabs } from "./ui";

/** The four metrics, as the dashboard names and colours them. */
export const METRICS: ReadonlyArray<{ id: MetricName; label: string; color: string }> = [
  { id: "impressions", label: "Impressions", color: "#e60023" },
  { id: "saves", label: "Saves", color: "#2f6fdb" },
  { id: "pin_clicks", label: "Pin clicks", color: "#1f8a4c" },
  { id: "outbound_clicks", label: "Outbound clicks", color: "#b7791f" },
];

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function PinChart(props: { pinId: number; publishedAt: string }) {
  const today = utcDay(Date.now());
  // from the day it was published (at most two years back: the API's longest period)
  const from = utcDay(Math.max(Date.parse(props.publishedAt), Date.now() - 730 * DAY_MS));
  const data = useLoad(
    () => get<PinAnalyticsDto>(`/pins/${props.pinId}/analytics${qs({ from, to: today })}`),
    [props.pinId, from, today],
  );
  const [metric, setMetric] = useState<MetricName>("impressions");
  const chosen = METRICS.find((m) => m.id === metric) ?? (METRICS[0] as (typeof METRICS)[number]);
  if (data.error) return <ErrorText error={data.error} />;
  if (!data.data) return <Loading label="Loading Pinterest's numbers…" />;
  const d = data.data;
  const dates = daysBetween(d.from, d.to);
  return (
    <section class="card pin-chart" aria-label="Pinterest analytics of this pin">
      <h2>On Pinterest</h2>
      <dl class="metric-row">
        {METRICS.map((m) => (
          <div key={m.id}>
            <dt>{m.label}</dt>
            <dd>{formatNumber(d.totals[m.id])}</dd>
          </div>
        ))}
      </dl>
      {d.days.length === 0 ? (
        <p class="muted">
          No numbers yet: Pinterest reports a day once it is over, and PinFlow fetches them every night (UTC),
          so the first ones arrive the day after publishing.
        </p>
      ) : (
        <>
          <Tabs
            tabs={METRICS.map((m) => ({ id: m.id, label: m.label }))}
            active={metric}
            onChange={(id) => setMetric(id as MetricName)}
          />
          <TimeChart
            label={`${chosen.label} per day`}
            dates={dates}
            height={200}
            series={[
              { name: chosen.label, color: chosen.color, values: onDates(dates, d.days, (r) => r[metric]) },
            ]}
          />
        </>
      )}
    </section>
  );
}
