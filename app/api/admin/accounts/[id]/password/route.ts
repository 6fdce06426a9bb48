// POST /api/admin/accounts/{id}/password {password}: sets a new password and ends the account's
// sessions (and live sockets). Admins only.

import { accountParams, passwordSetSchema, setPassword } from "@/server/accounts/admin";
import { forAdminChangeWith } from "@/server/http/admin-body";
import { parseParams } from "@/server/http/parse-request";
import { json, notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { passwordSetAnswer } from "@/server/accounts/admin";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, accountParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChangeWith(request, "POST /api/admin/accounts/{id}/password", passwordSetSchema, async ({ viewer }, body) => {
    const { db, auth, live, logger } = getRuntime();
    const result = await setPassword(db, auth, viewer, parsed.params.id, body.password);
    if (!result) return notFound();
    if (!result.ok) return json({ error: result.error }, result.status);
    live.endAccount(parsed.params.id);
    logger.info({ adminId: viewer.accountId, accountId: parsed.params.id }, "password set by an admin");
    return ok(answerOf(passwordSetAnswer, { status: "password set" as const, email: result.value.email }));
  });
}
