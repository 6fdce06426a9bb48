// GET /api/patients/{asleepUserId}/report.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD: the period report as a
// PDF, for whoever may see the patient (404 otherwise).

import { renderPeriodPdf } from "@/server/reports/period-pdf";
import { downloadName, forPeriod, periodQuery } from "@/server/reports/period-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  return forPeriod(request, "GET /api/patients/{asleepUserId}/report.pdf", params, periodQuery, async (report) => {
    const pdf = await renderPeriodPdf(report, new Date());
    return new Response(new Uint8Array(pdf), {
      headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${downloadName(report, "sleep-report", "pdf")}"`, "cache-control": "no-store" },
    });
  }, "period report PDF");
}
