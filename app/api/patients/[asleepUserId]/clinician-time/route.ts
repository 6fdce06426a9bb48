// GET /api/patients/{asleepUserId}/clinician-time?month=YYYY-MM: the month's entries and total against
// the 10/20-minute steps. POST: one entry of minutes. The patient's clinicians and admins only (404 for
// anyone else); each entry is logged with who made it.

import { addClinicianTime, clinicianTimeOfMonth } from "@/server/data/clinician-time";
import { personParams } from "@/server/http/admin";
import { parseBody } from "@/server/http/alerts";
import { answerOf } from "@/server/http/api-schema";
import { clinicianTimeEntryAnswer, clinicianTimeEntrySchema, clinicianTimeMonthAnswer, clinicianTimeQuerySchema } from "@/server/http/clinician-time";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams, parseQuery } from "@/server/http/parse-request";
import { forbidden, json, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ asleepUserId: string }> };

export async function GET(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  const query = parseQuery(request, clinicianTimeQuerySchema);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/clinician-time", async ({ viewer, audience }) => {
    const month = await clinicianTimeOfMonth(getRuntime().db, viewer, audience, path.params.asleepUserId, query.query.month);
    return month ? ok(answerOf(clinicianTimeMonthAnswer, month)) : notFound();
  });
}

export async function POST(request: Request, { params }: Params) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "POST /api/patients/{asleepUserId}/clinician-time", async ({ viewer, audience }) => {
    const body = await parseBody(request, clinicianTimeEntrySchema, "Invalid clinician time");
    if (!body.ok) return body.response;
    const { db, logger } = getRuntime();
    const entry = await addClinicianTime(db, viewer, audience, path.params.asleepUserId, body.body);
    if (!entry) return notFound();
    logger.info({ by: viewer.accountId, role: viewer.role, asleepUserId: entry.asleepUserId, entryId: entry.id, day: entry.day, minutes: entry.minutes, kind: entry.kind }, "clinician time recorded");
    return json(answerOf(clinicianTimeEntryAnswer, entry), 201);
  });
}
