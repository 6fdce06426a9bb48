// POST /api/period-reports/{id}/amend {impression, recommendation, zone, reason}: a new signed version;
// the earlier ones are kept and listed (server/reports/period-sign-request.ts).

import { periodAmendResponse } from "@/server/reports/period-sign-request";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return periodAmendResponse(request, params);
}
