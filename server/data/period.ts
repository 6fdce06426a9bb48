// A patient's nights over a period of days, with who the patient is and who looks after them, for the
// period report (PDF and CSV): found only if the audience may see that patient.

import { addDays, adherence, windowEnd, type Adherence, type AdherenceRule, type Day } from "@/lib/sleep/adherence";
import { dayOfDate } from "@/lib/sleep/enrolment";
import { compliance, COMPLIANCE_PERIOD_DAYS, type Compliance } from "@/lib/sleep/compliance";
import { periodFigures, periodNight, type PeriodFigures, type PeriodNight, type PeriodNightInput } from "@/lib/report/period";
import type { Db } from "../db/client";
import { canSee, type Audience } from "./access";
import { notesForReport } from "./notes";
import { tagsForNights } from "./tags";
import { knownZones, zoneOf, type KnownZones } from "./zones";
import { clinicStagePlan, provenanceOfNights, statOf } from "./sessions";
import { stagePlanOf } from "@/lib/sleep/plan";
import type { NightProvenance } from "@/lib/sleep/provenance";

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
  /** Compliance in the first 90 days as of the period's last day (lib/sleep/compliance.ts); null without an account. */
  compliance: Compliance | null;
  /** Where each of the period's nights came from (lib/sleep/provenance.ts), by night id. */
  provenance: Map<string, NightProvenance>;
}

/**
 * A night's day is its start's local date (noon to noon) in its own zone, up to 14 h from UTC, so the
 * query reaches two days either side and lib/report keeps the nights that belong to the range.
 */
const SLACK_DAYS = 2;

const NIGHT_FIELDS = { id: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true, snoringStages: true, report: { select: { stat: true } } } as const;

type NightRow = { id: string; state: string; startTime: Date | null; endTime: Date | null; timezone: string | null; sleepStages: number[]; snoringStages: number[]; report: { stat: unknown } | null };

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
    stat: statOf(r.report?.stat),
    stagePlan: stagePlanOf({ sleepStages: r.sleepStages, stat: statOf(r.report?.stat), configured: clinicStagePlan() }),
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
      select: { name: true, email: true, enrolledOn: true, clinicians: { select: { clinician: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } } },
    }),
    knownZones(db, [asleepUserId]),
  ]);
  const figures = periodFigures(rows.map(asInput(asleepUserId, known)), range, rule, person ? dayOfDate(person.enrolledOn) : null);
  const complianceNow = person ? await complianceAsOf(db, asleepUserId, dayOfDate(person.enrolledOn), range.to, known, new Date()) : null;
  return {
    asleepUserId,
    patient: person && { name: person.name, email: person.email },
    clinicians: person?.clinicians.map((c) => c.clinician) ?? [],
    figures,
    notes: await notesForPeriod(db, asleepUserId, figures.nights.map((n) => n.id), range, sharedNotesOnly),
    tags: await tagsForNights(db, figures.nights.map((n) => n.id)),
    compliance: complianceNow,
    provenance: await provenanceOfNights(db, figures.nights.map((n) => n.id)),
  };
}

/** A night as the period PDF's worker receives it: its epochs as text ("1,1,2,..."), parsed there. */
export type PeriodSourceNight = Omit<PeriodNightInput, "sleepStages" | "snoringStages"> & { sleepStages: string; snoringStages: string };

/**
 * What the period PDF is made from, read on the main thread and handed to a worker thread
 * (server/reports/pdf-pool.ts), which parses the epochs, computes the figures and draws the PDF. A
 * year of epochs read as numbers (350,000 of them, through the driver and Prisma) held the event loop
 * for seconds; as one text per night it is a few hundred strings. The notes and tags are those of every
 * night read (the query reaches two days either side of the range): the worker keeps those of the
 * nights in the range, as periodReport does.
 */
export interface PeriodSource {
  asleepUserId: string;
  patient: PeriodReport["patient"];
  clinicians: PeriodReport["clinicians"];
  range: { from: Day; to: Day };
  rule: AdherenceRule;
  nights: PeriodSourceNight[];
  notes: ReportNote[];
  tags: Map<string, string[]>;
  /** Computed here (it needs the nights of the first 90 days, not the period's): see PeriodReport. */
  compliance: Compliance | null;
  /** The patient's enrolment day (averages and adherence count from it); null without an account. */
  enrolledOn: Day | null;
  provenance: Map<string, NightProvenance>;
}

type SourceRow = {
  id: string;
  state: string;
  startTime: Date | null;
  endTime: Date | null;
  timezone: string | null;
  sleepStages: string;
  snoringStages: string;
  stat: unknown;
  /** Some epoch scored Deep or REM: four stages whatever the report says (lib/sleep/plan.ts). */
  deepOrRem: boolean;
};

/** Days of nights read per query: the embedded PGlite runs each query on the event loop, so a year is read a month at a time. */
const SOURCE_CHUNK_DAYS = 31;

/** The sleeper's finished nights that began in [start, end), a month at a time, each night's epochs as text. */
async function nightsAsText(db: Db, asleepUserId: string, start: Date, end: Date): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for (let from = start.getTime(); from < end.getTime(); from += SOURCE_CHUNK_DAYS * 86_400_000) {
    const to = new Date(Math.min(from + SOURCE_CHUNK_DAYS * 86_400_000, end.getTime()));
    rows.push(
      ...(await db.$queryRaw<SourceRow[]>`
        SELECT s.id, s.state::text AS state, s.start_time AS "startTime", s.end_time AS "endTime", s.timezone,
               array_to_string(s.sleep_stages, ',') AS "sleepStages", array_to_string(s.snoring_stages, ',') AS "snoringStages",
               r.stat AS stat, (2 = ANY(s.sleep_stages) OR 3 = ANY(s.sleep_stages)) AS "deepOrRem"
        FROM sleep_session s LEFT JOIN sleep_report r ON r.session_id = s.id
        WHERE s.user_id = ${asleepUserId} AND s.state::text IN ('COMPLETE', 'INCOMPLETE') AND s.start_time >= ${new Date(from)} AND s.start_time < ${to}`),
    );
  }
  return rows;
}

/** periodReport's data, for the PDF: the same nights, people, notes and tags, the epochs as text. */
export async function periodSource(db: Db, audience: Audience, asleepUserId: string, range: { from: Day; to: Day }, rule: AdherenceRule, sharedNotesOnly = false): Promise<PeriodSource | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const earliest = [range.from, addDays(range.to, -(rule.windowDays - 1))].sort()[0]!;
  const [rows, person, known] = await Promise.all([
    nightsAsText(db, asleepUserId, new Date(`${addDays(earliest, -SLACK_DAYS)}T00:00:00Z`), new Date(`${addDays(range.to, SLACK_DAYS)}T00:00:00Z`)),
    db.user.findUnique({
      where: { asleepUserId },
      select: { name: true, email: true, enrolledOn: true, clinicians: { select: { clinician: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } } },
    }),
    knownZones(db, [asleepUserId]),
  ]);
  const complianceNow = person ? await complianceAsOf(db, asleepUserId, dayOfDate(person.enrolledOn), range.to, known, new Date()) : null;
  const nights = rows.map((r): PeriodSourceNight => {
    const { sleepStages: _s, snoringStages: _n, ...input } = asInput(asleepUserId, known)({ ...r, sleepStages: [], snoringStages: [], report: r.stat === null ? null : { stat: r.stat } });
    // The epochs stay text here (parsed in the worker): whether any is Deep or REM came from the query.
    return { ...input, stagePlan: r.deepOrRem ? "4-stage" : input.stagePlan, sleepStages: r.sleepStages, snoringStages: r.snoringStages };
  });
  const ids = rows.map((r) => r.id);
  return {
    asleepUserId,
    patient: person && { name: person.name, email: person.email },
    clinicians: person?.clinicians.map((c) => c.clinician) ?? [],
    range,
    rule,
    nights,
    notes: await notesForPeriod(db, asleepUserId, ids, range, sharedNotesOnly),
    tags: await tagsForNights(db, ids),
    compliance: complianceNow,
    enrolledOn: person ? dayOfDate(person.enrolledOn) : null,
    provenance: await provenanceOfNights(db, ids),
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
  const [rows, known, person] = await Promise.all([
    db.sleepSession.findMany({
      where: { userId: asleepUserId, state: { in: ["COMPLETE", "INCOMPLETE"] }, startTime: { gte: new Date(now.getTime() - (rule.windowDays + SLACK_DAYS + 1) * 86_400_000) } },
      orderBy: { startTime: "desc" },
      select: NIGHT_FIELDS,
    }),
    knownZones(db, [asleepUserId]),
    db.user.findUnique({ where: { asleepUserId }, select: { enrolledOn: true } }),
  ]);
  const nights = rows.map(asInput(asleepUserId, known)).map(periodNight).filter((n) => n !== null);
  // No window reaches before enrolment (an Asleep user without an account has none: their whole window counts).
  return adherence(nights, rule, windowEnd(nights, now.getTime(), nights[0]?.timezone ?? "UTC"), person ? dayOfDate(person.enrolledOn) : null);
}

/**
 * Compliance in the first 90 days (lib/sleep/compliance.ts) as of `lastDay`, or of the last day that
 * counts at `now` (windowEnd) if that is earlier, so days not yet lived never count against the patient.
 */
export async function complianceAsOf(db: Db, asleepUserId: string, enrolledOn: Day, lastDay: Day, known: Map<string, KnownZones>, now: Date): Promise<Compliance> {
  const rows = await db.sleepSession.findMany({
    where: {
      userId: asleepUserId,
      state: { in: ["COMPLETE", "INCOMPLETE"] },
      startTime: { gte: new Date(`${addDays(enrolledOn, -SLACK_DAYS)}T00:00:00Z`), lt: new Date(`${addDays(enrolledOn, COMPLIANCE_PERIOD_DAYS + SLACK_DAYS)}T00:00:00Z`) },
    },
    select: NIGHT_FIELDS,
  });
  const nights = rows.map(asInput(asleepUserId, known)).map(periodNight).filter((n) => n !== null);
  const newest = [...nights].sort((a, b) => b.startMs - a.startMs)[0];
  const end = windowEnd(nights, now.getTime(), newest?.timezone ?? "UTC");
  return compliance(nights, enrolledOn, end < lastDay ? end : lastDay);
}

/** The patient's compliance today (the patient page); null if the audience may not see them or they have no account. */
export async function currentCompliance(db: Db, audience: Audience, asleepUserId: string, now: Date): Promise<Compliance | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const [person, known] = await Promise.all([db.user.findUnique({ where: { asleepUserId }, select: { enrolledOn: true } }), knownZones(db, [asleepUserId])]);
  if (!person) return null;
  const enrolledOn = dayOfDate(person.enrolledOn);
  return complianceAsOf(db, asleepUserId, enrolledOn, addDays(enrolledOn, COMPLIANCE_PERIOD_DAYS - 1), known, now);
}

/**
 * The patient's finished nights whose day (noon to noon, in the zone their pages use) falls in the range,
 * as the period report dates and measures them: a study's nights (server/data/studies.ts), nothing copied.
 * With the zone "today" is counted in for the patient: their account's, else their newest night's, else UTC.
 */
export async function nightsOfDays(db: Db, asleepUserId: string, range: { from: Day; to: Day }): Promise<{ nights: PeriodNight[]; zone: string }> {
  const [rows, known] = await Promise.all([
    db.sleepSession.findMany({
      where: {
        userId: asleepUserId,
        state: { in: ["COMPLETE", "INCOMPLETE"] },
        startTime: { gte: new Date(`${addDays(range.from, -SLACK_DAYS)}T00:00:00Z`), lt: new Date(`${addDays(range.to, SLACK_DAYS)}T00:00:00Z`) },
      },
      orderBy: { startTime: "asc" },
      select: NIGHT_FIELDS,
    }),
    knownZones(db, [asleepUserId]),
  ]);
  const nights = rows.map(asInput(asleepUserId, known)).map(periodNight).filter((n): n is PeriodNight => n !== null && n.day >= range.from && n.day <= range.to);
  const k = known.get(asleepUserId);
  return { nights, zone: zoneOf({ userId: asleepUserId, timezone: null }, known)?.name ?? k?.account ?? "UTC" };
}
