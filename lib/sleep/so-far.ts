// The night page's first line, for someone glancing at a phone at 3 am: how long asleep so far, the
// stage now and as of when, and how recent the data is, each clock time in the night's zone.

import { clockTime, duration } from "../format";
import { zoneLabel } from "../time/zone";
import { stageName } from "./hypnogram";
import { EPOCH_SECONDS, SleepStage } from "./stages";
import { nightStatistics } from "./statistics";

export interface NightSoFar {
  asleepSeconds: number;
  /** The stage of the latest epoch with data; null before any. */
  currentStage: number | null;
  /** The end of that epoch: the stage is known as of then. */
  stageAsOfMs: number | null;
  /** The end of the latest epoch received, data or not; null before any. */
  dataUpToMs: number | null;
}

export function nightSoFar(stages: readonly number[], startMs: number): NightSoFar {
  const end = (epochs: number) => startMs + epochs * EPOCH_SECONDS * 1000;
  let last = stages.length - 1;
  while (last >= 0 && stages[last] === SleepStage.Unknown) last--;
  return {
    asleepSeconds: nightStatistics(stages).totalSleepSeconds,
    currentStage: last >= 0 ? stages[last]! : null,
    stageAsOfMs: last >= 0 ? end(last + 1) : null,
    dataUpToMs: stages.length > 0 ? end(stages.length) : null,
  };
}

/**
 * "Asleep 2 h 10 min so far · Light as of 03:05 · data up to 03:10 (Europe/Paris)" while recording;
 * "Slept 7 h 15 min · last stage Wake, at 07:00 · data up to 07:00 (Europe/Paris)" once closed.
 */
export function soFarText(s: NightSoFar, recording: boolean, zone: string): string {
  if (s.dataUpToMs === null) return recording ? "No data yet: Asleep's first analysis comes about 20 minutes after the recording starts." : "No data was recorded.";
  const asleep = recording ? `Asleep ${duration(s.asleepSeconds)} so far` : `Slept ${duration(s.asleepSeconds)}`;
  const stage =
    s.currentStage === null || s.stageAsOfMs === null
      ? "no stage yet"
      : recording
        ? `${stageName(s.currentStage)} as of ${clockTime(s.stageAsOfMs, zone)}`
        : `last stage ${stageName(s.currentStage)}, at ${clockTime(s.stageAsOfMs, zone)}`;
  return `${asleep} · ${stage} · data up to ${clockTime(s.dataUpToMs, zone)} (${zoneLabel(zone)})`;
}
