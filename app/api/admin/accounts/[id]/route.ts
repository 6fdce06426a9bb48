// PATCH /api/admin/accounts/{id} {disabled?, clinicians?}: disable (its sessions end and its live
// sockets close) or re-enable an account; set the clinicians who look after a patient (their live
// sockets follow at once, on every instance). Admins only. 503 when not every instance could be told
// first (nothing changed).

import { accountChangeSchema, accountParams, changeAccount } from "@/server/accounts/admin";
import { forAdminChangeWith } from "@/server/http/admin-body";
import { parseParams } from "@/server/http/parse-request";
import { json, notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { accountAnswer } from "@/server/accounts/admin";

export const dynamic = "force-dynamic";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, accountParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChangeWith(request, "PATCH /api/admin/accounts/{id}", accountChangeSchema, async ({ viewer }, change) => {
    const { db, live, logger } = getRuntime();
    const result = await changeAccount(db, live, viewer, parsed.params.id, change);
    if (!result) return notFound();
    if (!result.ok) return json({ error: result.error }, result.status);
    logger.info({ adminId: viewer.accountId, accountId: parsed.params.id, disabled: change.disabled, clinicians: change.clinicians?.length }, "account changed");
    return ok(answerOf(accountAnswer, result.value.account));
  });
}
