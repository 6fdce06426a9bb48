// A period's nights as CSV, one row per night: the one builder behind report.csv and nights.csv.
// Each instant is given twice: in UTC, and as the local clock time (with its offset) in the night's
// own zone, which is named in its own column.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { PeriodNight } from "./period";

export const NIGHTS_CSV_COLUMNS = [
  "night_of",
  "session_id",
  "state",
  "timezone",
  "start_utc",
  "end_utc",
  "start_local",
  "end_local",
  "time_in_bed_min",
  "total_sleep_min",
  "sleep_efficiency_pct",
  "sleep_onset_latency_min",
  "rem_latency_min",
  "waso_min",
  "awakenings",
  // The sleeper's tags on the night (lib/sleep/tags.ts), in the order added, separated by "; ".
  "tags",
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const minutes = (seconds: number | null) => (seconds === null ? null : Number((seconds / 60).toFixed(1)));
const local = (ms: number, zone: string) => format(new TZDate(ms, zone), "yyyy-MM-dd'T'HH:mm:ssXXX");

/** A clinician's note as the report's CSV prints it in its night's row. */
export interface CsvNote {
  sessionId: string | null;
  author: string;
  at: Date;
  text: string;
}

/** The notes column: each of the night's notes as "author, time UTC: text", oldest first, joined by " | ". */
const notesCell = (notes: readonly CsvNote[], nightId: string) =>
  notes
    .filter((n) => n.sessionId === nightId)
    .map((n) => `${n.author}, ${n.at.toISOString().slice(0, 16).replace("T", " ")} UTC: ${n.text}`)
    .join(" | ");

/** `tags`: each night's tags by its id (a night missing from it has none). With `notes` (the period report's CSV), a last column, clinician_notes, holds each night's notes. */
export function nightsCsv(nights: readonly PeriodNight[], tags: ReadonlyMap<string, readonly string[]> = new Map(), notes?: readonly CsvNote[]): string {
  const rows = nights.map((n) =>
    [
      n.day,
      n.id,
      n.state,
      n.timezone,
      new Date(n.startMs).toISOString(),
      new Date(n.endMs).toISOString(),
      local(n.startMs, n.timezone),
      local(n.endMs, n.timezone),
      minutes(n.timeInBedSeconds),
      n.totalSleepMinutes,
      n.efficiencyPercent === null ? null : Number(n.efficiencyPercent.toFixed(1)),
      minutes(n.sleepOnsetLatencySeconds),
      minutes(n.remLatencySeconds),
      minutes(n.wasoSeconds),
      n.awakenings,
      (tags.get(n.id) ?? []).join("; "),
      ...(notes ? [notesCell(notes, n.id)] : []),
    ]
      .map(csvField)
      .join(","),
  );
  return [[...NIGHTS_CSV_COLUMNS, ...(notes ? ["clinician_notes"] : [])].join(","), ...rows].join("\r\n") + "\r\n";
}
