// A night as CSV: one row per 30-second epoch, its UTC instant with the local clock time and zone next
// to it, so a spreadsheet reads the night as the sleeper lived it without guessing the offset.

import { csvDocument, type CsvCell } from "../export/csv";
import { localIso, zoneLabel, zoneOrUtc } from "../time/zone";
import { EPOCH_SECONDS } from "./stages";
import { stageName } from "./hypnogram";
import type { StagePlan } from "./plan";

export interface CsvNight {
  startTime: string | null;
  /** The zone the night is drawn in (lib/time/night.ts bestZone); UTC when none is known. */
  zone: { name: string } | null;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
  /** Left out: 4-stage. On a 2-stage night 1 is written "Sleep", never "Light". */
  stagePlan?: StagePlan;
}

export const CSV_COLUMNS = ["epoch", "time", "local_time", "timezone", "stage", "stage_value", "snoring"] as const;

export function nightCsv(night: CsvNight): string {
  const start = night.startTime ? Date.parse(night.startTime) : null;
  const zone = zoneOrUtc(night.zone?.name);
  const label = zoneLabel(zone);
  const rows = night.sleepStages.map((value, epoch): CsvCell[] => {
    const at = start === null ? null : start + epoch * EPOCH_SECONDS * 1000;
    const stage = stageName(value, night.stagePlan);
    const snoring = night.snoringStages[epoch];
    return [epoch, at === null ? null : new Date(at).toISOString(), at === null ? null : localIso(at, zone), label, stage, value, snoring === 1 ? "yes" : snoring === 0 ? "no" : null];
  });
  return csvDocument(CSV_COLUMNS, rows);
}
