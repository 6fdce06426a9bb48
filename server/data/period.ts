// A patient's nights over a period of days, with who the patient is and who looks after them, for the
// period report (PDF and CSV): found only if the audience may see that patient.

import { addDays, adherence, windowEnd, type Adherence, type AdherenceRule, type Day } from "@/lib/sleep/adherence";
import { periodFigures, periodNight, type PeriodFigures, type PeriodNightInput } from "@/lib/report/period";
import type { Db } from "../db/client";
import { canSee, type Audience } from "./access";
import { notesForReport } from "./notes";
import { tagsForNights } from "./tags";
import { knownZones, zoneOf, type KnownZones } from "./zones";

export interface ReportNote {
  author: string;
  at: Date;
  /** The night it is about, or null for a note on the patient. */
  sessionId: string | null;
  text: string;
}

export interface PeriodReport {
  asleepUserId: string;
  patient: { name: string; email: string } | null;
  clinicians: Array<{ name: string; email: string }>;
  figures: PeriodFigures;
  notes: ReportNote[];
  /** The sleeper's tags on each of the period's nights (server/data/tags.ts), by night id. */
  tags: Map<string, string[]>;
}

/**
 * A night's day is its start's local date (noon to noon) in its own zone, up to 14 h from UTC, so the
 * query reaches two days either side and lib/report keeps the nights that belong to the range.
 */
const SLACK_DAYS = 2;

const NIGHT_FIELDS = { id: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true, snoringStages: true } as const;

type NightRow = { id: string; state: string; startTime: Date | null; endTime: Date | null; timezone: string | null; sleepStages: number[]; snoringStages: number[] };

/**
 * A night as the report reads it, dated and drawn in the same zone as on its pages (lib/time/night.ts
 * bestZone): its own; else, for a night that never received one (closed as Incomplete before
 * SESSION_COMPLETE brought it), the zone on the patient's account, else that of their newest night
 * with one; else UTC.
 */
const asInput = (asleepUserId: string, known: Map<string, KnownZones>) => (r: NightRow): PeriodNightInput => {
  const zone = zoneOf({ userId: asleepUserId, timezone: r.timezone }, known);
  return {
    id: r.id,
    state: r.state === "INCOMPLETE" ? "INCOMPLETE" : "COMPLETE",
    startTime: r.startTime?.toISOString() ?? null,
    endTime: r.endTime?.toISOString() ?? null,
    timezone: zone?.name ?? "UTC",
    zoneSource: zone?.source ?? null,
    sleepStages: r.sleepStages,
    snoringStages: r.snoringStages,
  };
};

/** `sharedNotesOnly`: the reader is the sleeper, who sees only the notes their clinician shared. */
export async function periodReport(db: Db, audience: Audience, asleepUserId: string, range: { from: Day; to: Day }, rule: AdherenceRule, sharedNotesOnly = false): Promise<PeriodReport | null> {
  if (!canSee(audience, asleepUserId)) return null;
  // The rule's window ends on the range's last day and may begin before the range.
  const earliest = [range.from, addDays(range.to, -(rule.windowDays - 1))].sort()[0]!;
  const [rows, person, known] = await Promise.all([
    db.sleepSession.findMany({
      where: {
        userId: asleepUserId,
        // A night still recording is not in a report.
        state: { in: ["COMPLETE", "INCOMPLETE"] },
        startTime: { gte: new Date(`${addDays(earliest, -SLACK_DAYS)}T00:00:00Z`), lt: new Date(`${addDays(range.to, SLACK_DAYS)}T00:00:00Z`) },
      },
      select: NIGHT_FIELDS,
    }),
    db.user.findUnique({
      where: { asleepUserId },
      select: { name: true, email: true, clinicians: { select: { clinician: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } } },
    }),
    knownZones(db, [asleepUserId]),
  ]);
  const figures = periodFigures(rows.map(asInput(asleepUserId, known)), range, rule);
  return {
    asleepUserId,
    patient: person && { name: person.name, email: person.email },
    clinicians: person?.clinicians.map((c) => c.clinician) ?? [],
    figures,
    notes: await notesForPeriod(db, asleepUserId, figures.nights.map((n) => n.id), range, sharedNotesOnly),
    tags: await tagsForNights(db, figures.nights.map((n) => n.id)),
  };
}

/** Clinicians' notes on the patient and on the period's nights (server/data/notes.ts), oldest first. */
async function notesForPeriod(db: Db, asleepUserId: string, nightIds: string[], range: { from: Day; to: Day }, sharedOnly: boolean): Promise<ReportNote[]> {
  return (await notesForReport(db, asleepUserId, nightIds, range, sharedOnly)).map(({ author, at, sessionId, text }) => ({ author, at, sessionId, text }));
}

/**
 * The rule over the patient's last days as of `now` (see windowEnd), "today" being the patient's in the
 * zone of their newest night; null if the audience may not see the patient.
 */
export async function currentAdherence(db: Db, audience: Audience, asleepUserId: string, rule: AdherenceRule, now: Date): Promise<Adherence | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const [rows, known] = await Promise.all([
    db.sleepSession.findMany({
      where: { userId: asleepUserId, state: { in: ["COMPLETE", "INCOMPLETE"] }, startTime: { gte: new Date(now.getTime() - (rule.windowDays + SLACK_DAYS + 1) * 86_400_000) } },
      orderBy: { startTime: "desc" },
      select: NIGHT_FIELDS,
    }),
    knownZones(db, [asleepUserId]),
  ]);
  const nights = rows.map(asInput(asleepUserId, known)).map(periodNight).filter((n) => n !== null);
  return adherence(nights, rule, windowEnd(nights, now.getTime(), nights[0]?.timezone ?? "UTC"));
}
