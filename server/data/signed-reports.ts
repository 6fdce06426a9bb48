// Signed reports (issue 26 §3): one definition of signing and versioning for whatever a clinician
// interprets, a multi-night study (server/data/studies.ts) or a period report (server/data/period-reports.ts).
// A version is final once written: its PDF and the PDF's SHA-256 are stored and the database ignores any
// UPDATE of it (the signed_report_final rule); an amendment is the next version, with a reason, the earlier
// ones kept and listed. Only a clinician of the patient signs, with the credential on their account.

import { createHash, randomUUID } from "node:crypto";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";

/** What a signed report is of: exactly one of a study and a period report. */
export type SignedSubject = { studyId: string } | { periodReportId: string };

/** One signed version as the pages and the API show it. */
export interface SignedReportVersion {
  version: number;
  impression: string;
  recommendation: string;
  amendmentReason: string | null;
  signerName: string;
  signerCredential: string;
  signedAt: string;
  signerZone: string;
  /** The findings as printed (a study's adequacy line, a period's nights). */
  findingsLine: string;
  pdfSha256: string;
  /** Where its PDF is read back. */
  pdfUrl: string;
}

/** The columns a version is shown from (never its PDF), newest first where listed. */
export const VERSION_FIELDS = {
  version: true,
  impression: true,
  recommendation: true,
  amendmentReason: true,
  signerName: true,
  signerCredential: true,
  signedAt: true,
  signerZone: true,
  findingsLine: true,
  pdfSha256: true,
  nightIds: true,
} as const;

export type VersionRow = { version: number; impression: string; recommendation: string; amendmentReason: string | null; signerName: string; signerCredential: string; signedAt: Date; signerZone: string; findingsLine: string; pdfSha256: string };

export const versionView = (r: VersionRow, pdfUrl: string): SignedReportVersion => ({
  version: r.version,
  impression: r.impression,
  recommendation: r.recommendation,
  amendmentReason: r.amendmentReason,
  signerName: r.signerName,
  signerCredential: r.signerCredential,
  signedAt: r.signedAt.toISOString(),
  signerZone: r.signerZone,
  findingsLine: r.findingsLine,
  pdfSha256: r.pdfSha256,
  pdfUrl,
});

export interface SignInput {
  impression: string;
  recommendation: string;
  /** The signer's zone (their browser's), the signing time is printed in. */
  zone: string;
}

/** The interpretation and signature block every signed PDF prints (server/reports/tagged-pdf.ts signedSections). */
export interface SignedBlock {
  impression: string;
  recommendation: string;
  signature: { name: string; credential: string; signedAt: string; zone: string; version: number; amendmentReason: string | null };
  /** The versions this one follows, oldest first. */
  earlier: Array<{ version: number; signedAt: string; name: string; credential: string; zone: string; amendmentReason: string | null }>;
}

export type Refusal = { kind: "not-found" } | { kind: "forbidden"; error: string } | { kind: "conflict"; error: string };

/**
 * Whether `viewer` may sign the next version now: a clinician with a credential; a first signature only
 * while nothing is signed, an amendment only once something is. `versions`: the signed ones, newest first.
 * The signature block to print, or why not.
 */
export async function nextSignature(
  db: Db,
  viewer: Viewer,
  versions: readonly VersionRow[],
  input: SignInput & { amendmentReason?: string },
  now: Date,
): Promise<Refusal | { kind: "ok"; block: SignedBlock; signer: { name: string; credential: string } }> {
  if (viewer.role !== "clinician") return { kind: "forbidden", error: "Only a clinician of the patient signs a report" };
  const signer = await db.user.findUnique({ where: { id: viewer.accountId }, select: { name: true, credential: true } });
  if (!signer?.credential) return { kind: "conflict", error: "Add your credential (as it is printed under your signature) to your account before signing" };
  const amending = input.amendmentReason !== undefined;
  if (!amending && versions.length > 0) return { kind: "conflict", error: "This report is signed and final: amend it, with a reason, to change it" };
  if (amending && versions.length === 0) return { kind: "conflict", error: "There is no signed report to amend: sign it first" };
  const version = (versions[0]?.version ?? 0) + 1;
  return {
    kind: "ok",
    signer: { name: signer.name, credential: signer.credential },
    block: {
      impression: input.impression,
      recommendation: input.recommendation,
      signature: { name: signer.name, credential: signer.credential, signedAt: now.toISOString(), zone: input.zone, version, amendmentReason: input.amendmentReason ?? null },
      earlier: [...versions].reverse().map((r) => ({ version: r.version, signedAt: r.signedAt.toISOString(), name: r.signerName, credential: r.signerCredential, zone: r.signerZone, amendmentReason: r.amendmentReason })),
    },
  };
}

/**
 * Stores a signed version with its PDF and the PDF's SHA-256. Two signatures at once: the unique
 * (subject, version) lets one in, the other is a conflict.
 */
export async function storeSignedVersion(
  db: Db,
  viewer: Viewer,
  subject: SignedSubject,
  block: SignedBlock,
  findings: { findingsLine: string; nightIds: string[] },
  pdf: Buffer,
): Promise<{ kind: "stored"; sha256: string } | { kind: "conflict"; error: string }> {
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const { signature } = block;
  try {
    await db.signedReport.create({
      data: {
        id: randomUUID(),
        ...subject,
        version: signature.version,
        impression: block.impression,
        recommendation: block.recommendation,
        amendmentReason: signature.amendmentReason,
        signerId: viewer.accountId,
        signerName: signature.name,
        signerCredential: signature.credential,
        signedAt: new Date(signature.signedAt),
        signerZone: signature.zone,
        findingsLine: findings.findingsLine,
        nightIds: findings.nightIds,
        pdf: new Uint8Array(pdf),
        pdfSha256: sha256,
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return { kind: "conflict", error: "Someone signed this report at the same moment: reload it" };
    throw error;
  }
  return { kind: "stored", sha256 };
}

/** A signed version's PDF as stored, with the patient it is about (the caller decides who may see it). */
export async function signedPdf(db: Db, subject: SignedSubject, version: number): Promise<{ pdf: Buffer; sha256: string; asleepUserId: string } | null> {
  const row = await db.signedReport.findFirst({
    where: { ...subject, version },
    select: { pdf: true, pdfSha256: true, study: { select: { asleepUserId: true } }, periodReport: { select: { asleepUserId: true } } },
  });
  const asleepUserId = row?.study?.asleepUserId ?? row?.periodReport?.asleepUserId;
  return row && asleepUserId ? { pdf: Buffer.from(row.pdf), sha256: row.pdfSha256, asleepUserId } : null;
}

/** The newest signed version with its PDF, for the DiagnosticReport (lib/export/diagnostic-report.ts). */
export async function newestSigned(db: Db, subject: SignedSubject) {
  const r = await db.signedReport.findFirst({ where: subject, orderBy: { version: "desc" }, select: { ...VERSION_FIELDS, pdf: true } });
  return r ? { ...r, signedAt: r.signedAt.toISOString(), pdf: Buffer.from(r.pdf) } : null;
}
