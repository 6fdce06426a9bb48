// POST /api/patients/{asleepUserId}/period-reports and POST /api/period-reports/{id}/amend: a clinician
// of the patient signs (or amends) the period report over a range (server/data/period-reports.ts), through
// the same edge as a study's signature (server/studies/sign-request.ts). The PDF is the period report as
// downloaded, with the interpretation and the signature, drawn once in a report worker. Its notes are those
// shared with the patient: the signed report is a document the patient, and whoever receives its
// DiagnosticReport, reads as it is.

import { clinicAdherenceRule } from "../data/alert-settings";
import { periodSource } from "../data/period";
import { signPeriodReport, type PeriodSignResult } from "../data/period-reports";
import type { Audience } from "../data/access";
import { answerOf } from "../http/api-schema";
import { parseParams } from "../http/parse-request";
import { periodAmendSchema, periodReportAnswer, periodReportParams, periodSignSchema } from "../http/period-reports";
import { getRuntime } from "../runtime";
import { signingResponse, type SignOutcome } from "../studies/sign-request";
import type { ReportTicket } from "./report-limits";
import { patientParams } from "./period-request";
import { reportLocale } from "./report-locale";
import type { Locale } from "@/lib/i18n/locales";
import type { SignedPeriod } from "./period-pdf";
import type { Day } from "@/lib/sleep/days";

/** Draws the signed period report in the ticket's worker, from the period as the download reads it, in the signer's language. */
const drawWith = (ticket: ReportTicket, audience: Audience, locale: Locale) => async (asleepUserId: string, range: { from: Day; to: Day }, signed: SignedPeriod) => {
  const { db, config } = getRuntime();
  const source = await periodSource(db, audience, asleepUserId, range, await clinicAdherenceRule(db, config.adherenceRule), true);
  return ticket.render(source!, new Date(signed.signature.signedAt), signed, locale);
};

const answered = (result: PeriodSignResult): SignOutcome =>
  result.kind !== "signed" ? result : { kind: "signed", body: answerOf(periodReportAnswer, result.report), asleepUserId: result.report.asleepUserId, what: `period report ${result.report.id}`, version: result.version };

export async function periodSignResponse(request: Request, params: Promise<{ asleepUserId: string }>): Promise<Response> {
  const path = parseParams(await params, patientParams);
  if (!path.ok) return path.response;
  return signingResponse(request, "POST /api/patients/{asleepUserId}/period-reports", periodSignSchema, async ({ viewer, audience }, body, ticket) => {
    const { from, to, ...input } = body;
    return answered(await signPeriodReport(getRuntime().db, viewer, audience, { asleepUserId: path.params.asleepUserId, from, to }, input, drawWith(ticket, audience, reportLocale(request, viewer))));
  });
}

export async function periodAmendResponse(request: Request, params: Promise<{ id: string }>): Promise<Response> {
  const path = parseParams(await params, periodReportParams);
  if (!path.ok) return path.response;
  return signingResponse(request, "POST /api/period-reports/{id}/amend", periodAmendSchema, async ({ viewer, audience }, body, ticket) => {
    const { reason, ...input } = body;
    return answered(await signPeriodReport(getRuntime().db, viewer, audience, { id: path.params.id }, { ...input, amendmentReason: reason }, drawWith(ticket, audience, reportLocale(request, viewer))));
  });
}
