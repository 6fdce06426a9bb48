// Multi-night studies (issue 26 §1, §3): ordered by a clinician for a patient, judged from the patient's
// ordinary nights in the window (lib/sleep/study.ts; nothing is copied), decided by the evaluation job
// (server/alerts/evaluate.ts evaluateStudies), and signed: each signed version is final (its PDF and the
// PDF's SHA-256 stored; the database ignores any UPDATE of it), an amendment is the next version with a reason.
//
// Access is decided here: the patient's clinicians and admins see a study and order one; the patient sees
// their own; only a clinician of the patient signs. Anything else is not found.

import { randomUUID } from "node:crypto";
import { currentNightOf } from "@/lib/sleep/adherence";
import { adequacyLine, studyLastDay, studyStatus, studyStatusLine, type StudyOrder, type StudyStatus } from "@/lib/sleep/study";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { DiaryComparisonBlock, StudyPdfInput } from "../reports/study-pdf";
import { canSee, type Audience } from "./access";
import { diaryComparison } from "./diary";
import { nightsOfDays } from "./period";
import { newestSigned, nextSignature, signedPdf, storeSignedVersion, VERSION_FIELDS, versionView, type SignedReportVersion, type SignInput } from "./signed-reports";

/** A signed version of a study's report (its findings line is the adequacy line). */
export type StudyReportVersion = SignedReportVersion;

export interface StudyView extends StudyOrder {
  id: string;
  asleepUserId: string;
  patientName: string;
  lastDay: string;
  orderedByName: string;
  orderedAt: string;
  /** The patient's zone, in which the days are counted. */
  zone: string;
  status: StudyStatus;
  /** "4 of 7 valid nights, 9 days left": one function, on the board and on the patient page. */
  statusLine: string;
  adequacyLine: string;
  /** As the evaluation stored it (and raised its alert): null while undecided. */
  decided: { outcome: "adequate" | "failed"; reason: string | null; at: string } | null;
  /** Signed versions, newest first. */
  reports: StudyReportVersion[];
  /** Decided and not yet signed. */
  awaitingSignature: boolean;
}

type StudyRow = NonNullable<Awaited<ReturnType<typeof readStudy>>>;

const readStudy = (db: Db, id: string) =>
  db.sleepStudy.findUnique({
    where: { id },
    include: { reports: { orderBy: { version: "desc" }, select: VERSION_FIELDS } },
  });

async function view(db: Db, row: StudyRow, now: Date): Promise<StudyView> {
  const lastDay = studyLastDay(row);
  const [{ nights, zone }, person] = await Promise.all([
    nightsOfDays(db, row.asleepUserId, { from: row.startDay, to: lastDay }),
    db.user.findUnique({ where: { asleepUserId: row.asleepUserId }, select: { name: true } }),
  ]);
  const status = studyStatus(row, nights, currentNightOf(now.getTime(), zone));
  return {
    id: row.id,
    asleepUserId: row.asleepUserId,
    patientName: person?.name ?? row.asleepUserId,
    startDay: row.startDay,
    windowDays: row.windowDays,
    nightsWanted: row.nightsWanted,
    minValidNights: row.minValidNights,
    minSleepMinutes: row.minSleepMinutes,
    lastDay,
    orderedByName: row.orderedByName,
    orderedAt: row.createdAt.toISOString(),
    zone,
    status,
    statusLine: studyStatusLine(row, status),
    adequacyLine: adequacyLine(row, status),
    decided: row.outcome === "adequate" || row.outcome === "failed" ? { outcome: row.outcome, reason: row.outcomeReason, at: row.outcomeAt!.toISOString() } : null,
    reports: row.reports.map((r) => versionView(r, `/api/studies/${encodeURIComponent(row.id)}/reports/${r.version}/report.pdf`)),
    awaitingSignature: row.outcome !== null && row.reports.length === 0,
  };
}

export type NewStudy = Omit<StudyOrder, never>;

/** A clinician of the patient, or an admin, orders a study: the new study, or null (not found). */
export async function orderStudy(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, order: NewStudy, now = new Date()): Promise<StudyView | null> {
  if (viewer.role === "patient" || !canSee(audience, asleepUserId)) return null;
  const patient = await db.user.findUnique({ where: { asleepUserId }, select: { role: true } });
  if (patient?.role !== "patient") return null;
  const created = await db.sleepStudy.create({
    data: { id: randomUUID(), asleepUserId, orderedById: viewer.accountId, orderedByName: viewer.name, ...order },
    select: { id: true },
  });
  return (await studyOf(db, audience, created.id, now))!;
}

/** One study as `audience` may see it, or null. */
export async function studyOf(db: Db, audience: Audience, id: string, now = new Date()): Promise<StudyView | null> {
  const row = await readStudy(db, id);
  if (!row || !canSee(audience, row.asleepUserId)) return null;
  return view(db, row, now);
}

/** The patient's studies, newest first, or null if the audience may not see the patient. */
export async function studiesOfPatient(db: Db, audience: Audience, asleepUserId: string, now = new Date()): Promise<StudyView[] | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const ids = await db.sleepStudy.findMany({ where: { asleepUserId }, orderBy: { createdAt: "desc" }, select: { id: true }, take: 50 });
  const views: StudyView[] = [];
  for (const { id } of ids) views.push(await view(db, (await readStudy(db, id))!, now));
  return views;
}

/**
 * Studies decided and not signed, of the patients a clinician (or an admin: every patient) looks after:
 * what awaits their signature, oldest decision first.
 */
export async function awaitingSignature(db: Db, viewer: Viewer, audience: Audience): Promise<Array<{ id: string; asleepUserId: string; patientName: string; outcome: string; decidedAt: string }>> {
  if (viewer.role === "patient") return [];
  const rows = await db.sleepStudy.findMany({
    where: { outcome: { not: null }, reports: { none: {} }, ...(audience.everyone ? {} : { asleepUserId: { in: audience.asleepUserIds } }) },
    orderBy: { outcomeAt: "asc" },
    select: { id: true, asleepUserId: true, outcome: true, outcomeAt: true },
    take: 500,
  });
  const names = new Map((await db.user.findMany({ where: { asleepUserId: { in: rows.map((r) => r.asleepUserId) } }, select: { asleepUserId: true, name: true } })).map((u) => [u.asleepUserId!, u.name]));
  return rows.map((r) => ({ id: r.id, asleepUserId: r.asleepUserId, patientName: names.get(r.asleepUserId) ?? r.asleepUserId, outcome: r.outcome!, decidedAt: r.outcomeAt!.toISOString() }));
}

/** Asleep user ids with a study awaiting signature, for the board's filter. */
export async function patientsAwaitingSignature(db: Db, viewer: Viewer, audience: Audience): Promise<string[]> {
  return [...new Set((await awaitingSignature(db, viewer, audience)).map((s) => s.asleepUserId))];
}

// ── The evaluation (a job: server/alerts/evaluate.ts) ──

/** Undecided studies, of one patient or of everyone. */
export async function undecidedStudies(db: Db, asleepUserId?: string): Promise<string[]> {
  return (await db.sleepStudy.findMany({ where: { outcome: null, ...(asleepUserId ? { asleepUserId } : {}) }, select: { id: true }, orderBy: { createdAt: "asc" } })).map((s) => s.id);
}

/**
 * Judges one study now; stores its outcome once it is decided (the first evaluation to do so wins). The
 * view, with `newlyDecided` when this call stored it (its alert is then raised by the caller).
 */
export async function decideStudy(db: Db, id: string, now: Date): Promise<{ study: StudyView; patientId: string | null; newlyDecided: boolean } | null> {
  const row = await readStudy(db, id);
  if (!row) return null;
  const study = await view(db, row, now);
  const patient = await db.user.findUnique({ where: { asleepUserId: row.asleepUserId }, select: { id: true } });
  if (row.outcome !== null || study.status.outcome === "in-progress") return { study, patientId: patient?.id ?? null, newlyDecided: false };
  const stored = await db.sleepStudy.updateMany({ where: { id, outcome: null }, data: { outcome: study.status.outcome, outcomeReason: study.status.reason, outcomeAt: now } });
  const decided = { ...study, decided: { outcome: study.status.outcome, reason: study.status.reason, at: now.toISOString() }, awaitingSignature: true };
  return { study: decided, patientId: patient?.id ?? null, newlyDecided: stored.count === 1 };
}

// ── Signing ──

/**
 * The sleep diary's comparison with the study's nights, for the signed PDF: the same comparison, and the
 * same figures as shown, as the patient page's (lib/sleep/diary.ts compareDiary, diaryFigureCells). Null
 * (the PDF says no diary was kept) when the patient filled in no diary for a night of the window.
 */
export async function diaryComparisonFor(db: Db, audience: Audience, asleepUserId: string, window: { from: string; to: string }): Promise<DiaryComparisonBlock | null> {
  const comparison = await diaryComparison(db, audience, asleepUserId, window);
  if (!comparison || comparison.entries.length === 0) return null;
  // The comparison itself: the PDF writes its sentences and figures in the signer's language (server/reports/study-pdf.ts).
  const { rows, pairedNights, reported, measured, totalSleepDifferenceMinutes } = comparison;
  return { entries: comparison.entries.length, rows, pairedNights, reported, measured, totalSleepDifferenceMinutes };
}


export type SignResult =
  | { kind: "not-found" }
  | { kind: "forbidden"; error: string }
  | { kind: "conflict"; error: string }
  | { kind: "signed"; study: StudyView; version: StudyReportVersion };

/**
 * Signs a study's interpretation (version 1), or, with `amendmentReason`, amends it (the next version).
 * Only a clinician of the patient, with a credential on their account, and only once the study is decided.
 * A first signature on a signed study, or an amendment of an unsigned one, is a conflict.
 */
export async function signStudy(
  db: Db,
  viewer: Viewer,
  audience: Audience,
  id: string,
  input: SignInput & { amendmentReason?: string },
  draw: (pdf: StudyPdfInput) => Promise<Buffer>,
  now = new Date(),
): Promise<SignResult> {
  const row = await readStudy(db, id);
  if (!row || !canSee(audience, row.asleepUserId)) return { kind: "not-found" };
  const study = await view(db, row, now);
  const next = await nextSignature(db, viewer, row.reports, input, now);
  if (next.kind !== "ok") return next;
  if (study.status.outcome === "in-progress" && !study.decided) return { kind: "conflict", error: "The study is still in progress: it can be signed once it is adequate or failed" };
  const diary = await diaryComparisonFor(db, audience, row.asleepUserId, { from: study.startDay, to: study.lastDay });
  const byId = new Map((await nightsOfDays(db, row.asleepUserId, { from: study.startDay, to: study.lastDay })).nights.map((n) => [n.id, n]));
  const pdf = await draw({
    studyId: row.id,
    patient: { name: study.patientName, asleepUserId: row.asleepUserId },
    order: { startDay: study.startDay, lastDay: study.lastDay, windowDays: study.windowDays, nightsWanted: study.nightsWanted, minValidNights: study.minValidNights, minSleepMinutes: study.minSleepMinutes, orderedByName: study.orderedByName, orderedAt: study.orderedAt },
    zone: study.zone,
    nights: study.status.nights.map((n) => ({
      day: n.day,
      state: n.state,
      totalSleepSeconds: n.totalSleepSeconds,
      timeInBedSeconds: byId.get(n.id)?.timeInBedSeconds ?? 0,
      efficiencyShownPercent: byId.get(n.id)?.efficiencyShownPercent ?? null,
      valid: n.valid,
      why: n.why,
    })),
    adequacyLine: study.adequacyLine,
    outcome: study.status.outcome,
    diary,
    ...next.block,
  });
  const stored = await storeSignedVersion(db, viewer, { studyId: row.id }, next.block, { findingsLine: study.adequacyLine, nightIds: study.status.nights.map((n) => n.id) }, pdf);
  if (stored.kind === "conflict") return stored;
  const after = (await studyOf(db, audience, id, now))!;
  return { kind: "signed", study: after, version: after.reports[0]! };
}

/** A signed version's PDF as stored, for whoever may see the study; null otherwise. */
export async function studyReportPdf(db: Db, audience: Audience, id: string, version: number): Promise<{ pdf: Buffer; sha256: string; asleepUserId: string } | null> {
  const found = await signedPdf(db, { studyId: id }, version);
  return found && canSee(audience, found.asleepUserId) ? found : null;
}

/** What a DiagnosticReport is made from (lib/export/diagnostic-report.ts): the newest signed version, and how many there are. */
export async function signedStudyForExport(db: Db, audience: Audience, id: string) {
  const row = await db.sleepStudy.findUnique({ where: { id }, select: { id: true, asleepUserId: true, startDay: true, windowDays: true } });
  if (!row || !canSee(audience, row.asleepUserId)) return null;
  const r = await newestSigned(db, { studyId: row.id });
  return r && { studyId: row.id, asleepUserId: row.asleepUserId, from: row.startDay, to: studyLastDay(row), ...r };
}

/** The undecided studies of the patients `audience` may see, with their status now (the board lists them). */
export async function studiesInProgress(db: Db, viewer: Viewer, audience: Audience, now = new Date()): Promise<StudyView[]> {
  if (viewer.role === "patient") return [];
  const rows = await db.sleepStudy.findMany({ where: { outcome: null, ...(audience.everyone ? {} : { asleepUserId: { in: audience.asleepUserIds } }) }, orderBy: { createdAt: "asc" }, select: { id: true }, take: 100 });
  const views: StudyView[] = [];
  for (const { id } of rows) views.push(await view(db, (await readStudy(db, id))!, now));
  return views;
}
