// GET /api/sessions/{id}: one night, whole, as merged so far; 404 when it is not the viewer's to see.

import { nightResource } from "@/lib/access/resource";
import { recordAccess } from "@/server/data/access-log";
import { getSessionDetail } from "@/server/data/sessions";
import { parseParams, sessionParams } from "@/server/http/parse-request";
import { answerOf } from "@/server/http/api-schema";
import { notFound, ok } from "@/server/http/responses";
import { sessionDetailAnswer } from "@/server/http/sessions";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/sessions/{id}", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const detail = await getSessionDetail(db, audience, parsed.params.id);
    if (!detail) return notFound();
    await recordAccess(db, viewer, { asleepUserId: detail.userId, action: "view", resource: nightResource({ ...detail, open: detail.state === "OPEN" }, detail.zone?.name ?? "UTC", detail.id, "via the API") });
    return ok(answerOf(sessionDetailAnswer, detail));
  });
}
