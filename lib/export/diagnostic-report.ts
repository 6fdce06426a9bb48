// A signed study report as a FHIR R4 DiagnosticReport (issue 26 §4): status final (version 1) or amended
// (a later version), the interpretation as its conclusion, the signed PDF as presentedForm, and as its
// results the study's nights' Observations, referenced by the identifiers the night export gives them
// (lib/export/fhir.ts: "{session id}/{measure}"), so a receiver holding those nights links them.
// docs/EXPORTS.md says how each field is filled.

import type { DiagnosticReport, Reference, Observation } from "@medplum/fhirtypes";
import { OBSERVATION_ID_SYSTEM_PATH, patientReference, SLEEP_CODE_SYSTEM_PATH } from "./fhir";
import type { ExportContext } from "./night";

/** The report's identifier (the study's id: every version has it, so a receiver replaces, not duplicates). */
export const STUDY_REPORT_ID_SYSTEM_PATH = "/fhir/NamingSystem/study-report";

export const STUDY_REPORT_CODE = { code: "sleep-study-report", display: "Multi-night sleep study report", text: "Multi-night home sleep study report (Asleep, from sound)" } as const;

/** The Observations of each night a report cites: those every night has, whatever its stage plan. */
export const CITED_MEASURES = ["total-sleep", "time-in-bed", "sleep-efficiency", "hypnogram"] as const;

export interface SignedStudyExport {
  studyId: string;
  asleepUserId: string;
  /** The window's first and last day. */
  from: string;
  to: string;
  version: number;
  impression: string;
  recommendation: string;
  amendmentReason: string | null;
  signerName: string;
  signerCredential: string;
  signedAt: string;
  adequacyLine: string;
  nightIds: readonly string[];
  pdf: Uint8Array;
  pdfSha256: string;
  /** SHA-1 of the PDF, base64: what FHIR R4's Attachment.hash holds. */
  pdfSha1Base64: string;
}

/** The conclusion: the adequacy line, the impression and the recommendation, as the PDF prints them. */
export const studyConclusion = (s: Pick<SignedStudyExport, "adequacyLine" | "impression" | "recommendation">) =>
  `${s.adequacyLine}. Impression: ${s.impression} Recommendation: ${s.recommendation}`;

export function studyDiagnosticReport(s: SignedStudyExport, ctx: ExportContext): DiagnosticReport {
  const signer = `${s.signerName}, ${s.signerCredential}`;
  const result: Reference<Observation>[] = s.nightIds.flatMap((id) =>
    CITED_MEASURES.map((m) => ({ type: "Observation", identifier: { system: ctx.appUrl + OBSERVATION_ID_SYSTEM_PATH, value: `${id}/${m}` }, display: `Night ${id}: ${m.replace(/-/g, " ")}` })),
  );
  return {
    resourceType: "DiagnosticReport",
    meta: { versionId: String(s.version) },
    identifier: [{ system: ctx.appUrl + STUDY_REPORT_ID_SYSTEM_PATH, value: s.studyId }],
    status: s.version > 1 ? "amended" : "final",
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0074", code: "PHY", display: "Physician" }] }],
    code: { coding: [{ system: ctx.appUrl + SLEEP_CODE_SYSTEM_PATH, code: STUDY_REPORT_CODE.code, display: STUDY_REPORT_CODE.display }], text: STUDY_REPORT_CODE.text },
    subject: patientReference(s.asleepUserId, ctx),
    effectivePeriod: { start: s.from, end: s.to },
    issued: s.signedAt,
    performer: [{ display: signer }],
    resultsInterpreter: [{ display: signer }],
    ...(result.length > 0 ? { result } : {}),
    conclusion: studyConclusion(s),
    presentedForm: [
      {
        contentType: "application/pdf",
        language: "en",
        data: Buffer.from(s.pdf).toString("base64"),
        size: s.pdf.byteLength,
        hash: s.pdfSha1Base64,
        title: `Sleep study report, version ${s.version}${s.amendmentReason ? ` (amended: ${s.amendmentReason})` : ""}; SHA-256 ${s.pdfSha256}`,
        creation: s.signedAt,
      },
    ],
  };
}
