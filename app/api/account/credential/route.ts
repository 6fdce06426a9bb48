// PUT /api/account/credential {"credential": "MD, RPSGT" | null}: a clinician (or an admin) sets the
// credential printed after their name when they sign a study report (from the app's own pages only).

import { accountCredentialAnswer, accountCredentialSchema, setOwnCredential } from "@/server/accounts/users";
import { answerOf } from "@/server/http/api-schema";
import { parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { forbidden, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function PUT(request: Request) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/account/credential", async ({ viewer }) => {
    const body = await parseBody(request, accountCredentialSchema, "Invalid credential");
    if (!body.ok) return body.response;
    if (!(await setOwnCredential(getRuntime().db, viewer, body.body.credential))) return forbidden("Only a clinician's or an admin's account has a credential");
    return ok(answerOf(accountCredentialAnswer, { credential: body.body.credential }));
  });
}
