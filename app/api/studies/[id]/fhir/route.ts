// GET /api/studies/{id}/fhir: the newest signed version as a FHIR R4 DiagnosticReport (docs/EXPORTS.md),
// for whoever may see the patient; 404 otherwise, and 404 while nothing is signed.

import { createHash } from "node:crypto";
import { signedDiagnosticReport } from "@/lib/export/diagnostic-report";
import { recordAccess } from "@/server/data/access-log";
import { signedStudyForExport } from "@/server/data/studies";
import { exportContext } from "@/server/exports/night-request";
import { parseParams } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { studyParams } from "@/server/http/studies";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, studyParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/studies/{id}/fhir", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const signed = await signedStudyForExport(db, audience, path.params.id);
    if (!signed) return notFound();
    const report = signedDiagnosticReport({ kind: "study", subjectId: signed.studyId, ...signed, pdfSha1Base64: createHash("sha1").update(signed.pdf).digest("base64") }, exportContext(request));
    await recordAccess(db, viewer, { asleepUserId: signed.asleepUserId, action: "export", resource: `study report ${signed.studyId} version ${signed.version} as FHIR` });
    return new Response(JSON.stringify(report), {
      headers: { "content-type": "application/fhir+json", "content-disposition": `attachment; filename="study-${signed.studyId}.fhir.json"`, "cache-control": "no-store" },
    });
  });
}
