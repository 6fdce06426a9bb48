// PUT /api/admin/accounts/{id}/credential {"credential": "MD, RPSGT" | null}: an admin sets the credential a
// clinician signs study reports with (the clinician may set their own: PUT /api/account/credential).
// Admins only; 404 for anyone else and for an account that is not a clinician's or an admin's.

import { accountCredentialAnswer, accountCredentialSchema, setCredentialOf } from "@/server/accounts/users";
import { accountParams } from "@/server/accounts/admin";
import { answerOf } from "@/server/http/api-schema";
import { forAdminChangeWith } from "@/server/http/admin-body";
import { parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, accountParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChangeWith(request, "PUT /api/admin/accounts/{id}/credential", accountCredentialSchema, async ({ viewer }, body) => {
    const { db, logger } = getRuntime();
    if (!(await setCredentialOf(db, parsed.params.id, body.credential))) return notFound();
    logger.info({ adminId: viewer.accountId, accountId: parsed.params.id }, "credential set");
    return ok(answerOf(accountCredentialAnswer, { credential: body.credential }));
  });
}
