// GET /api/patients/{asleepUserId}/report.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the period report's
// nights as CSV, one row per night (the same rows as nights.csv, and the night's clinician notes).

import { nightsCsv } from "@/lib/report/csv";
import { downloadName, forPeriod, periodQuery } from "@/server/reports/period-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  return forPeriod(request, "GET /api/patients/{asleepUserId}/report.csv", params, periodQuery, (report) =>
    new Response(nightsCsv(report.figures.nights, report.tags, report.notes), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${downloadName(report, "sleep-report", "csv")}"`, "cache-control": "no-store" },
    }),
    "period report CSV",
  );
}
