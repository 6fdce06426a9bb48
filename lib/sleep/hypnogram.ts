// What a hypnogram chart draws, computed from the epochs: rows in clinical order (Wake on top, then
// REM, Light, Deep), one point per epoch on a clock-time axis, and the runs of unknown epochs and of
// snoring to shade. Pure, so the chart component stays a thin mapping onto recharts.

import { EPOCH_SECONDS, SLEEP_STAGE_NAMES, SleepStage, isSleepStage } from "./stages";
import { nightStatistics } from "./statistics";
import type { StagePlan } from "./plan";

/** Vertical position of each stage: Wake highest, Deep lowest, as sleep labs draw it. */
export const HYPNOGRAM_ROWS = [
  { stage: SleepStage.Wake, label: "Wake", level: 4 },
  { stage: SleepStage.REM, label: "REM", level: 3 },
  { stage: SleepStage.Light, label: "Light", level: 2 },
  { stage: SleepStage.Deep, label: "Deep", level: 1 },
] as const;

/** A 2-stage night (./plan.ts) has two rows: Asleep scored each epoch only as Wake or Sleep. */
export const TWO_STAGE_ROWS = [
  { stage: SleepStage.Wake, label: "Wake", level: 2 },
  { stage: SleepStage.Light, label: "Sleep", level: 1 },
] as const;

export type HypnogramRow = { stage: SleepStage; label: string; level: number };

export const hypnogramRows = (plan: StagePlan = "4-stage"): readonly HypnogramRow[] => (plan === "2-stage" ? TWO_STAGE_ROWS : HYPNOGRAM_ROWS);

export function stageLevel(stage: number, plan: StagePlan = "4-stage"): number | null {
  return hypnogramRows(plan).find((r) => r.stage === stage)?.level ?? null;
}

export interface HypnogramPoint {
  /** Milliseconds since 1970 (the chart's x axis). */
  time: number;
  epoch: number;
  /** Row height, or null for an unknown epoch (a gap in the line). */
  level: number | null;
  /** Same as level, but only during REM: drawn on top, thicker, as clinical hypnograms emphasise REM. */
  remLevel: number | null;
}

/** One point per epoch, plus one closing the last epoch, for a step chart. */
export function hypnogramPoints(startMs: number, stages: readonly number[], plan: StagePlan = "4-stage"): HypnogramPoint[] {
  const points: HypnogramPoint[] = stages.map((stage, epoch) => {
    const level = stageLevel(stage, plan);
    return { time: startMs + epoch * EPOCH_SECONDS * 1000, epoch, level, remLevel: stage === SleepStage.REM ? level : null };
  });
  const last = points.at(-1);
  if (last) points.push({ ...last, epoch: stages.length, time: startMs + stages.length * EPOCH_SECONDS * 1000 });
  return points;
}

export interface EpochRun {
  startEpoch: number;
  /** Exclusive. */
  endEpoch: number;
  value: number;
}

/** Consecutive epochs with the same value. */
export function runs(values: readonly number[]): EpochRun[] {
  const out: EpochRun[] = [];
  values.forEach((value, epoch) => {
    const current = out.at(-1);
    if (current && current.value === value && current.endEpoch === epoch) current.endEpoch = epoch + 1;
    else out.push({ startEpoch: epoch, endEpoch: epoch + 1, value });
  });
  return out;
}

/** The stage's name as the night's plan scores it: 1 is "Sleep" on a 2-stage night, "Light" on a 4-stage one. */
export const stageName = (stage: number, plan: StagePlan = "4-stage") =>
  plan === "2-stage" && stage === SleepStage.Light ? "Sleep" : isSleepStage(stage) ? SLEEP_STAGE_NAMES[stage] : "Unknown";

/** A stage's key in the shared "Sleep" catalogue (`Sleep.stage.<key>`), as stageName names it, for pages in the reader's language. */
export type StageWord = "unknown" | "wake" | "light" | "deep" | "rem" | "sleep";
const STAGE_WORDS: Record<SleepStage, StageWord> = { [-1]: "unknown", 0: "wake", 1: "light", 2: "deep", 3: "rem" };
export const stageWord = (stage: number, plan: StagePlan = "4-stage"): StageWord =>
  plan === "2-stage" && stage === SleepStage.Light ? "sleep" : isSleepStage(stage) ? STAGE_WORDS[stage] : "unknown";

/** The AASM stages a stage-table row stands for, after its name: "Light (N1 + N2)", "Deep (N3)", "REM". */
export const AASM_STAGES: Record<"light" | "deep" | "rem", string | null> = { light: "N1 + N2", deep: "N3", rem: null };

/** A stage table's row name (lib/sleep/report.ts stage shares) from the stage's name in the reader's language. */
export const stageRowLabel = (stage: keyof typeof AASM_STAGES, name: string): string => (AASM_STAGES[stage] ? `${name} (${AASM_STAGES[stage]})` : name);

export interface LiveSummary {
  /** The latest epoch with a known stage, or null. */
  currentStage: number | null;
  asleepSeconds: number;
  recordedSeconds: number;
  sleepOnsetEpoch: number | null;
  wasoSeconds: number;
  wasoCount: number;
}

/** Provisional figures while a night is still being recorded. */
export function liveSummary(stages: readonly number[]): LiveSummary {
  const s = nightStatistics(stages);
  let currentStage: number | null = null;
  for (let i = stages.length - 1; i >= 0; i--) {
    if (stages[i] !== SleepStage.Unknown) {
      currentStage = stages[i]!;
      break;
    }
  }
  return {
    currentStage,
    asleepSeconds: s.totalSleepSeconds,
    recordedSeconds: s.timeInBedSeconds,
    sleepOnsetEpoch: s.sleepOnsetEpoch,
    wasoSeconds: s.wasoSeconds,
    wasoCount: s.wasoCount,
  };
}
