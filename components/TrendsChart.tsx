"use client";

// Trends across nights (oldest to newest, left to right): total sleep and efficiency, then stage shares
// and sleep latency. Thin: the figures come from lib/sleep/trends.

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/sleep/trends";
import { STAGE_COLOURS } from "./Hypnogram";

export function TrendsChart({ points, labels }: { points: TrendPoint[]; labels: Record<string, string> }) {
  const data = [...points].reverse().map((p) => ({ ...p, label: labels[p.id] ?? p.id }));
  const axis = { stroke: "#94a3b8", fontSize: 12 };
  const tooltip = { contentStyle: { background: "#0f172a", border: "1px solid #475569" }, formatter: (v: unknown) => (typeof v === "number" ? v.toFixed(1) : String(v)) };
  return (
    <figure className="trends" aria-label="Trends across nights">
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#334155" strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={axis} />
          <YAxis yAxisId="h" tick={axis} width={40} label={{ value: "hours", angle: -90, fill: "#94a3b8", fontSize: 11 }} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} tick={axis} width={40} />
          <Tooltip {...tooltip} />
          <Legend />
          <Line yAxisId="h" dataKey="totalSleepHours" name="Total sleep (h)" stroke="#56B4E9" strokeWidth={2} isAnimationActive={false} />
          <Line yAxisId="pct" dataKey="efficiencyPercent" name="Efficiency (%)" stroke="#009E73" strokeWidth={2} strokeDasharray="6 3" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#334155" strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={axis} />
          <YAxis tick={axis} width={40} domain={[0, 100]} />
          <Tooltip {...tooltip} />
          <Legend />
          <Line dataKey="lightPercent" name="Light (%)" stroke={STAGE_COLOURS[1]} isAnimationActive={false} />
          <Line dataKey="deepPercent" name="Deep (%)" stroke={STAGE_COLOURS[2]} strokeDasharray="2 2" isAnimationActive={false} />
          <Line dataKey="remPercent" name="REM (%)" stroke={STAGE_COLOURS[3]} strokeWidth={3} isAnimationActive={false} />
          <Line dataKey="sleepLatencyMinutes" name="Latency (min)" stroke="#F0E442" strokeDasharray="6 3" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
