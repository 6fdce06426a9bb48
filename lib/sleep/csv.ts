// A night as CSV: one row per 30-second epoch.

import { EPOCH_SECONDS, SLEEP_STAGE_NAMES, isSleepStage } from "./stages";

export interface CsvNight {
  startTime: string | null;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

export function nightCsv(night: CsvNight): string {
  const start = night.startTime ? Date.parse(night.startTime) : null;
  const lines = ["epoch,time,stage,stage_value,snoring"];
  night.sleepStages.forEach((value, epoch) => {
    const time = start === null ? "" : new Date(start + epoch * EPOCH_SECONDS * 1000).toISOString();
    const stage = isSleepStage(value) ? SLEEP_STAGE_NAMES[value] : "Unknown";
    const snoring = night.snoringStages[epoch];
    lines.push(`${epoch},${time},${stage},${value},${snoring === 1 ? "yes" : snoring === 0 ? "no" : ""}`);
  });
  return lines.join("\r\n") + "\r\n";
}
