// GET /api/patients/{asleepUserId}/report.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD: the period report as a
// PDF, for whoever may see the patient (404 otherwise), drawn off the event loop; 429 with Retry-After
// while the same account's previous report is still being prepared (or the instance is full).

import { periodPdfResponse } from "@/server/reports/period-pdf-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  return periodPdfResponse(request, params);
}
