// GET /api/period-reports/{id}: one signed period report with every version (newest first), for whoever
// may see the patient; 404 otherwise.

import { periodReportOf } from "@/server/data/period-reports";
import { answerOf } from "@/server/http/api-schema";
import { parseParams } from "@/server/http/parse-request";
import { periodReportAnswer, periodReportParams } from "@/server/http/period-reports";
import { notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, periodReportParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/period-reports/{id}", async ({ audience }) => {
    const report = await periodReportOf(getRuntime().db, audience, path.params.id);
    return report ? ok(answerOf(periodReportAnswer, report)) : notFound();
  });
}
