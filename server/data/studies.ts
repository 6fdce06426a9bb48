// Multi-night studies (issue 26 §1, §3): ordered by a clinician for a patient, judged from the patient's
// ordinary nights in the window (lib/sleep/study.ts; nothing is copied), decided by the evaluation job
// (server/alerts/evaluate.ts evaluateStudies), and signed: each signed version is final (its PDF and the
// PDF's SHA-256 stored; the database ignores any UPDATE of it), an amendment is the next version with a reason.
//
// Access is decided here: the patient's clinicians and admins see a study and order one; the patient sees
// their own; only a clinician of the patient signs. Anything else is not found.

import { createHash, randomUUID } from "node:crypto";
import { currentNightOf } from "@/lib/sleep/adherence";
import { DIARY_FIGURE_COLUMNS, diaryFigureCells, signedMinutes } from "@/lib/sleep/diary";
import { dayLabel } from "@/lib/time/day";
import { adequacyLine, studyLastDay, studyStatus, studyStatusLine, type StudyOrder, type StudyStatus } from "@/lib/sleep/study";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { DiaryComparisonBlock, StudyPdfInput } from "../reports/study-pdf";
import { canSee, type Audience } from "./access";
import { diaryComparison } from "./diary";
import { nightsOfDays } from "./period";

export interface StudyReportVersion {
  version: number;
  impression: string;
  recommendation: string;
  amendmentReason: string | null;
  signerName: string;
  signerCredential: string;
  signedAt: string;
  signerZone: string;
  adequacyLine: string;
  pdfSha256: string;
  /** Where its PDF is read back. */
  pdfUrl: string;
}

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
    include: { reports: { orderBy: { version: "desc" }, select: { version: true, impression: true, recommendation: true, amendmentReason: true, signerName: true, signerCredential: true, signedAt: true, signerZone: true, adequacyLine: true, pdfSha256: true, nightIds: true } } },
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
    reports: row.reports.map((r) => ({
      version: r.version,
      impression: r.impression,
      recommendation: r.recommendation,
      amendmentReason: r.amendmentReason,
      signerName: r.signerName,
      signerCredential: r.signerCredential,
      signedAt: r.signedAt.toISOString(),
      signerZone: r.signerZone,
      adequacyLine: r.adequacyLine,
      pdfSha256: r.pdfSha256,
      pdfUrl: `/api/studies/${encodeURIComponent(row.id)}/reports/${r.version}/report.pdf`,
    })),
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
  const paired = comparison.pairedNights;
  const summary = [
    `${comparison.entries.length} ${comparison.entries.length === 1 ? "diary entry" : "diary entries"}; ${paired} ${paired === 1 ? "night has" : "nights have"} both a diary entry and a measured night. Reported minus measured total sleep on average: ${signedMinutes(comparison.totalSleepDifferenceMinutes)}.`,
  ];
  const rows = comparison.rows.map((r) => [dayLabel(r.night), ...diaryFigureCells(r.reported, r.measured, r.totalSleepDifferenceMinutes)]);
  rows.push([`Average (${paired} ${paired === 1 ? "night" : "nights"} with both)`, ...diaryFigureCells(comparison.reported, comparison.measured, comparison.totalSleepDifferenceMinutes)]);
  return { summary, columns: ["Night", ...DIARY_FIGURE_COLUMNS], rows };
}

export interface SignInput {
  impression: string;
  recommendation: string;
  /** The signer's zone (their browser's), the signing time is printed in. */
  zone: string;
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
  if (viewer.role !== "clinician") return { kind: "forbidden", error: "Only a clinician of the patient signs a study report" };
  const signer = await db.user.findUnique({ where: { id: viewer.accountId }, select: { name: true, credential: true } });
  if (!signer?.credential) return { kind: "conflict", error: "Add your credential (as it is printed under your signature) to your account before signing" };
  const amending = input.amendmentReason !== undefined;
  if (!amending && row.reports.length > 0) return { kind: "conflict", error: "This report is signed and final: amend it, with a reason, to change it" };
  if (amending && row.reports.length === 0) return { kind: "conflict", error: "There is no signed report to amend: sign it first" };
  const study = await view(db, row, now);
  if (study.status.outcome === "in-progress" && !study.decided) return { kind: "conflict", error: "The study is still in progress: it can be signed once it is adequate or failed" };
  const version = (row.reports[0]?.version ?? 0) + 1;
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
    diary,
    impression: input.impression,
    recommendation: input.recommendation,
    signature: { name: signer.name, credential: signer.credential, signedAt: now.toISOString(), zone: input.zone, version, amendmentReason: input.amendmentReason ?? null },
    earlier: [...row.reports].reverse().map((r) => ({ version: r.version, signedAt: r.signedAt.toISOString(), name: r.signerName, credential: r.signerCredential, zone: r.signerZone, amendmentReason: r.amendmentReason })),
  });
  const sha = createHash("sha256").update(pdf).digest("hex");
  try {
    await db.studyReport.create({
      data: {
        id: randomUUID(),
        studyId: row.id,
        version,
        impression: input.impression,
        recommendation: input.recommendation,
        amendmentReason: input.amendmentReason ?? null,
        signerId: viewer.accountId,
        signerName: signer.name,
        signerCredential: signer.credential,
        signedAt: now,
        signerZone: input.zone,
        adequacyLine: study.adequacyLine,
        nightIds: study.status.nights.map((n) => n.id),
        pdf: new Uint8Array(pdf),
        pdfSha256: sha,
      },
    });
  } catch (error) {
    // Two signatures at once: the unique (study, version) lets one in.
    if ((error as { code?: string }).code === "P2002") return { kind: "conflict", error: "Someone signed this report at the same moment: reload it" };
    throw error;
  }
  const after = (await studyOf(db, audience, id, now))!;
  return { kind: "signed", study: after, version: after.reports[0]! };
}

/** A signed version's PDF as stored, for whoever may see the study; null otherwise. */
export async function studyReportPdf(db: Db, audience: Audience, id: string, version: number): Promise<{ pdf: Buffer; sha256: string; asleepUserId: string } | null> {
  const row = await db.studyReport.findUnique({ where: { studyId_version: { studyId: id, version } }, select: { pdf: true, pdfSha256: true, study: { select: { asleepUserId: true } } } });
  if (!row || !canSee(audience, row.study.asleepUserId)) return null;
  return { pdf: Buffer.from(row.pdf), sha256: row.pdfSha256, asleepUserId: row.study.asleepUserId };
}

/** What a DiagnosticReport is made from (lib/export/diagnostic-report.ts): the newest signed version, and how many there are. */
export async function signedStudyForExport(db: Db, audience: Audience, id: string) {
  const row = await db.sleepStudy.findUnique({
    where: { id },
    select: { id: true, asleepUserId: true, startDay: true, windowDays: true, reports: { orderBy: { version: "desc" }, take: 1, select: { version: true, impression: true, recommendation: true, amendmentReason: true, signerName: true, signerCredential: true, signedAt: true, signerZone: true, adequacyLine: true, nightIds: true, pdf: true, pdfSha256: true } } },
  });
  if (!row || !canSee(audience, row.asleepUserId) || row.reports.length === 0) return null;
  const r = row.reports[0]!;
  return { studyId: row.id, asleepUserId: row.asleepUserId, from: row.startDay, to: studyLastDay(row), ...r, signedAt: r.signedAt.toISOString(), pdf: Buffer.from(r.pdf) };
}

/** The undecided studies of the patients `audience` may see, with their status now (the board lists them). */
export async function studiesInProgress(db: Db, viewer: Viewer, audience: Audience, now = new Date()): Promise<StudyView[]> {
  if (viewer.role === "patient") return [];
  const rows = await db.sleepStudy.findMany({ where: { outcome: null, ...(audience.everyone ? {} : { asleepUserId: { in: audience.asleepUserIds } }) }, orderBy: { createdAt: "asc" }, select: { id: true }, take: 100 });
  const views: StudyView[] = [];
  for (const { id } of rows) views.push(await view(db, (await readStudy(db, id))!, now));
  return views;
}
