// DELETE /api/admin/people/{asleepUserId}: deletes everything held about one Asleep user in one
// transaction (admins, from the app's own origin); the deleted account's live sockets close and their
// clinicians' stop receiving anything about them, on every instance (server/data/access.ts changeAccess).

import { deletePerson } from "@/server/data/people";
import { forAdminChange, personDeletedAnswer, personParams } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, personParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChange(request, "DELETE /api/admin/people/{asleepUserId}", async ({ viewer }) => {
    const { db, live, logger } = getRuntime();
    const asleepUserId = parsed.params.asleepUserId;
    const result = await deletePerson(db, live, viewer, asleepUserId);
    if (!result) return notFound();
    // Who deleted whom, by id only: the log must not become a copy of what was deleted.
    logger.info({ adminId: viewer.accountId, asleepUserId, accountId: result.accountId, deleted: result.deleted }, "person deleted");
    return ok(answerOf(personDeletedAnswer, { asleepUserId, deleted: result.deleted }));
  });
}
