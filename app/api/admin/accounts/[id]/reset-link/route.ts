// POST /api/admin/accounts/{id}/reset-link: a one-time link (expires in an hour, works once) for the
// admin to pass on; the person opens it and chooses a new password. Admins only.

import { accountParams, issueResetLink } from "@/server/accounts/admin";
import { forAdminChange } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { json, notFound } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { resetLinkAnswer } from "@/server/accounts/admin";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, accountParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChange(request, "POST /api/admin/accounts/{id}/reset-link", async ({ viewer }) => {
    const { db, config, logger } = getRuntime();
    // forAdminChange has checked the Origin is the app's own: the link points there.
    const origin = config.publicUrl ? new URL(config.publicUrl).origin : request.headers.get("origin")!;
    const result = await issueResetLink(db, viewer, parsed.params.id, origin);
    if (!result) return notFound();
    if (!result.ok) return json({ error: result.error }, result.status);
    logger.info({ adminId: viewer.accountId, accountId: parsed.params.id, expiresAt: result.value.expiresAt }, "reset link issued");
    return json(answerOf(resetLinkAnswer, result.value), 201);
  });
}
