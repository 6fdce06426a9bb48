"use client";

// The hypnogram as a step chart (recharts): thin on purpose; what it draws comes from lib/sleep.

import { Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { clockTime } from "@/lib/format";
import { nightTicks } from "@/lib/report/ticks";
import { HYPNOGRAM_ROWS, hypnogramPoints, runs, stageName } from "@/lib/sleep/hypnogram";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import type { SleepCycle } from "@/lib/sleep/statistics";

// Colour-blind-safe, readable on the dark panel (lib/chart/palette.ts); every stage is also labelled on the axis.
import { AXIS_COLOUR, FIGURE_COLOURS, NO_DATA_OPACITY, SNORING_OPACITY, STAGE_COLOURS } from "@/lib/chart/palette";
export { STAGE_COLOURS };

/** `nowMs`: while the night is recording, where "now" is (the axis runs to it, so a silence shows). */
export function Hypnogram({ startMs, stages, snoring, timezone, cycles = [], nowMs }: { startMs: number; stages: number[]; snoring: number[]; timezone: string; cycles?: SleepCycle[]; nowMs?: number }) {
  const points = hypnogramPoints(startMs, stages);
  const at = (epoch: number) => startMs + epoch * EPOCH_SECONDS * 1000;
  const end = Math.max(at(Math.max(stages.length, 1)), nowMs ?? 0);
  // Ticks on whole hours of the night's own zone, as on the clock by the bed (half or quarter hours in a
  // night's first hour, so the chart never picks odd minutes of its own).
  const ticks = nightTicks(startMs, end, timezone).map((t) => t.ms);
  const unknown = runs(stages).filter((r) => r.value === -1);
  const snoringRuns = runs(snoring).filter((r) => r.value === 1);
  const axis = { stroke: AXIS_COLOUR, fontSize: 12 };

  return (
    <figure className="hypnogram" aria-label="Hypnogram: sleep stage over the night">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <XAxis dataKey="time" type="number" domain={[startMs, end]} scale="time" ticks={ticks} tickFormatter={(t: number) => clockTime(t, timezone)} tick={axis} stroke={AXIS_COLOUR} />
          <YAxis type="number" domain={[0.5, 4.5]} ticks={HYPNOGRAM_ROWS.map((r) => r.level)} tickFormatter={(level: number) => HYPNOGRAM_ROWS.find((r) => r.level === level)?.label ?? ""} tick={axis} width={52} stroke={AXIS_COLOUR} />
          {unknown.map((r) => (
            <ReferenceArea key={`u${r.startEpoch}`} x1={at(r.startEpoch)} x2={at(r.endEpoch)} className="no-data-area" fill={FIGURE_COLOURS.noData} fillOpacity={NO_DATA_OPACITY} ifOverflow="hidden" />
          ))}
          {cycles.map((c) => (
            <ReferenceLine key={`c${c.index}`} x={at(c.startEpoch)} className="cycle-line" stroke={AXIS_COLOUR} strokeDasharray="3 4" label={{ value: `C${c.index}`, position: "insideTopLeft", fill: AXIS_COLOUR, fontSize: 11 }} />
          ))}
          {nowMs !== undefined && (
            <ReferenceLine className="now-line" x={nowMs} stroke={FIGURE_COLOURS.now} strokeWidth={2} ifOverflow="extendDomain" label={{ value: `now ${clockTime(nowMs, timezone)}`, position: "insideTopRight", fill: FIGURE_COLOURS.now, fontSize: 11 }} />
          )}
          <Tooltip
            labelFormatter={(t) => clockTime(Number(t), timezone)}
            formatter={(_value, _name, item) => [stageName(stages[(item.payload as { epoch: number }).epoch] ?? -1), "Stage"]}
            contentStyle={{ background: "#0f172a", border: "1px solid #475569" }}
          />
          <Line type="stepAfter" dataKey="level" stroke={FIGURE_COLOURS.hypnogramLine} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
          <Line type="stepAfter" dataKey="remLevel" stroke={STAGE_COLOURS[3]} strokeWidth={5} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={28}>
        <LineChart data={points} margin={{ top: 0, right: 12, bottom: 0, left: 0 }} aria-label="Snoring band">
          <XAxis dataKey="time" type="number" domain={[startMs, end]} hide />
          <YAxis domain={[0, 1]} width={52} ticks={[0.5]} tickFormatter={() => "Snoring"} tick={{ fill: AXIS_COLOUR, fontSize: 11 }} axisLine={false} tickLine={false} />
          {/* An invisible series: recharts draws reference areas only in a plotted chart. */}
          <Line className="invisible-series" dataKey="level" stroke="transparent" dot={false} isAnimationActive={false} />
          {snoringRuns.map((r) => (
            <ReferenceArea key={`s${r.startEpoch}`} x1={at(r.startEpoch)} x2={at(r.endEpoch)} y1={0} y2={1} className="snoring-area" fill={FIGURE_COLOURS.snoring} fillOpacity={SNORING_OPACITY} ifOverflow="hidden" />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted legend">
        <span><i className="swatch swatch-rem" style={{ background: STAGE_COLOURS[3] }} /> REM (thick line)</span>
        <span><i className="swatch swatch-no-data" style={{ background: FIGURE_COLOURS.noData, opacity: NO_DATA_OPACITY }} /> no data</span>
        <span><i className="swatch swatch-snoring" style={{ background: FIGURE_COLOURS.snoring, opacity: SNORING_OPACITY }} /> snoring (band below)</span>
        {cycles.length > 0 && <span>C1, C2…: sleep cycles (dashed lines)</span>}
        {nowMs !== undefined && <span><i className="swatch swatch-now" style={{ background: FIGURE_COLOURS.now }} /> now</span>}
      </figcaption>
    </figure>
  );
}
