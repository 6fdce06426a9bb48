// GET /api/patients/{asleepUserId}/nights.csv?from=&to=: a patient's nights, one row per night (the
// last 30 days when the days are left out).

import { nightsCsv } from "@/lib/report/csv";
import { downloadName, forPeriod, nightsQuery } from "@/server/reports/period-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  return forPeriod(request, "GET /api/patients/{asleepUserId}/nights.csv", params, nightsQuery, (report) =>
    new Response(nightsCsv(report.figures.nights, report.tags), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${downloadName(report, "nights", "csv")}"`, "cache-control": "no-store" },
    }),
    "nights CSV",
  );
}
