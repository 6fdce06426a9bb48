// POST /api/alerts/{id}/acknowledge and /api/alerts/{id}/resolve: records who and when, and pushes the change
// live to the other clinicians and admins. 404 for an alert the viewer may not see (from the app's pages only);
// 409 with the alert as it stands when someone else acknowledged or resolved it first.

import { actOnAlert } from "@/server/data/alerts";
import { alertActionParams } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams } from "@/server/http/parse-request";
import { conflict, forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { alertChangeAnswer } from "@/server/http/alerts";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string; action: string }> }) {
  const parsed = parseParams(await params, alertActionParams);
  if (!parsed.ok) return parsed.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, `POST /api/alerts/{id}/${parsed.params.action}`, async ({ viewer, audience }) => {
    const { db, live } = getRuntime();
    const result = await actOnAlert(db, viewer, audience, parsed.params.id, parsed.params.action);
    if (!result) return notFound();
    if (!result.ok) return conflict(result.error, { alert: result.alert });
    live.publishAlert("alert:changed", result.alert);
    return ok(answerOf(alertChangeAnswer, { alert: result.alert }));
  });
}
