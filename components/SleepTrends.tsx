"use client";

// A person's trends on a calendar (lib/sleep/trend-series.ts): one small chart per unit, so no two
// scales share an axis, a line that breaks where a night is missing, colours from lib/chart/palette
// (3:1 or better on the panel), and the same figures as a table below.

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { duration } from "@/lib/format";
import { AXIS_COLOUR, CHART_TEXT_COLOUR, FIGURE_COLOURS, STAGE_COLOURS, TOOLTIP_BACKGROUND } from "@/lib/chart/palette";
import { nightPath } from "@/lib/paths";
import { clockOfMinutesAfterNoon } from "@/lib/sleep/glance";
import { isLocale } from "@/lib/i18n/locales";
import { seriesRows, type BedtimeRegularity, type CalendarPoint } from "@/lib/sleep/trend-series";
import { dayText, shortDayText } from "@/lib/time/day-words";
import { NightName } from "./NightName";
import ui from "./ui.module.css";
import styles from "./SleepTrends.module.css";

type Key = "totalSleepHours" | "efficiencyPercent" | "lightPercent" | "deepPercent" | "remPercent" | "sleepLatencyMinutes" | "bedtimeMinutes";
/** A line, named by SleepTrends.series.<key>. */
interface Series {
  key: Key;
  colour: string;
  dash?: string;
  width?: number;
}
/** A chart, titled by SleepTrends.charts.<id>.title and .unit. */
interface Chart {
  id: "totalSleep" | "efficiency" | "stages" | "latency" | "bedtime";
  series: Series[];
  domain?: [number | "auto", number | "auto"];
  tick?: (v: number) => string;
}

const CHARTS: Chart[] = [
  { id: "totalSleep", series: [{ key: "totalSleepHours", colour: FIGURE_COLOURS.totalSleep }], domain: [0, "auto"] },
  { id: "efficiency", series: [{ key: "efficiencyPercent", colour: FIGURE_COLOURS.efficiency }], domain: [0, 100] },
  {
    id: "stages",
    domain: [0, 100],
    series: [
      { key: "lightPercent", colour: STAGE_COLOURS[1]! },
      { key: "deepPercent", colour: STAGE_COLOURS[2]!, dash: "2 2" },
      { key: "remPercent", colour: STAGE_COLOURS[3]!, width: 3 },
    ],
  },
  { id: "latency", series: [{ key: "sleepLatencyMinutes", colour: FIGURE_COLOURS.latency }], domain: [0, "auto"] },
  { id: "bedtime", series: [{ key: "bedtimeMinutes", colour: FIGURE_COLOURS.bedtime }], tick: clockOfMinutesAfterNoon },
];

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v)}%`);

export function SleepTrends({ points: given, regularity, range }: { points: CalendarPoint[]; regularity: BedtimeRegularity; range: number }) {
  const t = useTranslations("SleepTrends");
  const current = useLocale();
  const locale = isLocale(current) ? current : "en";
  // The axis's day labels ("Sun 22 Nov", lib/sleep/trend-series.ts) in the page's language.
  const points = locale === "en" ? given : given.map((p) => ({ ...p, label: shortDayText(p.day, locale) }));
  const axis = { stroke: AXIS_COLOUR, fill: AXIS_COLOUR, fontSize: 12 };
  const recorded = points.filter((p) => p.night).length;
  const rows = seriesRows(points);
  // Stage shares only when some night was scored in 4 stages: a 2-stage night (lib/sleep/plan.ts) never had them.
  const staged = points.some((p) => p.night?.stagePlan === "4-stage");
  const charts = staged ? CHARTS : CHARTS.filter((c) => c.id !== "stages");
  // Asleep's own measures, only when its plan sent them for some night.
  const scored = points.some((p) => p.night?.asleepScore != null);
  const breathing = points.some((p) => p.night?.unstableBreathPercent != null);
  const columns = 5 + (staged ? 1 : 0) + (scored ? 1 : 0) + (breathing ? 1 : 0);
  return (
    <>
      <p data-testid="trend-counts">
        {t("counts", { recorded, range })}{" "}
        <span data-testid="bedtime-regularity">
          {regularity.sdMinutes === null ? t("regularity.tooFew") : t("regularity.spread", { minutes: Math.round(regularity.sdMinutes), nights: regularity.nights })}
        </span>
      </p>
      <div className={styles.trendCharts} aria-label={t("chartsLabel")} role="group">
        {charts.map((c) => (
          <figure key={c.id} aria-label={t("chartLabel", { title: t(`charts.${c.id}.title`), unit: t(`charts.${c.id}.unit`) })}>
            <figcaption>
              {t(`charts.${c.id}.title`)} <span className={`${ui.muted} ${ui.small}`}>({t(`charts.${c.id}.unit`)})</span>
            </figcaption>
            <ResponsiveContainer width="100%" height={160}>
              <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#334155" strokeDasharray="3 3" />
                <XAxis dataKey="label" tick={axis} stroke={AXIS_COLOUR} minTickGap={16} />
                <YAxis tick={axis} stroke={AXIS_COLOUR} width={46} domain={c.domain ?? ["auto", "auto"]} tickFormatter={c.tick ?? ((v: number) => String(Math.round(v * 10) / 10))} reversed={false} />
                <Tooltip
                  contentStyle={{ background: TOOLTIP_BACKGROUND, border: "1px solid #475569" }}
                  itemStyle={{ color: CHART_TEXT_COLOUR }}
                  formatter={(v: unknown) => (typeof v === "number" ? (c.tick ? c.tick(v) : v.toFixed(1)) : t("noNight"))}
                />
                {/* Legend text in the page's text colour (4.5:1); recharts would write it in each line's colour. */}
                {c.series.length > 1 && <Legend formatter={(value: string) => <span style={{ color: CHART_TEXT_COLOUR }}>{value}</span>} />}
                {c.series.map((s) => (
                  <Line key={s.key} dataKey={s.key} name={t(`series.${s.key}`)} stroke={s.colour} strokeWidth={s.width ?? 2} strokeDasharray={s.dash} dot={{ r: 2, fill: s.colour }} connectNulls={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        ))}
      </div>
      <details>
        <summary>{t("table.summary")}</summary>
        <div className={ui.tableScroll} role="region" aria-label={t("table.label")} tabIndex={0}>
          <table data-testid="nights-table">
            <thead>
              <tr>
                <th scope="col">{t("table.night")}</th>
                <th scope="col">{t("table.totalSleep")}</th>
                <th scope="col">{t("table.efficiency")}</th>
                <th scope="col">{t("table.latency")}</th>
                {staged && <th scope="col">{t("table.stages")}</th>}
                {scored && <th scope="col">{t("table.score")}</th>}
                {breathing && <th scope="col">{t("table.breathing")}</th>}
                <th scope="col">{t("table.bedtime")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) =>
                r.kind === "gap" ? (
                  <tr key={r.from} data-testid="gap-row">
                    <td colSpan={columns} className={ui.muted}>
                      {r.from === r.to ? t("gap.day", { day: dayText(r.from, locale) }) : t("gap.days", { from: dayText(r.from, locale), to: dayText(r.to, locale) })}
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
                          {r.point!.others > 0 && rec.id !== r.point!.night!.id && <span className={`${ui.muted} ${ui.small}`}> {t("notDrawn")}</span>}
                        </span>
                      ))}
                    </td>
                    <td>{duration(r.point!.night!.totalSleepMinutes * 60, locale)}</td>
                    <td>{pct(r.point!.efficiencyPercent)}</td>
                    <td>{r.point!.sleepLatencyMinutes === null ? "—" : t("minutes", { minutes: Math.round(r.point!.sleepLatencyMinutes) })}</td>
                    {staged && (
                      <td>
                        {r.point!.night!.stagePlan === "2-stage" ? (
                          <span className={ui.muted}>{t("twoStages")}</span>
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
            {scored && `${t("notes.score")} `}
            {breathing && t("notes.breathing")}
          </p>
        )}
      </details>
    </>
  );
}
