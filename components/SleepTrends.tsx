"use client";

// A person's trends on a calendar (lib/sleep/trend-series.ts): one small chart per unit, so no two
// scales share an axis, a line that breaks where a night is missing, colours from lib/chart/palette
// (3:1 or better on the panel), and the same figures as a table below.

import { ASLEEP_MEASURE_TEXT } from "@/lib/sleep/asleep-measures";
import Link from "next/link";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { duration } from "@/lib/format";
import { AXIS_COLOUR, CHART_TEXT_COLOUR, FIGURE_COLOURS, STAGE_COLOURS, TOOLTIP_BACKGROUND } from "@/lib/chart/palette";
import { nightPath } from "@/lib/paths";
import { clockOfMinutesAfterNoon } from "@/lib/sleep/glance";
import { seriesRows, type BedtimeRegularity, type CalendarPoint } from "@/lib/sleep/trend-series";
import { dayLabel } from "@/lib/time/day";
import { NightName } from "./NightName";
import ui from "./ui.module.css";
import styles from "./SleepTrends.module.css";

type Key = "totalSleepHours" | "efficiencyPercent" | "lightPercent" | "deepPercent" | "remPercent" | "sleepLatencyMinutes" | "bedtimeMinutes";
interface Series {
  key: Key;
  name: string;
  colour: string;
  dash?: string;
  width?: number;
}
interface Chart {
  title: string;
  unit: string;
  series: Series[];
  domain?: [number | "auto", number | "auto"];
  tick?: (v: number) => string;
}

const CHARTS: Chart[] = [
  { title: "Total sleep", unit: "hours", series: [{ key: "totalSleepHours", name: "Total sleep (h)", colour: FIGURE_COLOURS.totalSleep }], domain: [0, "auto"] },
  { title: "Sleep efficiency", unit: "%", series: [{ key: "efficiencyPercent", name: "Efficiency (%)", colour: FIGURE_COLOURS.efficiency }], domain: [0, 100] },
  {
    title: "Stage shares",
    unit: "% of total sleep",
    domain: [0, 100],
    series: [
      { key: "lightPercent", name: "Light (%)", colour: STAGE_COLOURS[1]! },
      { key: "deepPercent", name: "Deep (%)", colour: STAGE_COLOURS[2]!, dash: "2 2" },
      { key: "remPercent", name: "REM (%)", colour: STAGE_COLOURS[3]!, width: 3 },
    ],
  },
  { title: "Sleep onset latency", unit: "minutes", series: [{ key: "sleepLatencyMinutes", name: "Latency (min)", colour: FIGURE_COLOURS.latency }], domain: [0, "auto"] },
  { title: "Bedtime", unit: "local clock", series: [{ key: "bedtimeMinutes", name: "Bedtime", colour: FIGURE_COLOURS.bedtime }], tick: clockOfMinutesAfterNoon },
];

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v)}%`);

export function SleepTrends({ points, regularity, range }: { points: CalendarPoint[]; regularity: BedtimeRegularity; range: number }) {
  const axis = { stroke: AXIS_COLOUR, fill: AXIS_COLOUR, fontSize: 12 };
  const recorded = points.filter((p) => p.night).length;
  const rows = seriesRows(points);
  // Stage shares only when some night was scored in 4 stages: a 2-stage night (lib/sleep/plan.ts) never had them.
  const staged = points.some((p) => p.night?.stagePlan === "4-stage");
  const charts = staged ? CHARTS : CHARTS.filter((c) => c.title !== "Stage shares");
  // Asleep's own measures, only when its plan sent them for some night.
  const scored = points.some((p) => p.night?.asleepScore != null);
  const breathing = points.some((p) => p.night?.unstableBreathPercent != null);
  const columns = 5 + (staged ? 1 : 0) + (scored ? 1 : 0) + (breathing ? 1 : 0);
  return (
    <>
      <p data-testid="trend-counts">
        {recorded} of the last {range} nights recorded; a line breaks where a night is missing. Bedtimes are on each night&apos;s own local clock.{" "}
        <span data-testid="bedtime-regularity">
          Bedtime regularity: {regularity.sdMinutes === null ? "needs at least two nights" : `bedtimes vary by ${Math.round(regularity.sdMinutes)} min (standard deviation over ${regularity.nights} nights)`}.
        </span>
      </p>
      <div className={styles.trendCharts} aria-label="Trends across nights" role="group">
        {charts.map((c) => (
          <figure key={c.title} aria-label={`${c.title} (${c.unit}) by night`}>
            <figcaption>
              {c.title} <span className={`${ui.muted} ${ui.small}`}>({c.unit})</span>
            </figcaption>
            <ResponsiveContainer width="100%" height={160}>
              <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#334155" strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={axis} stroke={AXIS_COLOUR} minTickGap={16} />
                <YAxis tick={axis} stroke={AXIS_COLOUR} width={46} domain={c.domain ?? ["auto", "auto"]} tickFormatter={c.tick ?? ((v: number) => String(Math.round(v * 10) / 10))} reversed={false} />
                <Tooltip
                  contentStyle={{ background: TOOLTIP_BACKGROUND, border: "1px solid #475569" }}
                  itemStyle={{ color: CHART_TEXT_COLOUR }}
                  formatter={(v: unknown) => (typeof v === "number" ? (c.tick ? c.tick(v) : v.toFixed(1)) : "no night")}
                />
                {/* Legend text in the page's text colour (4.5:1); recharts would write it in each line's colour. */}
                {c.series.length > 1 && <Legend formatter={(value: string) => <span style={{ color: CHART_TEXT_COLOUR }}>{value}</span>} />}
                {c.series.map((s) => (
                  <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.colour} strokeWidth={s.width ?? 2} strokeDasharray={s.dash} dot={{ r: 2, fill: s.colour }} connectNulls={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        ))}
      </div>
      <details>
        <summary>The trends as a table</summary>
        <div className={ui.tableScroll} role="region" aria-label="Trends table" tabIndex={0}>
          <table data-testid="nights-table">
            <thead>
              <tr>
                <th scope="col">Night</th>
                <th scope="col">Total sleep</th>
                <th scope="col">Efficiency</th>
                <th scope="col">Sleep onset latency</th>
                {staged && <th scope="col">Light / Deep / REM</th>}
                {scored && <th scope="col">Sleep score (Asleep&apos;s)</th>}
                {breathing && <th scope="col">Unstable breathing (Asleep&apos;s)</th>}
                <th scope="col">Bedtime</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) =>
                r.kind === "gap" ? (
                  <tr key={r.from} data-testid="gap-row">
                    <td colSpan={columns} className={ui.muted}>
                      No night recorded: {r.from === r.to ? dayLabel(r.from) : `${dayLabel(r.from)} to ${dayLabel(r.to)}`}
                    </td>
                  </tr>
                ) : (
                  <tr key={r.from} data-testid="trend-row">
                    <td>
                      {/* Each recording named with its date, clock range and zone; the figures are the drawn one's. */}
                      {r.point!.recordings.map((rec, i) => (
                        <span key={rec.id}>
                          {i > 0 && <br />}
                          <Link href={nightPath(rec.id)}>
                            <NightName night={rec} zone={{ name: rec.zone, source: "night" }} />
                          </Link>
                          {r.point!.others > 0 && rec.id !== r.point!.night!.id && <span className={`${ui.muted} ${ui.small}`}> (less sleep, not drawn)</span>}
                        </span>
                      ))}
                    </td>
                    <td>{duration(r.point!.night!.totalSleepMinutes * 60)}</td>
                    <td>{pct(r.point!.efficiencyPercent)}</td>
                    <td>{r.point!.sleepLatencyMinutes === null ? "—" : `${Math.round(r.point!.sleepLatencyMinutes)} min`}</td>
                    {staged && (
                      <td>
                        {r.point!.night!.stagePlan === "2-stage" ? (
                          <span className={ui.muted}>2 stages: wake and sleep only</span>
                        ) : (
                          <>
                            {pct(r.point!.lightPercent)} / {pct(r.point!.deepPercent)} / {pct(r.point!.remPercent)}
                          </>
                        )}
                      </td>
                    )}
                    {scored && <td data-testid="trend-asleep-score">{r.point!.night!.asleepScore === null ? "" : `${Math.round(r.point!.night!.asleepScore)}/100`}</td>}
                    {breathing && <td data-testid="trend-unstable-breathing">{r.point!.night!.unstableBreathPercent === null ? "" : `${r.point!.night!.unstableBreathPercent}%`}</td>}
                    <td>{r.point!.bedtimeMinutes === null ? "—" : clockOfMinutesAfterNoon(r.point!.bedtimeMinutes)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
        {(scored || breathing) && (
          <p className={`${ui.muted} ${ui.small}`} data-testid="trend-asleep-note">
            {scored && `Sleep score: ${ASLEEP_MEASURE_TEXT.sleepIndex} `}
            {breathing && `Unstable breathing: ${ASLEEP_MEASURE_TEXT.breathing}`}
          </p>
        )}
      </details>
    </>
  );
}
