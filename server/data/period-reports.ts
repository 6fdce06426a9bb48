// Signed period reports (issue 26 §3): a clinician of the patient interprets the period report over a
// patient's days (server/reports/period-pdf.ts) and signs it; each signed version is final, an amendment
// is the next version with a reason (server/data/signed-reports.ts signs them, as it signs a study's).
// A period report exists once signed: there is no draft, so none awaits a signature.
//
// Access is decided here: the patient's clinicians and admins see them, the patient sees their own; only a
// clinician of the patient signs. Anything else is not found.

import { randomUUID } from "node:crypto";
import { periodFindingsLine } from "@/lib/report/period";
import type { Day } from "@/lib/sleep/days";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { SignedPeriod } from "../reports/period-pdf";
import { canSee, type Audience } from "./access";
import { nightsOfDays } from "./period";
import { newestSigned, nextSignature, signedPdf, storeSignedVersion, VERSION_FIELDS, versionView, type Refusal, type SignedReportVersion, type SignInput } from "./signed-reports";

export interface PeriodReportView {
  id: string;
  asleepUserId: string;
  from: string;
  to: string;
  /** Who signed it first (and so created it). */
  createdByName: string;
  createdAt: string;
  /** Signed versions, newest first. */
  reports: SignedReportVersion[];
  /** Where the newest signed version is exported as a FHIR DiagnosticReport. */
  fhirUrl: string;
}

const read = (db: Db, where: { id: string } | { asleepUserId_fromDay_toDay: { asleepUserId: string; fromDay: string; toDay: string } }) =>
  db.periodReport.findUnique({ where, include: { reports: { orderBy: { version: "desc" }, select: VERSION_FIELDS } } });

type Row = NonNullable<Awaited<ReturnType<typeof read>>>;

const pdfUrlOf = (id: string, version: number) => `/api/period-reports/${encodeURIComponent(id)}/reports/${version}/report.pdf`;

const view = (row: Row): PeriodReportView => ({
  id: row.id,
  asleepUserId: row.asleepUserId,
  from: row.fromDay,
  to: row.toDay,
  createdByName: row.createdByName,
  createdAt: row.createdAt.toISOString(),
  reports: row.reports.map((r) => versionView(r, pdfUrlOf(row.id, r.version))),
  fhirUrl: `/api/period-reports/${encodeURIComponent(row.id)}/fhir`,
});

/** One period report as `audience` may see it, or null. */
export async function periodReportOf(db: Db, audience: Audience, id: string): Promise<PeriodReportView | null> {
  const row = await read(db, { id });
  return row && canSee(audience, row.asleepUserId) ? view(row) : null;
}

/** The patient's signed period reports, newest period first, or null if the audience may not see the patient. */
export async function periodReportsOfPatient(db: Db, audience: Audience, asleepUserId: string): Promise<PeriodReportView[] | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const rows = await db.periodReport.findMany({
    where: { asleepUserId },
    orderBy: [{ toDay: "desc" }, { fromDay: "desc" }],
    include: { reports: { orderBy: { version: "desc" }, select: VERSION_FIELDS } },
    take: 50,
  });
  return rows.map(view);
}

export type PeriodSignResult = Refusal | { kind: "signed"; report: PeriodReportView; version: SignedReportVersion };

/**
 * Signs the period report over `range` (version 1), or, with `amendmentReason`, amends the period report
 * `target.id` (the next version). Its PDF is the period report with the interpretation and the signature
 * (`draw`, in the report workers); the findings line is the nights of the range as the period report dates them.
 */
export async function signPeriodReport(
  db: Db,
  viewer: Viewer,
  audience: Audience,
  target: { asleepUserId: string; from: Day; to: Day } | { id: string },
  input: SignInput & { amendmentReason?: string },
  draw: (asleepUserId: string, range: { from: Day; to: Day }, signed: SignedPeriod) => Promise<Buffer>,
  now = new Date(),
): Promise<PeriodSignResult> {
  let row: Row | null;
  let subject: { asleepUserId: string; from: Day; to: Day };
  if ("id" in target) {
    row = await read(db, { id: target.id });
    if (!row || !canSee(audience, row.asleepUserId)) return { kind: "not-found" };
    subject = { asleepUserId: row.asleepUserId, from: row.fromDay, to: row.toDay };
  } else {
    if (!canSee(audience, target.asleepUserId)) return { kind: "not-found" };
    const patient = await db.user.findUnique({ where: { asleepUserId: target.asleepUserId }, select: { role: true } });
    if (patient?.role !== "patient") return { kind: "not-found" };
    row = await read(db, { asleepUserId_fromDay_toDay: { asleepUserId: target.asleepUserId, fromDay: target.from, toDay: target.to } });
    subject = target;
  }
  const next = await nextSignature(db, viewer, row?.reports ?? [], input, now);
  if (next.kind !== "ok") return next;
  const range = { from: subject.from, to: subject.to };
  const { nights } = await nightsOfDays(db, subject.asleepUserId, range);
  const findingsLine = periodFindingsLine(range, nights.length);
  const pdf = await draw(subject.asleepUserId, range, { ...next.block, findingsLine });
  if (!row) {
    // The first signature makes the period report; one signing the same period at the same moment finds it made.
    await db.periodReport.createMany({
      data: [{ id: randomUUID(), asleepUserId: subject.asleepUserId, fromDay: range.from, toDay: range.to, createdById: viewer.accountId, createdByName: viewer.name }],
      skipDuplicates: true,
    });
    row = (await read(db, { asleepUserId_fromDay_toDay: { asleepUserId: subject.asleepUserId, fromDay: range.from, toDay: range.to } }))!;
  }
  const stored = await storeSignedVersion(db, viewer, { periodReportId: row.id }, next.block, { findingsLine, nightIds: nights.map((n) => n.id) }, pdf);
  if (stored.kind === "conflict") return stored;
  const after = view((await read(db, { id: row.id }))!);
  return { kind: "signed", report: after, version: after.reports[0]! };
}

/** A signed version's PDF as stored, for whoever may see the patient; null otherwise. */
export async function periodReportPdf(db: Db, audience: Audience, id: string, version: number) {
  const found = await signedPdf(db, { periodReportId: id }, version);
  return found && canSee(audience, found.asleepUserId) ? found : null;
}

/** What a DiagnosticReport is made from (lib/export/diagnostic-report.ts): the newest signed version. */
export async function signedPeriodForExport(db: Db, audience: Audience, id: string) {
  const row = await db.periodReport.findUnique({ where: { id }, select: { id: true, asleepUserId: true, fromDay: true, toDay: true } });
  if (!row || !canSee(audience, row.asleepUserId)) return null;
  const r = await newestSigned(db, { periodReportId: row.id });
  return r && { subjectId: row.id, asleepUserId: row.asleepUserId, from: row.fromDay, to: row.toDay, ...r };
}
