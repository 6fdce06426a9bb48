// GET/PUT /api/patients/{asleepUserId}/enrolment: the patient's enrolment day, from which every window
// counts (docs/DEFINITIONS.md). Read by whoever may see the patient; set by the patient's clinicians and
// admins (404 for anyone else). Each change is logged with who made it and the day it replaced.

import { enrolmentOf, setEnrolment } from "@/server/data/enrolment";
import { personParams } from "@/server/http/admin";
import { parseBody } from "@/server/http/alerts";
import { answerOf } from "@/server/http/api-schema";
import { enrolmentAnswer, enrolmentChangeSchema } from "@/server/http/enrolment";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams } from "@/server/http/parse-request";
import { forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ asleepUserId: string }> };

export async function GET(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/enrolment", async ({ audience }) => {
    const enrolment = await enrolmentOf(getRuntime().db, audience, path.params.asleepUserId);
    return enrolment ? ok(answerOf(enrolmentAnswer, enrolment)) : notFound();
  });
}

export async function PUT(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/patients/{asleepUserId}/enrolment", async ({ viewer, audience }) => {
    const body = await parseBody(request, enrolmentChangeSchema, "Invalid enrolment date");
    if (!body.ok) return body.response;
    const { db, logger } = getRuntime();
    const changed = await setEnrolment(db, viewer, audience, path.params.asleepUserId, body.body.enrolledOn);
    if (!changed) return notFound();
    logger.info({ by: viewer.accountId, role: viewer.role, asleepUserId: changed.asleepUserId, enrolledOn: changed.enrolledOn, previous: changed.previous }, "enrolment date changed");
    return ok(answerOf(enrolmentAnswer, { asleepUserId: changed.asleepUserId, enrolledOn: changed.enrolledOn }));
  });
}
