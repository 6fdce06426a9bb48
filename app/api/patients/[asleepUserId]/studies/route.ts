// GET /api/patients/{asleepUserId}/studies: the patient's multi-night studies with their status, for the
// patient's clinicians, admins and the patient themself. POST: a clinician of the patient (or an admin)
// orders one. 404 for anyone else.

import { enqueueStudyEvaluation } from "@/server/alerts/triggers";
import { orderStudy, studiesOfPatient } from "@/server/data/studies";
import { answerOf } from "@/server/http/api-schema";
import { personParams } from "@/server/http/admin";
import { parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams } from "@/server/http/parse-request";
import { forbidden, json, notFound, ok } from "@/server/http/responses";
import { studyAnswer, studyListAnswer, studyOrderSchema } from "@/server/http/studies";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ asleepUserId: string }> };

export async function GET(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/studies", async ({ audience }) => {
    const studies = await studiesOfPatient(getRuntime().db, audience, path.params.asleepUserId);
    return studies ? ok(answerOf(studyListAnswer, { studies })) : notFound();
  });
}

export async function POST(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "POST /api/patients/{asleepUserId}/studies", async ({ viewer, audience }) => {
    const body = await parseBody(request, studyOrderSchema, "Invalid study order");
    if (!body.ok) return body.response;
    const { db, jobs, logger } = getRuntime();
    const study = await orderStudy(db, viewer, audience, path.params.asleepUserId, body.body);
    if (!study) return notFound();
    logger.info({ by: viewer.accountId, studyId: study.id, asleepUserId: study.asleepUserId }, "study ordered");
    // A window already over (or already met) is decided by the evaluation job, as every study is.
    await enqueueStudyEvaluation(jobs, study.asleepUserId);
    return json(answerOf(studyAnswer, study), 201);
  });
}
