// DELETE /api/admin/people/{asleepUserId}: deletes everything held about one Asleep user in one
// transaction (admins, from the app's own origin), then closes the deleted account's live sockets.

import { deletePerson } from "@/server/data/people";
import { forAdminChange, personParams } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, personParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChange(request, "DELETE /api/admin/people/{asleepUserId}", async ({ viewer }) => {
    const { db, live, logger } = getRuntime();
    const asleepUserId = parsed.params.asleepUserId;
    const result = await deletePerson(db, viewer, asleepUserId);
    if (!result) return notFound();
    // Their sessions are gone, so the API refuses them already; their open sockets must go too.
    if (result.accountId) live.endAccount(result.accountId);
    // Who deleted whom, by id only: the log must not become a copy of what was deleted.
    logger.info({ adminId: viewer.accountId, asleepUserId, accountId: result.accountId, deleted: result.deleted }, "person deleted");
    return ok({ asleepUserId, deleted: result.deleted });
  });
}
