// The board as CSV, as filtered and sorted on screen (every page of the view): one row per patient.
// Each instant is given in UTC and as local time with its offset in its zone, named in its own column
// as people read it (lib/time/zone.ts zoneLabel: "UTC+09:00", never the POSIX-signed "Etc/GMT-9").

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { csvDocument } from "../export/csv";
import type { BoardRow } from "../live/events";
import { boardStageName } from "./stage";
import { zoneLabel, zoneOrUtc } from "../time/zone";

export const BOARD_CSV_COLUMNS = [
  "patient",
  "email",
  "asleep_user_id",
  "flags",
  "tonight",
  "tonight_stage",
  "tonight_as_of_utc",
  "tonight_as_of_local",
  "tonight_timezone",
  "last_night_of",
  "last_night_state",
  "last_night_start_utc",
  "last_night_start_local",
  "last_night_timezone",
  "last_night_total_sleep_min",
  "last_night_efficiency_pct",
  "last_night_tags",
  "adherence_days",
  "adherence_window_days",
  "adherence_pct",
  "adherence_meets",
  "open_alerts",
  "last_note",
  "last_note_author",
  "last_note_at_utc",
  // The note's time on the patient's clock, in the zone of their night on the board (tonight's, else
  // last night's; UTC when they have none), named in last_note_timezone.
  "last_note_at_local",
  "last_note_timezone",
  // The patient's enrolment day: no window counts before it; a window not yet complete is too early to
  // tell (adherence_meets is then false and says nothing).
  "enrolled_on",
  "adherence_too_early",
] as const;

const utc = (iso: string | null) => (iso ? new Date(iso).toISOString() : null);
const local = (iso: string | null, zone: string) => (iso ? format(new TZDate(Date.parse(iso), zone), "yyyy-MM-dd'T'HH:mm:ssXXX") : null);

export function boardCsv(rows: readonly BoardRow[]): string {
  const lines = rows.map((r) => {
    const open = r.open;
    const openZone = zoneOrUtc(open?.zone?.name ?? open?.timezone);
    const asOf = open ? (open.lastDeliveryAt ?? open.updatedAt) : null;
    const last = r.lastNight;
    const lastZone = zoneOrUtc(last?.zone?.name ?? last?.timezone);
    const patientZone = open ? openZone : lastZone;
    const noteAt = r.lastNote?.at ?? null;
    return [
      r.name,
      r.email,
      r.asleepUserId,
      r.flags.map((f) => f.reason).join("; "),
      open ? (open.stale ? "recording (stale)" : "recording") : "not recording",
      open ? boardStageName(open) : null,
      utc(asOf),
      local(asOf, openZone),
      open ? zoneLabel(openZone) : null,
      last?.day ?? null,
      last ? last.state.toLowerCase() : null,
      utc(last?.startTime ?? null),
      local(last?.startTime ?? null, lastZone),
      last ? zoneLabel(lastZone) : null,
      last ? Number((last.totalSleepSeconds / 60).toFixed(1)) : null,
      last?.efficiencyPercent == null ? null : Number(last.efficiencyPercent.toFixed(1)),
      last ? last.tags.join("; ") : null,
      r.adherence.adherentDays,
      r.adherence.days,
      Number(r.adherence.percent.toFixed(1)),
      r.adherence.meets,
      r.openAlerts,
      r.lastNote?.text ?? null,
      r.lastNote?.author ?? null,
      utc(noteAt),
      local(noteAt, patientZone),
      noteAt ? zoneLabel(patientZone) : null,
      r.enrolledOn,
      r.adherence.tooEarly,
    ];
  });
  return csvDocument(BOARD_CSV_COLUMNS, lines);
}
