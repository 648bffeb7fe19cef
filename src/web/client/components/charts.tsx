/**
 * The dashboard's charts, drawn by hand in SVG: a daily time series (lines or areas, with a hover read-out)
 * and a list of horizontal bars. No charting library: these two shapes are all the dashboard needs, SVG
 * renders them crisply at any width, and the whole dashboard stays one small bundle with no CDN (uPlot would
 * add about 50 KB to its 68 KB, Chart.js about 200 KB).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import "./charts.css";

export interface Series {
  name: string;
  color: string;
  /** One value per date; null = no data that day (a gap). */
  values: Array<number | null>;
  /** A filled area, or a line (dashed for a background series). */
  kind?: "area" | "line" | "dashed";
}

const number = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
export const formatNumber = (n: number) => number.format(n);
export const formatCompact = (n: number) => compact.format(n);

/** "Apr 3" for a UTC day "2026-04-03". */
export const shortDate = (date: string, withYear = false) =>
  new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
    year: withYear ? "numeric" : undefined,
  }).format(new Date(`${date}T00:00:00Z`));

/** Every UTC day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The values of `rows` on each of `dates`: 0 between the first and last day with data, null outside. */
export function onDates<T extends { date: string }>(dates: string[], rows: T[], value: (row: T) => number) {
  const byDate = new Map(rows.map((r) => [r.date, value(r)]));
  const first = rows[0]?.date;
  const last = rows.at(-1)?.date;
  return dates.map((d) => (first && last && d >= first && d <= last ? (byDate.get(d) ?? 0) : null));
}

/** A round top for the y axis and its step: 0, step, 2·step… covering `max` in 4 steps. */
function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  return { top: step * 4, step };
}

const PAD = { left: 46, right: 12, top: 12, bottom: 26 };

/** The width of an element, followed as it changes (so a chart is drawn in real pixels at any width). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.round(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Daily values over time; hovering (or touching) shows a day's numbers. */
export function TimeChart(props: { dates: string[]; series: Series[]; height?: number; label: string }) {
  const { ref, width: W } = useWidth(720);
  const H = props.height ?? 240;
  const [hover, setHover] = useState<number | null>(null);
  const n = props.dates.length;
  const max = Math.max(0, ...props.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const { top, step } = niceScale(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const paths = props.series.map((s) => {
    let line = "";
    let area = "";
    let start: number | null = null;
    s.values.forEach((v, i) => {
      if (v === null) {
        if (start !== null) area += `L${x(i - 1)},${y(0)}L${x(start)},${y(0)}Z`;
        start = null;
        return;
      }
      const point = `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      line += `${start === null ? "M" : "L"}${point}`;
      area += `${start === null ? "M" : "L"}${point}`;
      if (start === null) start = i;
    });
    if (start !== null) area += `L${x(n - 1)},${y(0)}L${x(start)},${y(0)}Z`;
    return { s, line, area };
  });

  // a date label every ~110 px
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 110))));
  const ticks = props.dates.map((d, i) => ({ d, i })).filter(({ i }) => i % labelEvery === 0);
  const yearly = n > 120;

  const pick = (event: PointerEvent) => {
    const box = (event.currentTarget as SVGElement).getBoundingClientRect();
    const at = ((event.clientX - box.left) / box.width) * W;
    const i = Math.round(((at - PAD.left) / plotW) * (n - 1));
    setHover(n === 0 ? null : Math.min(n - 1, Math.max(0, i)));
  };
  const summary = props.series
    .map((s) => `${s.name}: ${formatNumber(s.values.reduce<number>((a, v) => a + (v ?? 0), 0))}`)
    .join(", ");

  return (
    <div class="time-chart" ref={ref}>
      <svg
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${props.label}, ${n} days from ${props.dates[0] ?? "–"} to ${props.dates.at(-1) ?? "–"}. ${summary}`}
        onPointerMove={pick}
        onPointerDown={pick}
        onPointerLeave={() => setHover(null)}
      >
        {[0, 1, 2, 3, 4].map((k) => (
          <g key={k}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(k * step)} y2={y(k * step)} />
            <text class="axis-label" x={PAD.left - 6} y={y(k * step) + 4} text-anchor="end">
              {formatCompact(k * step)}
            </text>
          </g>
        ))}
        {ticks.map(({ d, i }) => (
          <text key={d} class="axis-label" x={x(i)} y={H - 8} text-anchor="middle">
            {shortDate(d, yearly && i === 0)}
          </text>
        ))}
        {paths.map(({ s, line, area }) => (
          <g key={s.name}>
            {(s.kind ?? "area") === "area" ? <path d={area} fill={s.color} fill-opacity="0.14" /> : null}
            <path
              d={line}
              fill="none"
              stroke={s.color}
              stroke-width={s.kind === "dashed" ? 1.5 : 2}
              stroke-dasharray={s.kind === "dashed" ? "5 4" : undefined}
              stroke-linejoin="round"
            />
          </g>
        ))}
        {hover !== null ? (
          <g>
            <line class="hover-line" x1={x(hover)} x2={x(hover)} y1={PAD.top} y2={PAD.top + plotH} />
            {props.series.map((s) => {
              const v = s.values[hover];
              return v === null || v === undefined ? null : (
                <circle key={s.name} cx={x(hover)} cy={y(v)} r="3.5" fill={s.color} />
              );
            })}
          </g>
        ) : null}
      </svg>
      {hover !== null && props.dates[hover] ? (
        <div class="chart-tip" style={{ left: `${(x(hover) / W) * 100}%` }}>
          <strong>{shortDate(props.dates[hover] as string, true)}</strong>
          {props.series.map((s) => (
            <div key={s.name}>
              <i style={{ background: s.color }} />
              {s.name}: {s.values[hover] === null ? "no data" : formatNumber(s.values[hover] ?? 0)}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Horizontal bars, scaled to the largest value. */
export function BarList(props: {
  items: Array<{ key: string; label: string; value: number; title?: string }>;
  color: string;
  label: string;
}) {
  const max = Math.max(1, ...props.items.map((i) => i.value));
  return (
    <ul class="bar-list" aria-label={props.label}>
      {props.items.map((item) => (
        <li key={item.key}>
          <span class="bar-label" title={item.title ?? item.label}>
            {item.label}
          </span>
          <span class="bar-track" aria-hidden="true">
            <span
              class="bar-fill"
              style={{ width: `${(item.value / max) * 100}%`, background: props.color, display: "block" }}
            />
          </span>
          <span class="bar-value">{formatNumber(item.value)}</span>
        </li>
      ))}
    </ul>
  );
}
