// A patient's nights over weeks: the figures a sleep lab follows, per night and averaged over the last
// 7 and 30 nights.

import { apportion } from "./apportion";
import { nightReport } from "./report";
import type { StagePlan } from "./plan";
import { asleepMeasures } from "./asleep-measures";

export interface NightForTrend {
  id: string;
  startTime: string | null;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
  /** Left out: 4-stage. A 2-stage night (./plan.ts) has no stage shares: they are null, and the averages skip it. */
  stagePlan?: StagePlan;
  /** Asleep's report, for its own measures (./asleep-measures.ts). */
  stat?: Record<string, unknown> | null;
}

export interface TrendPoint {
  id: string;
  /** The night's stage plan (./plan.ts): a 2-stage night has no stage shares. */
  stagePlan: StagePlan;
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
  /** Asleep's sleep score (0–100), its own formula; null when its plan has none. */
  asleepScore: number | null;
  /** Whole percent of the night Asleep judged breathing unstable; null when its plan has no breathing analysis. */
  unstableBreathPercent: number | null;
}

export function trendPoint(night: NightForTrend): TrendPoint {
  const r = nightReport(night.sleepStages, night.snoringStages, night.stagePlan);
  const asleep = asleepMeasures(night.stat);
  const share = (stage: "light" | "deep" | "rem") => r.stageShares.find((s) => s.stage === stage)?.percent ?? null;
  return {
    id: night.id,
    stagePlan: night.stagePlan ?? "4-stage",
    startTime: night.startTime,
    totalSleepHours: r.totalSleepSeconds / 3600,
    totalSleepMinutes: r.totalSleepMinutes,
    efficiencyPercent: r.sleepEfficiencyPercent,
    sleepLatencyMinutes: r.sleepLatencySeconds === null ? null : r.sleepLatencySeconds / 60,
    lightPercent: share("light"),
    deepPercent: share("deep"),
    remPercent: share("rem"),
    asleepScore: asleep.sleepIndex,
    unstableBreathPercent: asleep.breathing?.unstablePercent ?? null,
  };
}

export type TrendAverages = Omit<TrendPoint, "id" | "startTime" | "totalSleepMinutes" | "stagePlan" | "asleepScore" | "unstableBreathPercent"> & { nights: number };

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

/**
 * "Last N nights", one definition wherever it is shown (the home card, the trends' averages table): the
 * mean over the newest N complete nights, the newest included, of each night's figures as its report
 * shows them (whole minutes of total sleep, whole percents of efficiency), rounded once, half up.
 * `points` newest first. Not the same as the home card's "vs the 7 nights before", which leaves last
 * night out to compare it with the nights before it, and is named so.
 */
export interface LastNightsAverage {
  window: number;
  /** Nights the mean is over (fewer than `window` when there are not that many). */
  nights: number;
  totalSleepMinutes: number | null;
  efficiencyPercent: number | null;
}

export const lastNightsName = (window: number) => `Last ${window} nights`;

export function lastNightsAverage(points: readonly Pick<TrendPoint, "totalSleepMinutes" | "efficiencyPercent">[], window: number): LastNightsAverage {
  const newest = points.slice(0, window);
  const shownMean = (values: Array<number | null>) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : Math.round(present.reduce((a, b) => a + b, 0) / present.length);
  };
  return { window, nights: newest.length, totalSleepMinutes: shownMean(newest.map((p) => p.totalSleepMinutes)), efficiencyPercent: shownMean(newest.map((p) => p.efficiencyPercent)) };
}
