"use client";

// The hypnogram as a step chart (recharts): thin on purpose; what it draws comes from lib/sleep.

import { useTranslations } from "next-intl";
import { Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { clockTime } from "@/lib/format";
import { nightTicks } from "@/lib/report/ticks";
import { hypnogramPoints, hypnogramRows, runs, stageWord } from "@/lib/sleep/hypnogram";
import type { StagePlan } from "@/lib/sleep/plan";
import { BreathStage } from "@/lib/sleep/asleep-measures";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import type { SleepCycle } from "@/lib/sleep/statistics";

// Colour-blind-safe, readable on the dark panel (lib/chart/palette.ts); every stage is also labelled on the axis.
import { AXIS_COLOUR, FIGURE_COLOURS, NO_DATA_OPACITY, SNORING_OPACITY, STAGE_COLOURS } from "@/lib/chart/palette";
import ui from "./ui.module.css";
import styles from "./Hypnogram.module.css";
export { STAGE_COLOURS };

/**
 * `nowMs`: while the night is recording, where "now" is (the axis runs to it, so a silence shows).
 * `domainMs`: the axis's span when several nights share one time scale (lib/sleep/night-comparison.ts).
 * `plan`: a 2-stage night (lib/sleep/plan.ts) is drawn on two rows, Wake and Sleep, with no REM line.
 */
export function Hypnogram({
  startMs,
  stages,
  snoring,
  timezone,
  plan = "4-stage",
  cycles = [],
  nowMs,
  domainMs,
  breath = [],
  snoringCount = null,
}: {
  startMs: number;
  stages: number[];
  snoring: number[];
  timezone: string;
  plan?: StagePlan;
  cycles?: SleepCycle[];
  nowMs?: number;
  domainMs?: [number, number];
  breath?: number[];
  snoringCount?: number | null;
}) {
  const t = useTranslations("Hypnogram");
  const sleep = useTranslations("Sleep");
  const points = hypnogramPoints(startMs, stages, plan);
  const rows = hypnogramRows(plan);
  const twoStage = plan === "2-stage";
  const at = (epoch: number) => startMs + epoch * EPOCH_SECONDS * 1000;
  const axisStart = domainMs?.[0] ?? startMs;
  const end = domainMs?.[1] ?? Math.max(at(Math.max(stages.length, 1)), nowMs ?? 0);
  // Ticks on whole hours of the night's own zone, as on the clock by the bed (half or quarter hours in a
  // night's first hour, so the chart never picks odd minutes of its own).
  const ticks = nightTicks(axisStart, end, timezone).map((t) => t.ms);
  const unknown = runs(stages).filter((r) => r.value === -1);
  const snoringRuns = runs(snoring).filter((r) => r.value === 1);
  // Asleep's breathing stability (its own measure), only on a plan that sent it.
  const breathRuns = runs(breath).filter((r) => r.value === BreathStage.Stable || r.value === BreathStage.Unstable);
  const axis = { stroke: AXIS_COLOUR, fontSize: 12 };
  const stageLabel = (level: number) => {
    const row = rows.find((r) => r.level === level);
    return row ? sleep(`stage.${stageWord(row.stage, plan)}`) : "";
  };
  // The stage names' column, as wide as the longest name needs on one line ("깊은 수면" is wider than
  // "Deep"); the snoring and breathing bands below share it, so the three charts keep one time axis.
  const axisWidth = Math.max(52, ...rows.map((r) => labelWidth(stageLabel(r.level)) + 10));

  return (
    <figure className={styles.hypnogram} aria-label={twoStage ? t("figureTwoStage") : t("figure")} data-plan={plan}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <XAxis dataKey="time" type="number" domain={[axisStart, end]} scale="time" ticks={ticks} tickFormatter={(t: number) => clockTime(t, timezone)} tick={axis} stroke={AXIS_COLOUR} />
          <YAxis type="number" domain={[0.5, rows.length + 0.5]} ticks={rows.map((r) => r.level)} tickFormatter={stageLabel} tick={axis} width={axisWidth} stroke={AXIS_COLOUR} />
          {unknown.map((r) => (
            <ReferenceArea key={`u${r.startEpoch}`} x1={at(r.startEpoch)} x2={at(r.endEpoch)} className={styles.noDataArea} data-testid="no-data-area" fill={FIGURE_COLOURS.noData} fillOpacity={NO_DATA_OPACITY} ifOverflow="hidden" />
          ))}
          {cycles.map((c) => (
            <ReferenceLine key={`c${c.index}`} x={at(c.startEpoch)} stroke={AXIS_COLOUR} strokeDasharray="3 4" label={{ value: `C${c.index}`, position: "insideTopLeft", fill: AXIS_COLOUR, fontSize: 11 }} />
          ))}
          {nowMs !== undefined && (
            <ReferenceLine x={nowMs} stroke={FIGURE_COLOURS.now} strokeWidth={2} ifOverflow="extendDomain" label={{ value: t("now", { time: clockTime(nowMs, timezone) }), position: "insideTopRight", fill: FIGURE_COLOURS.now, fontSize: 11 }} />
          )}
          <Tooltip
            labelFormatter={(t) => clockTime(Number(t), timezone)}
            formatter={(_value, _name, item) => [sleep(`stage.${stageWord(stages[(item.payload as { epoch: number }).epoch] ?? -1, plan)}`), t("stage")]}
            contentStyle={{ background: "#0f172a", border: "1px solid #475569" }}
          />
          <Line type="stepAfter" dataKey="level" stroke={FIGURE_COLOURS.hypnogramLine} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
          {!twoStage && <Line type="stepAfter" dataKey="remLevel" stroke={STAGE_COLOURS[3]} strokeWidth={5} dot={false} isAnimationActive={false} connectNulls={false} />}
        </LineChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={28}>
        <LineChart data={points} margin={{ top: 0, right: 12, bottom: 0, left: 0 }} aria-label={t("snoringBand")}>
          <XAxis dataKey="time" type="number" domain={[axisStart, end]} hide />
          <YAxis domain={[0, 1]} width={axisWidth} ticks={[0.5]} tickFormatter={() => t("snoringTick")} tick={{ fill: AXIS_COLOUR, fontSize: 11 }} axisLine={false} tickLine={false} />
          {/* An invisible series: recharts draws reference areas only in a plotted chart. */}
          <Line className={styles.invisibleSeries} dataKey="level" stroke="transparent" dot={false} isAnimationActive={false} />
          {snoringRuns.map((r) => (
            <ReferenceArea key={`s${r.startEpoch}`} x1={at(r.startEpoch)} x2={at(r.endEpoch)} y1={0} y2={1} className={styles.snoringArea} data-testid="snoring-area" fill={FIGURE_COLOURS.snoring} fillOpacity={SNORING_OPACITY} ifOverflow="hidden" />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {breathRuns.length > 0 && (
        <ResponsiveContainer width="100%" height={28}>
          <LineChart data={points} margin={{ top: 0, right: 12, bottom: 0, left: 0 }} aria-label={t("breathingBand")} data-testid="breathing-band">
            <XAxis dataKey="time" type="number" domain={[startMs, end]} hide />
            <YAxis domain={[0, 1]} width={axisWidth} ticks={[0.5]} tickFormatter={() => t("breathTick")} tick={{ fill: AXIS_COLOUR, fontSize: 11 }} axisLine={false} tickLine={false} />
            <Line className={styles.invisibleSeries} dataKey="level" stroke="transparent" dot={false} isAnimationActive={false} />
            {breathRuns.map((r) => (
              <ReferenceArea key={`b${r.startEpoch}`} x1={at(r.startEpoch)} x2={at(r.endEpoch)} y1={0} y2={1} data-testid={r.value === BreathStage.Unstable ? "unstable-breath-area" : "stable-breath-area"} fill={r.value === BreathStage.Unstable ? FIGURE_COLOURS.snoring : FIGURE_COLOURS.efficiency} fillOpacity={r.value === BreathStage.Unstable ? 0.8 : 0.25} ifOverflow="hidden" />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      <figcaption className={`${ui.muted} ${styles.legend}`}>
        {twoStage ? <span data-testid="two-stage-legend">{t("legend.twoStage")}</span> : <span><i className={`${styles.swatch} ${styles.swatchRem}`} style={{ background: STAGE_COLOURS[3] }} /> {t("legend.rem")}</span>}
        <span><i className={`${styles.swatch} ${styles.swatchNoData}`} style={{ background: FIGURE_COLOURS.noData, opacity: NO_DATA_OPACITY }} /> {t("legend.noData")}</span>
        <span><i className={`${styles.swatch} ${styles.swatchSnoring}`} style={{ background: FIGURE_COLOURS.snoring, opacity: SNORING_OPACITY }} /> {t("legend.snoring")}{snoringCount !== null && <span data-testid="snoring-count">{t("legend.snoringCount", { count: snoringCount })}</span>}</span>
        {breathRuns.length > 0 && <span data-testid="breathing-legend">{t("legend.breathing")}</span>}
        {cycles.length > 0 && <span>{t("legend.cycles")}</span>}
        {nowMs !== undefined && <span><i className={`${styles.swatch} ${styles.swatchNow}`} style={{ background: FIGURE_COLOURS.now }} /> {t("legend.now")}</span>}
      </figcaption>
    </figure>
  );
}

/** About how wide a 12 px axis label is drawn: Hangul a full em, other letters about 0.6 em. */
function labelWidth(text: string): number {
  let width = 0;
  for (const c of text) width += /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/.test(c) ? 12 : 7;
  return width;
}
