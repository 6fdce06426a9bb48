// GET /api/alerts?state=unresolved|open|acknowledged|resolved|all&rule=&patient={asleepUserId}&owner=me|none|{accountId}&limit=&before=:
// the viewer's alert inbox, newest first, a page at a time (`before`: the previous page's `nextCursor`) — a
// clinician's assigned patients, an admin's all; 404 for a patient (no inbox).

import { alertsPage } from "@/server/data/alerts";
import { alertListAnswer, alertListQuery, ownerFilter, STATES_FOR } from "@/server/http/alerts";
import { pagedOk } from "@/server/http/paging";
import { parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, alertListQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/alerts", async ({ viewer, audience }) => {
    const { state, rule, patient, owner, limit, before } = query.query;
    const filters = { states: STATES_FOR[state], rule, asleepUserId: patient, assigneeId: ownerFilter(owner, viewer) };
    const page = await alertsPage(getRuntime().db, viewer, audience, { ...filters, limit, before });
    return page ? pagedOk(request, answerOf(alertListAnswer.omit({ nextCursor: true, next: true }), { alerts: page.rows }), page.nextCursor) : notFound();
  });
}
