// Which of Asleep's stage plans measured a night. On the basic plan Asleep scores each epoch only as
// 0 Wake / 1 Sleep (its data-plan page); on the others 0 Wake / 1 Light / 2 Deep / 3 REM. The same
// value 1 means "Sleep" on one and "Light" on the other, so every figure, chart and export asks this
// first. The rule (docs/DEFINITIONS.md "2-stage nights"):
//   1. an epoch scored Deep (2) or REM (3) proves four stages: the basic plan never sends them;
//   2. else Asleep's report (`stat`) decides: one with no light/deep/REM field is a 2-stage report;
//   3. else (no report yet: a live night, or one closed without it) the clinic's setting, ASLEEP_STAGES.

import { SleepStage } from "./stages";

export const STAGE_PLANS = ["4-stage", "2-stage"] as const;
export type StagePlan = (typeof STAGE_PLANS)[number];

/** `stat` fields only a 4-stage report carries (time in each stage, its share, the latency to it). */
export const FOUR_STAGE_STAT_FIELDS = [
  "time_in_light",
  "time_in_deep",
  "time_in_rem",
  "light_ratio",
  "deep_ratio",
  "rem_ratio",
  "light_latency",
  "deep_latency",
  "rem_latency",
] as const;

const present = (v: unknown) => v !== null && v !== undefined;

/** What Asleep's report says about the plan: null when there is no report to go by (null or empty). */
export function stagePlanOfStat(stat: Record<string, unknown> | null | undefined): StagePlan | null {
  if (!stat || Object.keys(stat).length === 0) return null;
  return FOUR_STAGE_STAT_FIELDS.some((f) => present(stat[f])) ? "4-stage" : "2-stage";
}

export interface StagePlanEvidence {
  sleepStages: readonly number[];
  stat?: Record<string, unknown> | null;
  /** The clinic's setting for nights with no report yet (ASLEEP_STAGES). */
  configured: StagePlan;
}

export function stagePlanOf({ sleepStages, stat, configured }: StagePlanEvidence): StagePlan {
  if (sleepStages.some((s) => s === SleepStage.Deep || s === SleepStage.REM)) return "4-stage";
  return stagePlanOfStat(stat) ?? configured;
}

export const isTwoStage = (plan: StagePlan | undefined) => plan === "2-stage";

/** ASLEEP_STAGES as written: "4" or "2" (also "4-stage", "2-stage"). */
export function parseStagePlan(text: string): StagePlan | null {
  const t = text.trim().toLowerCase();
  if (t === "4" || t === "4-stage") return "4-stage";
  if (t === "2" || t === "2-stage") return "2-stage";
  return null;
}
