// GET/PUT /api/patients/{asleepUserId}/alert-rules: one patient's overrides of the clinic's alert thresholds,
// for the patient's clinicians and admins (404 for anyone else).

import { patientAlertSettings, savePatientOverrides } from "@/server/data/alert-settings";
import { personParams } from "@/server/http/admin";
import { parseBody, patientRulesAnswer, patientRulesBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams } from "@/server/http/parse-request";
import { forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ asleepUserId: string }> };

export async function GET(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/alert-rules", async ({ viewer, audience }) => {
    const { db, config } = getRuntime();
    const settings = await patientAlertSettings(db, viewer, audience, path.params.asleepUserId, config.adherenceRule);
    return settings ? ok(answerOf(patientRulesAnswer, settings)) : notFound();
  });
}

export async function PUT(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/patients/{asleepUserId}/alert-rules", async ({ viewer, audience }) => {
    const body = await parseBody(request, patientRulesBody, "Invalid alert rules");
    if (!body.ok) return body.response;
    const { db, config } = getRuntime();
    if (!(await savePatientOverrides(db, viewer, audience, path.params.asleepUserId, body.body.overrides))) return notFound();
    const settings = await patientAlertSettings(db, viewer, audience, path.params.asleepUserId, config.adherenceRule);
    return settings ? ok(answerOf(patientRulesAnswer, settings)) : notFound();
  });
}
