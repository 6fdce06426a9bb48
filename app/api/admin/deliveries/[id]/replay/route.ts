// POST /api/admin/deliveries/{id}/replay: runs a stored delivery through the webhook's parse and ingest
// again (admins, from the app's own origin). Idempotent: a replay of what is still stored is a DUPLICATE.

import { forAdminChange, replayAnswer, replayParams } from "@/server/http/admin";
import { answerOf } from "@/server/http/api-schema";
import { parseParams } from "@/server/http/parse-request";
import { json, notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { replayDelivery } from "@/server/webhook/replay";

export const dynamic = "force-dynamic";


export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, replayParams);
  if (!parsed.ok) return parsed.response;
  return forAdminChange(request, "POST /api/admin/deliveries/{id}/replay", async ({ viewer }) => {
    const result = await replayDelivery(getRuntime(), viewer, parsed.params.id);
    if (result.kind === "not-found") return notFound();
    // The stored body was acknowledged once but no longer passes the edge: nothing was written.
    if (result.kind === "invalid") return json({ error: "The stored delivery cannot be replayed", issues: result.issues }, 409);
    const { kind: _, ...answer } = result;
    return ok(answerOf(replayAnswer, answer));
  });
}
