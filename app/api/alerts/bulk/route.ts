// POST /api/alerts/bulk {ids, action: "acknowledge"|"resolve", comment?}: many alerts at once, each changed
// as POST /api/alerts/{id}/{action} changes one (conditioned on its state). 200 with one outcome per alert:
// 200 (changed, the alert), 409 (someone else got there first: the alert as it stands, and who), 404 (not
// the viewer's to see). Each change is pushed live. 404 for a patient (no inbox).

import { actOnAlerts } from "@/server/data/alerts";
import { alertBulkAnswer, alertBulkBody, parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "POST /api/alerts/bulk", async ({ viewer, audience }) => {
    const body = await parseBody(request, alertBulkBody, "Invalid bulk action");
    if (!body.ok) return body.response;
    const { db, live } = getRuntime();
    const outcomes = await actOnAlerts(db, viewer, audience, body.body.ids, body.body.action, body.body.comment);
    if (!outcomes) return notFound();
    for (const o of outcomes) if (o.status === 200) live.publishAlert("alert:changed", o.alert);
    return ok(answerOf(alertBulkAnswer, { results: outcomes }));
  });
}
