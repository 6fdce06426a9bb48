// PUT /api/alerts/{id}/assignee {assigneeId, dueOn?}: gives an unresolved alert to a clinician who cares for
// its patient, due by a day (assigneeId null: to nobody), and pushes the change live. 422 when the assignee
// is no such clinician (they could not open it); 409 with the alert when it was resolved meanwhile; 404 for
// an alert the viewer may not see.

import { assignAlert } from "@/server/data/alerts";
import { alertAssignBody, alertChangeAnswer, alertIdParams, parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams } from "@/server/http/parse-request";
import { conflict, forbidden, json, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, alertIdParams);
  if (!parsed.ok) return parsed.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/alerts/{id}/assignee", async ({ viewer, audience }) => {
    const body = await parseBody(request, alertAssignBody, "Invalid assignment");
    if (!body.ok) return body.response;
    const { db, live } = getRuntime();
    const result = await assignAlert(db, viewer, audience, parsed.params.id, body.body);
    if (!result) return notFound();
    if (!result.ok) return result.reason === "assignee" ? json({ error: result.error, issues: [{ path: "assigneeId", message: result.error }] }, 422) : conflict(result.error, { alert: result.alert });
    live.publishAlert("alert:changed", result.alert);
    return ok(answerOf(alertChangeAnswer, { alert: result.alert }));
  });
}
