// GET /api/period-reports/{id}/reports/{version}/report.pdf: the signed PDF exactly as stored, with its
// SHA-256 (x-content-sha256), for whoever may see the patient; 404 otherwise.

import { recordAccess } from "@/server/data/access-log";
import { periodReportPdf } from "@/server/data/period-reports";
import { parseParams } from "@/server/http/parse-request";
import { periodReportVersionParams } from "@/server/http/period-reports";
import { notFound } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; version: string }> }) {
  const path = parseParams(await params, periodReportVersionParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/period-reports/{id}/reports/{version}/report.pdf", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const found = await periodReportPdf(db, audience, path.params.id, path.params.version);
    if (!found) return notFound();
    await recordAccess(db, viewer, { asleepUserId: found.asleepUserId, action: "export", resource: `period report ${path.params.id} version ${path.params.version} PDF` });
    return new Response(new Uint8Array(found.pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="period-report-${path.params.id}-v${path.params.version}.pdf"`,
        "x-content-sha256": found.sha256,
        "cache-control": "no-store",
      },
    });
  });
}
