// GET /api/patients/{asleepUserId}/period-reports: the patient's signed period reports, every version, for
// the patient's clinicians, admins and the patient themself. POST {from, to, impression, recommendation,
// zone}: a clinician of the patient signs the period report over those days (server/reports/period-sign-request.ts);
// 409 once that period is signed (amend it instead). 404 for anyone else.

import { periodReportsOfPatient } from "@/server/data/period-reports";
import { answerOf } from "@/server/http/api-schema";
import { personParams } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { periodReportListAnswer } from "@/server/http/period-reports";
import { notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { periodSignResponse } from "@/server/reports/period-sign-request";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ asleepUserId: string }> };

export async function GET(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/period-reports", async ({ audience }) => {
    const periodReports = await periodReportsOfPatient(getRuntime().db, audience, path.params.asleepUserId);
    return periodReports ? ok(answerOf(periodReportListAnswer, { periodReports })) : notFound();
  });
}

export function POST(request: Request, { params }: Params) {
  return periodSignResponse(request, params);
}
