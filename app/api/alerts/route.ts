// GET /api/alerts?state=unresolved|open|acknowledged|resolved|all&patient={asleepUserId}: the viewer's alert
// inbox, newest first — a clinician's assigned patients, an admin's all; 404 for a patient (no inbox).

import { listAlerts } from "@/server/data/alerts";
import { alertListQuery, STATES_FOR } from "@/server/http/alerts";
import { parseQuery } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, alertListQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/alerts", async ({ viewer, audience }) => {
    const alerts = await listAlerts(getRuntime().db, viewer, audience, { states: STATES_FOR[query.query.state], asleepUserId: query.query.patient });
    return alerts ? ok({ alerts }) : notFound();
  });
}
