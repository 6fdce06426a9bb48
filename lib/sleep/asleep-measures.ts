// What Asleep measured itself and reports in `stat` (and SESSION_COMPLETE's `breath_stages`,
// `missing_data_ratio`): its sleep score, breathing stability, snoring and wake-up latency. These are
// Asleep's figures, computed by Asleep's own formulas, which it does not publish; they are shown as
// Asleep's, never mixed with the figures this app derives from the hypnogram. A measure the plan does
// not include is absent from `stat` (or null) and is then not shown at all: no zero, no "—".

import { EPOCH_SECONDS } from "./stages";

export interface AsleepBreathing {
  /** Asleep's breathing index (its own scale). */
  index: number | null;
  stableSeconds: number | null;
  unstableSeconds: number | null;
  /** Whole percent of the night Asleep judged breathing unstable / stable, 0–100. */
  unstablePercent: number | null;
  stablePercent: number | null;
}

export interface AsleepSnoring {
  seconds: number | null;
  /** Whole percent, 0–100. */
  percent: number | null;
  /** Snoring events Asleep counted. */
  count: number | null;
}

export interface AsleepMeasures {
  /** Asleep's sleep score, 0–100. */
  sleepIndex: number | null;
  breathing: AsleepBreathing | null;
  snoring: AsleepSnoring | null;
  /** From the final awakening to the end of the recording, in seconds. */
  wakeupLatencySeconds: number | null;
  /** Share of the recording with no usable data, whole percent 0–100. */
  missingDataPercent: number | null;
}

/** What Asleep says each measure means (its docs), with the reminder that the formula is Asleep's. */
export const ASLEEP_MEASURE_TEXT = {
  sleepIndex: "Asleep's sleep score, 0 to 100: Asleep's own summary of the night's sleep quality (higher is better). Asleep computes it with its own formula, which it does not publish; it is not a clinical scale.",
  breathing:
    "Asleep's breathing stability: the time Asleep judged breathing stable or unstable from the sound of the night, and its breathing index. Measured and computed by Asleep with its own method (on plans that include breathing analysis); not a diagnosis of sleep apnoea.",
  snoring: "Snoring as Asleep counted it: the number of snoring events, their time and share of the night, by Asleep's own detection.",
  wakeupLatency: "Asleep's wake-up latency: from the final awakening to the end of the recording, as Asleep measured it.",
  missingData: "The share of the recording Asleep could not analyse (missing or unusable sound), as Asleep reports it.",
} as const;

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const nonNegative = (v: unknown): number | null => {
  const n = num(v);
  return n === null || n < 0 ? null : n;
};
/** A ratio sent as 0.12 or as 12 (%), as whole percent; null outside 0–100. */
export function ratioPercent(v: unknown): number | null {
  const n = nonNegative(v);
  if (n === null) return null;
  const pct = n <= 1 ? n * 100 : n;
  return pct > 100 ? null : Math.round(pct);
}
/** Asleep's sleep score as every page shows it (the night report, the morning card): "83 / 100". */
export const sleepScoreText = (score: number) => `${Math.round(score)} / 100`;

const allNull = (o: object) => Object.values(o).every((v) => v === null);

/**
 * Asleep's own measures from its report. `peculiarities`: NO_BREATHING_STABILITY says the plan has no
 * breathing analysis, so no breathing figure is shown even if `stat` carried a placeholder.
 */
export function asleepMeasures(stat: Record<string, unknown> | null | undefined, extras: { peculiarities?: readonly string[]; missingDataRatio?: number | null } = {}): AsleepMeasures {
  const s = stat ?? {};
  const score = num(s.sleep_index);
  const breathing: AsleepBreathing = {
    index: nonNegative(s.breathing_index),
    stableSeconds: nonNegative(s.time_in_stable_breath),
    unstableSeconds: nonNegative(s.time_in_unstable_breath),
    unstablePercent: ratioPercent(s.unstable_breath_ratio),
    stablePercent: ratioPercent(s.stable_breath_ratio),
  };
  const snoring: AsleepSnoring = { seconds: nonNegative(s.time_in_snoring), percent: ratioPercent(s.snoring_ratio), count: nonNegative(s.snoring_count) };
  const noBreathing = extras.peculiarities?.includes("NO_BREATHING_STABILITY") ?? false;
  return {
    sleepIndex: score !== null && score >= 0 && score <= 100 ? score : null,
    breathing: noBreathing || allNull(breathing) ? null : breathing,
    snoring: allNull(snoring) ? null : snoring,
    wakeupLatencySeconds: nonNegative(s.wakeup_latency),
    missingDataPercent: ratioPercent(extras.missingDataRatio ?? s.missing_data_ratio),
  };
}

/** Breathing per epoch as Asleep sends it in `breath_stages`: 0 stable, 1 unstable; anything else no data. */
export const BreathStage = { Stable: 0, Unstable: 1 } as const;

/** `session.breath_stages` as sent, read leniently: an array of integers, else none (the plan has no breathing analysis). */
export function readBreathStages(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === "number" && Number.isInteger(v) ? v : -1));
}

/** Seconds of stable and unstable breathing in breath_stages (for the band's caption). */
export function breathStageSeconds(stages: readonly number[]): { stable: number; unstable: number } {
  let stable = 0;
  let unstable = 0;
  for (const s of stages) {
    if (s === BreathStage.Stable) stable += EPOCH_SECONDS;
    else if (s === BreathStage.Unstable) unstable += EPOCH_SECONDS;
  }
  return { stable, unstable };
}
