// A signed report as a FHIR R4 DiagnosticReport (issue 26 §4), a multi-night study's or a period
// report's: status final (version 1) or amended (a later version), the findings and the interpretation as
// its conclusion, the signed PDF as presentedForm, and as its results the nights' Observations, referenced
// by the identifiers the night export gives them (lib/export/fhir.ts: "{session id}/{measure}"), so a
// receiver holding those nights links them. docs/EXPORTS.md says how each field is filled.

import type { DiagnosticReport, Reference, Observation } from "@medplum/fhirtypes";
import { OBSERVATION_ID_SYSTEM_PATH, patientReference, SLEEP_CODE_SYSTEM_PATH } from "./fhir";
import type { ExportContext } from "./night";

/** What each kind of signed report is called: its identifier's system (the study's or period report's id: every version has it, so a receiver replaces, not duplicates), its code, its PDF's title. */
export const SIGNED_REPORT_KINDS = {
  study: {
    idSystemPath: "/fhir/NamingSystem/study-report",
    code: { code: "sleep-study-report", display: "Multi-night sleep study report", text: "Multi-night home sleep study report (Asleep, from sound)" },
    title: "Sleep study report",
  },
  period: {
    idSystemPath: "/fhir/NamingSystem/period-report",
    code: { code: "sleep-period-report", display: "Sleep period report", text: "Sleep period report, interpreted (Asleep, from sound)" },
    title: "Sleep report",
  },
} as const;

export type SignedReportKind = keyof typeof SIGNED_REPORT_KINDS;

/** The Observations of each night a report cites: those every night has, whatever its stage plan. */
export const CITED_MEASURES = ["total-sleep", "time-in-bed", "sleep-efficiency", "hypnogram"] as const;

export interface SignedReportExport {
  kind: SignedReportKind;
  /** The study's or the period report's id. */
  subjectId: string;
  asleepUserId: string;
  /** The window's or the period's first and last day. */
  from: string;
  to: string;
  version: number;
  impression: string;
  recommendation: string;
  amendmentReason: string | null;
  signerName: string;
  signerCredential: string;
  signedAt: string;
  /** The findings as printed (a study's adequacy line, a period's nights). */
  findingsLine: string;
  nightIds: readonly string[];
  pdf: Uint8Array;
  pdfSha256: string;
  /** SHA-1 of the PDF, base64: what FHIR R4's Attachment.hash holds. */
  pdfSha1Base64: string;
}

/** The conclusion: the findings line, the impression and the recommendation, as the PDF prints them. */
export const signedConclusion = (s: Pick<SignedReportExport, "findingsLine" | "impression" | "recommendation">) =>
  `${s.findingsLine}. Impression: ${s.impression} Recommendation: ${s.recommendation}`;

export function signedDiagnosticReport(s: SignedReportExport, ctx: ExportContext): DiagnosticReport {
  const kind = SIGNED_REPORT_KINDS[s.kind];
  const signer = `${s.signerName}, ${s.signerCredential}`;
  const result: Reference<Observation>[] = s.nightIds.flatMap((id) =>
    CITED_MEASURES.map((m) => ({ type: "Observation", identifier: { system: ctx.appUrl + OBSERVATION_ID_SYSTEM_PATH, value: `${id}/${m}` }, display: `Night ${id}: ${m.replace(/-/g, " ")}` })),
  );
  return {
    resourceType: "DiagnosticReport",
    meta: { versionId: String(s.version) },
    identifier: [{ system: ctx.appUrl + kind.idSystemPath, value: s.subjectId }],
    status: s.version > 1 ? "amended" : "final",
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0074", code: "PHY", display: "Physician" }] }],
    code: { coding: [{ system: ctx.appUrl + SLEEP_CODE_SYSTEM_PATH, code: kind.code.code, display: kind.code.display }], text: kind.code.text },
    subject: patientReference(s.asleepUserId, ctx),
    effectivePeriod: { start: s.from, end: s.to },
    issued: s.signedAt,
    performer: [{ display: signer }],
    resultsInterpreter: [{ display: signer }],
    ...(result.length > 0 ? { result } : {}),
    conclusion: signedConclusion(s),
    presentedForm: [
      {
        contentType: "application/pdf",
        language: "en",
        data: Buffer.from(s.pdf).toString("base64"),
        size: s.pdf.byteLength,
        hash: s.pdfSha1Base64,
        title: `${kind.title}, version ${s.version}${s.amendmentReason ? ` (amended: ${s.amendmentReason})` : ""}; SHA-256 ${s.pdfSha256}`,
        creation: s.signedAt,
      },
    ],
  };
}
