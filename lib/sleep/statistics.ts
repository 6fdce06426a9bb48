// Sleep statistics derived from a hypnogram (one stage per 30-second epoch), with the definitions a
// sleep lab uses (AASM): sleep onset is the first epoch of any sleep stage; WASO is wake after sleep
// onset and before the final awakening; efficiency is total sleep time over time in bed. Unknown epochs
// (no data) count toward time in bed but are neither sleep nor wake. The words shown to people for each
// figure live in ./definitions.ts and docs/DEFINITIONS.md.

import { EPOCH_SECONDS, isAsleep, SleepStage } from "./stages";
import type { StagePlan } from "./plan";

/** Persistent sleep: 20 epochs (10 minutes) of sleep with no wake or no-data epoch among them. */
export const PERSISTENT_SLEEP_EPOCHS = 20;

export interface StageDurations {
  wake: number;
  light: number;
  deep: number;
  rem: number;
  unknown: number;
}

export interface SleepCycle {
  /** 1-based, in order. */
  index: number;
  startEpoch: number;
  /** Exclusive. */
  endEpoch: number;
}

export interface NightStatistics {
  epochCount: number;
  timeInBedSeconds: number;
  /** Index of the first sleep epoch, or null if the person never slept. */
  sleepOnsetEpoch: number | null;
  /** Index of the last sleep epoch, or null. */
  finalSleepEpoch: number | null;
  sleepLatencySeconds: number | null;
  /**
   * From the start of the recording to the first of PERSISTENT_SLEEP_EPOCHS uninterrupted sleep epochs
   * (latency to persistent sleep); null if the night has no such run.
   */
  persistentSleepLatencySeconds: number | null;
  /** From sleep onset to the first REM epoch (AASM; YASA counts from the start of the recording). */
  remLatencySeconds: number | null;
  totalSleepSeconds: number;
  /** From sleep onset to the end of the final sleep epoch (SPT); 0 if the person never slept. */
  sleepPeriodSeconds: number;
  wasoSeconds: number;
  /** Awakenings: see wakeEpisodesAfterOnset for what ends one. */
  wasoCount: number;
  longestWasoSeconds: number;
  /** Total sleep time ÷ time in bed, 0–1; null when nothing was recorded. */
  sleepEfficiency: number | null;
  /** Total sleep time ÷ sleep period, 0–1; null when the person never slept. */
  sleepMaintenanceEfficiency: number | null;
  /** Seconds in each stage over the whole recording. */
  stageSeconds: StageDurations;
  cycles: SleepCycle[];
}

/**
 * On a 2-stage night (./plan.ts) every sleep epoch is 1 ("Sleep"), counted in stageSeconds.light; the
 * REM latency and the NREM–REM cycles were never measured, so they are null and none.
 */
export function nightStatistics(stages: readonly number[], plan: StagePlan = "4-stage"): NightStatistics {
  const stageSeconds: StageDurations = { wake: 0, light: 0, deep: 0, rem: 0, unknown: 0 };
  let sleepOnsetEpoch: number | null = null;
  let finalSleepEpoch: number | null = null;
  let firstRemEpoch: number | null = null;

  stages.forEach((stage, epoch) => {
    stageSeconds[stageKey(stage)] += EPOCH_SECONDS;
    if (isAsleep(stage)) {
      sleepOnsetEpoch ??= epoch;
      finalSleepEpoch = epoch;
    }
    if (stage === SleepStage.REM) firstRemEpoch ??= epoch;
  });

  const waso = wakeEpisodesAfterOnset(stages, sleepOnsetEpoch, finalSleepEpoch);
  const timeInBedSeconds = stages.length * EPOCH_SECONDS;
  const totalSleepSeconds = stageSeconds.light + stageSeconds.deep + stageSeconds.rem;
  const onset: number | null = sleepOnsetEpoch;
  const finalSleep: number | null = finalSleepEpoch;
  const firstRem: number | null = firstRemEpoch;
  const sleepPeriodSeconds = onset === null || finalSleep === null ? 0 : (finalSleep - onset + 1) * EPOCH_SECONDS;
  const persistentOnset = persistentSleepOnset(stages);

  return {
    epochCount: stages.length,
    timeInBedSeconds,
    sleepOnsetEpoch: onset,
    finalSleepEpoch,
    sleepLatencySeconds: onset === null ? null : onset * EPOCH_SECONDS,
    persistentSleepLatencySeconds: persistentOnset === null ? null : persistentOnset * EPOCH_SECONDS,
    remLatencySeconds: plan === "2-stage" || onset === null || firstRem === null ? null : (firstRem - onset) * EPOCH_SECONDS,
    totalSleepSeconds,
    sleepPeriodSeconds,
    wasoSeconds: waso.reduce((sum, len) => sum + len, 0) * EPOCH_SECONDS,
    wasoCount: waso.length,
    longestWasoSeconds: Math.max(0, ...waso) * EPOCH_SECONDS,
    sleepEfficiency: timeInBedSeconds === 0 ? null : totalSleepSeconds / timeInBedSeconds,
    sleepMaintenanceEfficiency: sleepPeriodSeconds === 0 ? null : totalSleepSeconds / sleepPeriodSeconds,
    stageSeconds,
    cycles: plan === "2-stage" ? [] : sleepCycles(stages, onset),
  };
}

function stageKey(stage: number): keyof StageDurations {
  switch (stage) {
    case SleepStage.Wake:
      return "wake";
    case SleepStage.Light:
      return "light";
    case SleepStage.Deep:
      return "deep";
    case SleepStage.REM:
      return "rem";
    default:
      return "unknown";
  }
}

/**
 * Awakenings between sleep onset and the final sleep epoch, as their lengths in wake epochs. Only a
 * sleep epoch ends an awakening: a run of no-data epochs between two wake runs is a gap in the data
 * (a missed 5-minute analysis), not a return to sleep, so [L, W, -1, W, L] is one awakening. Its length
 * counts the wake epochs only (here 2): nobody saw the gap, and this way the lengths add up to WASO.
 * Wake after the final sleep epoch is the final awakening and is not counted.
 */
function wakeEpisodesAfterOnset(stages: readonly number[], onset: number | null, finalSleep: number | null): number[] {
  if (onset === null || finalSleep === null) return [];
  const episodes: number[] = [];
  let run = 0;
  for (let epoch = onset; epoch <= finalSleep; epoch++) {
    const stage = stages[epoch]!;
    if (stage === SleepStage.Wake) {
      run++;
    } else if (isAsleep(stage) && run > 0) {
      episodes.push(run);
      run = 0;
    }
  }
  // The loop ends on a sleep epoch, so no awakening is left open.
  return episodes;
}

/** The first epoch of the first run of PERSISTENT_SLEEP_EPOCHS consecutive sleep epochs, or null. */
function persistentSleepOnset(stages: readonly number[]): number | null {
  let runStart = 0;
  for (let epoch = 0; epoch < stages.length; epoch++) {
    if (!isAsleep(stages[epoch]!)) runStart = epoch + 1;
    else if (epoch - runStart + 1 === PERSISTENT_SLEEP_EPOCHS) return runStart;
  }
  return null;
}

/**
 * NREM–REM cycles: the first starts at sleep onset, and each ends where a REM period gives way to
 * NREM sleep again (or at the final sleep epoch). Brief wakes do not end a cycle.
 */
function sleepCycles(stages: readonly number[], onset: number | null): SleepCycle[] {
  if (onset === null) return [];
  const cycles: SleepCycle[] = [];
  let start = onset;
  let sawRem = false;
  let lastSleep = onset;
  for (let epoch = onset; epoch < stages.length; epoch++) {
    const stage = stages[epoch]!;
    if (!isAsleep(stage)) continue;
    if (stage === SleepStage.REM) sawRem = true;
    else if (sawRem) {
      cycles.push({ index: cycles.length + 1, startEpoch: start, endEpoch: epoch });
      start = epoch;
      sawRem = false;
    }
    lastSleep = epoch;
  }
  if (lastSleep >= start) cycles.push({ index: cycles.length + 1, startEpoch: start, endEpoch: lastSleep + 1 });
  return cycles;
}
