// A patient's nights over weeks: the figures a sleep lab follows, per night and averaged over the last
// 7 and 30 nights.

import { apportion } from "./apportion";
import { nightReport } from "./report";

export interface NightForTrend {
  id: string;
  startTime: string | null;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

export interface TrendPoint {
  id: string;
  startTime: string | null;
  /** For the chart's axis; the table shows totalSleepMinutes. */
  totalSleepHours: number;
  /** Whole minutes as the night's report shows them (rounded once, half up). */
  totalSleepMinutes: number;
  /** Whole percent, as on the night's report (lib/sleep/shown.ts). */
  efficiencyPercent: number | null;
  sleepLatencyMinutes: number | null;
  /** Whole percent of total sleep, as on the night's report: light + deep + REM = 100. */
  lightPercent: number | null;
  deepPercent: number | null;
  remPercent: number | null;
}

export function trendPoint(night: NightForTrend): TrendPoint {
  const r = nightReport(night.sleepStages, night.snoringStages);
  const share = (stage: "light" | "deep" | "rem") => r.stageShares.find((s) => s.stage === stage)?.percent ?? null;
  return {
    id: night.id,
    startTime: night.startTime,
    totalSleepHours: r.totalSleepSeconds / 3600,
    totalSleepMinutes: r.totalSleepMinutes,
    efficiencyPercent: r.sleepEfficiencyPercent,
    sleepLatencyMinutes: r.sleepLatencySeconds === null ? null : r.sleepLatencySeconds / 60,
    lightPercent: share("light"),
    deepPercent: share("deep"),
    remPercent: share("rem"),
  };
}

export type TrendAverages = Omit<TrendPoint, "id" | "startTime" | "totalSleepMinutes"> & { nights: number };

/** Means over the newest `count` nights (points newest first); a figure missing for a night is skipped. */
export function averageOfNewest(points: readonly TrendPoint[], count: number): TrendAverages {
  const newest = points.slice(0, count);
  const mean = (pick: (p: TrendPoint) => number | null) => {
    const values = newest.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  return {
    nights: newest.length,
    totalSleepHours: mean((p) => p.totalSleepHours) ?? 0,
    efficiencyPercent: mean((p) => p.efficiencyPercent),
    sleepLatencyMinutes: mean((p) => p.sleepLatencyMinutes),
    lightPercent: mean((p) => p.lightPercent),
    deepPercent: mean((p) => p.deepPercent),
    remPercent: mean((p) => p.remPercent),
  };
}

/**
 * The averaged stage shares as whole percents that add up to 100, like each night's. Every night with
 * sleep has all three shares (summing to 100) and a night without has none, so the means sum to 100 too.
 */
export function wholeAverageShares(avg: Pick<TrendAverages, "lightPercent" | "deepPercent" | "remPercent">): { light: number; deep: number; rem: number } | null {
  const { lightPercent, deepPercent, remPercent } = avg;
  if (lightPercent === null || deepPercent === null || remPercent === null) return null;
  const [light, deep, rem] = apportion([lightPercent, deepPercent, remPercent], 100) as [number, number, number];
  return { light, deep, rem };
}
