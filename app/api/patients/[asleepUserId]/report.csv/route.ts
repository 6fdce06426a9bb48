// GET /api/patients/{asleepUserId}/report.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the period report's
// nights as CSV, one row per night (the same rows as nights.csv, the night's clinician notes, and the
// patient's compliance in the first 90 days as of the period's last day, in words).

import { nightsCsv } from "@/lib/report/csv";
import { complianceSummary } from "@/lib/sleep/compliance";
import { downloadName, forPeriod, periodQuery } from "@/server/reports/period-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  return forPeriod(request, "GET /api/patients/{asleepUserId}/report.csv", params, periodQuery, (report) =>
    new Response(nightsCsv(report.figures.nights, report.tags, report.notes, report.compliance ? complianceSummary(report.compliance) : "", report.figures.enrolledOn), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${downloadName(report, "sleep-report", "csv")}"`, "cache-control": "no-store" },
    }),
    "period report CSV",
  );
}
