// A period's nights as CSV, one row per night: the one builder behind report.csv and nights.csv.
// Each instant is given twice: in UTC, and as the local clock time (with its offset) in the night's
// zone (its own, else the best known: see server/data/period.ts), which is named in its own column as
// people read it ("UTC+09:00", never the POSIX-signed "Etc/GMT-9").

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { csvDocument } from "../export/csv";
import { zoneLabel } from "../time/zone";
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

// Minutes as measured (to the half minute of a 30-s epoch, as the FHIR export and the board's CSV give
// them), every minute column alike: a spreadsheet sums and compares them; the pages round to whole minutes.
const minutes = (seconds: number | null) => (seconds === null ? null : Number((seconds / 60).toFixed(1)));
const local = (ms: number, zone: string) => format(new TZDate(ms, zone), "yyyy-MM-dd'T'HH:mm:ssXXX");

/** A clinician's note as the report's CSV prints it in its night's row. */
export interface CsvNote {
  sessionId: string | null;
  author: string;
  at: Date;
  text: string;
}

const noteClock = (ms: number, zone: string) => format(new TZDate(ms, zone), "yyyy-MM-dd HH:mm");

/**
 * The notes column: each of the night's notes as "author, time UTC (time zone): text", the time given
 * in UTC and on the night's clock (the zone of its timezone column), oldest first, joined by " | ".
 */
const notesCell = (notes: readonly CsvNote[], night: PeriodNight) =>
  notes
    .filter((n) => n.sessionId === night.id)
    .map((n) => `${n.author}, ${noteClock(n.at.getTime(), "UTC")} UTC (${noteClock(n.at.getTime(), night.timezone)} ${zoneLabel(night.timezone)}): ${n.text}`)
    .join(" | ");

/**
 * `tags`: each night's tags by its id (a night missing from it has none). With `notes` (the period report's CSV), a column,
 * clinician_notes, holds each night's notes; with `compliance` (the report's, in words: lib/sleep/compliance.ts complianceSummary),
 * a column, compliance_first_90_days, repeats it on every row, so a spreadsheet keeps it with any row it filters; with
 * `enrolledOn` (the report's), a last column, enrolled_on, the patient's enrolment day (lib/sleep/enrolment.ts), likewise.
 */
export function nightsCsv(
  nights: readonly PeriodNight[],
  tags: ReadonlyMap<string, readonly string[]> = new Map(),
  notes?: readonly CsvNote[],
  compliance?: string,
  enrolledOn?: string | null,
): string {
  const rows = nights.map((n) => [
    n.day,
    n.id,
    n.state,
    zoneLabel(n.timezone),
    new Date(n.startMs).toISOString(),
    new Date(n.endMs).toISOString(),
    local(n.startMs, n.timezone),
    local(n.endMs, n.timezone),
    minutes(n.timeInBedSeconds),
    minutes(n.totalSleepSeconds),
    n.efficiencyPercent === null ? null : Number(n.efficiencyPercent.toFixed(1)),
    minutes(n.sleepOnsetLatencySeconds),
    minutes(n.remLatencySeconds),
    minutes(n.wasoSeconds),
    n.awakenings,
    (tags.get(n.id) ?? []).join("; "),
    ...(notes ? [notesCell(notes, n)] : []),
    ...(compliance !== undefined ? [compliance] : []),
    ...(enrolledOn !== undefined ? [enrolledOn] : []),
  ]);
  return csvDocument(
    [...NIGHTS_CSV_COLUMNS, ...(notes ? ["clinician_notes"] : []), ...(compliance !== undefined ? ["compliance_first_90_days"] : []), ...(enrolledOn !== undefined ? ["enrolled_on"] : [])],
    rows,
  );
}
