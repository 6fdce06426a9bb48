// A night as CSV: one row per 30-second epoch, its UTC instant with the local clock time and zone next
// to it, so a spreadsheet reads the night as the sleeper lived it without guessing the offset.

import { localIso, zoneLabel, zoneOrUtc } from "../time/zone";
import { EPOCH_SECONDS, SLEEP_STAGE_NAMES, isSleepStage } from "./stages";

export interface CsvNight {
  startTime: string | null;
  /** The zone the night is drawn in (lib/time/night.ts bestZone); UTC when none is known. */
  zone: { name: string } | null;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

export const CSV_HEADER = "epoch,time,local_time,timezone,stage,stage_value,snoring";

export function nightCsv(night: CsvNight): string {
  const start = night.startTime ? Date.parse(night.startTime) : null;
  const zone = zoneOrUtc(night.zone?.name);
  const label = zoneLabel(zone);
  const lines = [CSV_HEADER];
  night.sleepStages.forEach((value, epoch) => {
    const at = start === null ? null : start + epoch * EPOCH_SECONDS * 1000;
    const time = at === null ? "," : `${new Date(at).toISOString()},${localIso(at, zone)}`;
    const stage = isSleepStage(value) ? SLEEP_STAGE_NAMES[value] : "Unknown";
    const snoring = night.snoringStages[epoch];
    lines.push(`${epoch},${time},${label},${stage},${value},${snoring === 1 ? "yes" : snoring === 0 ? "no" : ""}`);
  });
  return lines.join("\r\n") + "\r\n";
}
