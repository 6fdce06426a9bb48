// GET/PUT /api/account/alert-email {"mode": "off" | "immediate" | "digest"}: how a clinician or admin hears of
// alerts by e-mail (only when the server has SMTP_URL). 404 for a patient.

import { alertEmailOf, setAlertEmail } from "@/server/data/alert-settings";
import { alertEmailAnswer, alertEmailBody, parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forViewer(request, "GET /api/account/alert-email", async ({ viewer }) =>
    viewer.role === "patient" ? notFound() : ok(answerOf(alertEmailAnswer, { mode: await alertEmailOf(getRuntime().db, viewer) })),
  );
}

export async function PUT(request: Request) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/account/alert-email", async ({ viewer }) => {
    const body = await parseBody(request, alertEmailBody, "Invalid alert e-mail choice");
    if (!body.ok) return body.response;
    if (!(await setAlertEmail(getRuntime().db, viewer, body.body.mode))) return notFound();
    return ok(answerOf(alertEmailAnswer, { mode: body.body.mode }));
  });
}
