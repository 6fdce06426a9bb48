// GET /api/studies/{id}/reports/{version}/report.pdf: the signed PDF exactly as stored, with its SHA-256
// (x-content-sha256), for whoever may see the patient; 404 otherwise.

import { recordAccess } from "@/server/data/access-log";
import { studyReportPdf } from "@/server/data/studies";
import { parseParams } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { studyVersionParams } from "@/server/http/studies";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; version: string }> }) {
  const path = parseParams(await params, studyVersionParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/studies/{id}/reports/{version}/report.pdf", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const found = await studyReportPdf(db, audience, path.params.id, path.params.version);
    if (!found) return notFound();
    await recordAccess(db, viewer, { asleepUserId: found.asleepUserId, action: "export", resource: `study report ${path.params.id} version ${path.params.version} PDF` });
    return new Response(new Uint8Array(found.pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="study-${path.params.id}-v${path.params.version}.pdf"`,
        "x-content-sha256": found.sha256,
        "cache-control": "no-store",
      },
    });
  });
}
