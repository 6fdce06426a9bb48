// /api/period-reports/{id}/reports/{version}: a signed version is final. GET reads it; any change (PUT,
// PATCH, DELETE) answers 409 for whoever may see it (amend it instead: POST /api/period-reports/{id}/amend),
// 404 otherwise.

import { periodReportOf } from "@/server/data/period-reports";
import type { SignedReportVersion } from "@/server/data/signed-reports";
import { answerOf } from "@/server/http/api-schema";
import { parseParams } from "@/server/http/parse-request";
import { periodReportVersionParams } from "@/server/http/period-reports";
import { conflict, notFound, ok } from "@/server/http/responses";
import { studyReportVersionAnswer } from "@/server/http/studies";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string; version: string }> };

async function found(request: Request, params: Params["params"], route: string, answer: (version: SignedReportVersion) => Response) {
  const path = parseParams(await params, periodReportVersionParams);
  if (!path.ok) return path.response;
  return forViewer(request, route, async ({ audience }) => {
    const report = await periodReportOf(getRuntime().db, audience, path.params.id);
    const version = report?.reports.find((r) => r.version === path.params.version);
    return version ? answer(version) : notFound();
  });
}

export function GET(request: Request, { params }: Params) {
  return found(request, params, "GET /api/period-reports/{id}/reports/{version}", (version) => ok(answerOf(studyReportVersionAnswer, version)));
}

const FINAL = "A signed report is final and cannot be changed: amend it (POST /api/period-reports/{id}/amend) with a reason";
export function PUT(request: Request, { params }: Params) {
  return found(request, params, "PUT /api/period-reports/{id}/reports/{version}", () => conflict(FINAL));
}

export function PATCH(request: Request, { params }: Params) {
  return found(request, params, "PATCH /api/period-reports/{id}/reports/{version}", () => conflict(FINAL));
}

export function DELETE(request: Request, { params }: Params) {
  return found(request, params, "DELETE /api/period-reports/{id}/reports/{version}", () => conflict(FINAL));
}
