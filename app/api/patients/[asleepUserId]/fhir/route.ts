// GET /api/patients/{asleepUserId}/fhir?from=&to=: every night of the period in one FHIR R4 Bundle
// (the last 30 days when the days are left out, as nights.csv).

import { fhirBundle } from "@/lib/export/fhir";
import { exportContext } from "@/server/exports/night-request";
import { downloadName, forPeriod, nightsQuery } from "@/server/reports/period-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  return forPeriod(request, "GET /api/patients/{asleepUserId}/fhir", params, nightsQuery, (report) => {
    const nights = report.figures.nights.map((n) => ({ id: n.id, asleepUserId: report.asleepUserId, state: n.state, startMs: n.startMs, endMs: n.endMs, zone: n.timezone, sleepStages: n.sleepStages }));
    return new Response(JSON.stringify(fhirBundle(nights, exportContext(request))), {
      headers: { "content-type": "application/fhir+json", "content-disposition": `attachment; filename="${downloadName(report, "nights", "fhir.json")}"`, "cache-control": "no-store" },
    });
  }, "FHIR bundle");
}
