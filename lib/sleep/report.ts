// The night report as a sleep lab words it, derived from the final hypnogram, plus a tolerant reading
// of Asleep's own `stat` (whose field meanings differ between sources) so both can be shown side by side.

import { apportion, wholePercents } from "./apportion";
import { minutesShown, sleepEfficiencyPercent, sleepMaintenanceEfficiencyPercent, type MinutesShown } from "./shown";
import { EPOCH_SECONDS } from "./stages";
import { nightStatistics, type NightStatistics } from "./statistics";
import type { StagePlan } from "./plan";

/** Typical share of total sleep time for healthy adults (AASM-style reference ranges). */
export const TYPICAL_STAGE_PERCENT = {
  light: { min: 45, max: 60, label: "Light (N1 + N2)" },
  deep: { min: 13, max: 23, label: "Deep (N3)" },
  rem: { min: 20, max: 25, label: "REM" },
} as const;

export type StageKey = keyof typeof TYPICAL_STAGE_PERCENT;

export interface StageShare {
  stage: StageKey;
  label: string;
  seconds: number;
  /** Whole minutes as shown; the stages' minutes add up to totalSleepMinutes. */
  minutes: number;
  /** Whole percent of total sleep time as shown, 0–100, the stages adding up to 100; null when there was no sleep. */
  percent: number | null;
  typical: { min: number; max: number };
  /** Where the share falls against the typical range. */
  verdict: "below" | "within" | "above" | null;
}

export interface NightReport extends NightStatistics {
  /** On a 2-stage night (./plan.ts) there are no stage shares, no REM latency and no cycles: Asleep never scored them. */
  plan: StagePlan;
  /** Total sleep time in whole minutes, as shown (rounded once, half up). */
  totalSleepMinutes: number;
  /** Time in bed split once into whole minutes that add up (./shown.ts): every minute figure shown. */
  shown: MinutesShown;
  /** Whole percents as shown everywhere, from the epoch counts (half up); null as the ratios are. */
  sleepEfficiencyPercent: number | null;
  sleepMaintenanceEfficiencyPercent: number | null;
  stageShares: StageShare[];
  snoringSeconds: number;
  /** Snoring as a share of total sleep time, 0–100. */
  snoringPercent: number | null;
}

export function nightReport(stages: readonly number[], snoring: readonly number[], plan: StagePlan = "4-stage"): NightReport {
  const s = nightStatistics(stages, plan);
  const snoringSeconds = snoring.filter((v) => v === 1).length * EPOCH_SECONDS;
  const share = (seconds: number) => (s.totalSleepSeconds > 0 ? (100 * seconds) / s.totalSleepSeconds : null);
  const stageKeys = Object.keys(TYPICAL_STAGE_PERCENT) as StageKey[];
  // Rounded once, from the epoch counts, so the parts add up to the whole shown beside them.
  const shown = minutesShown(s);
  const totalSleepMinutes = shown.totalSleep;
  const minutes = apportion(
    stageKeys.map((stage) => s.stageSeconds[stage] / 60),
    totalSleepMinutes,
  );
  const percents = wholePercents(stageKeys.map((stage) => s.stageSeconds[stage]));
  const stageShares = plan === "2-stage" ? [] : stageKeys.map((stage, i) => {
    const typical = TYPICAL_STAGE_PERCENT[stage];
    const percent = percents?.[i] ?? null;
    return {
      stage,
      label: typical.label,
      seconds: s.stageSeconds[stage],
      minutes: minutes[i]!,
      percent,
      typical: { min: typical.min, max: typical.max },
      // Judged on the whole percent people see, so "23%" is never called above a 13–23% range.
      verdict: percent === null ? null : percent < typical.min ? "below" : percent > typical.max ? "above" : "within",
    } satisfies StageShare;
  });
  return {
    ...s,
    plan,
    totalSleepMinutes,
    shown,
    sleepEfficiencyPercent: sleepEfficiencyPercent(s),
    sleepMaintenanceEfficiencyPercent: sleepMaintenanceEfficiencyPercent(s),
    stageShares,
    snoringSeconds,
    snoringPercent: share(snoringSeconds),
  };
}

/** Asleep's `sleep_efficiency` as a percentage, whether it came as 88.24 or as 0.8824. */
export function efficiencyPercent(value: unknown): number | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return null;
  return value <= 1 ? value * 100 : value;
}
