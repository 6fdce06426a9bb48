// POST /api/admin/webhooks/deliveries/{id}/replay: sends a delivery's event to its endpoint again, as a
// new delivery (same webhook-id) at the end of its night's line. Admins only, same origin. 202.

import { replayOutboundDelivery } from "@/server/data/outbound-deliveries";
import { forAdminChange } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { json, notFound } from "@/server/http/responses";
import { outboundDeliveryParams } from "@/server/outbound/admin-input";
import { wakeDeliveries } from "@/server/outbound/publish";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { outboundReplayAnswer } from "@/server/outbound/admin-input";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, outboundDeliveryParams);
  if (!path.ok) return path.response;
  return forAdminChange(request, "POST /api/admin/webhooks/deliveries/{id}/replay", async ({ viewer }) => {
    const { db } = getRuntime();
    const id = await replayOutboundDelivery(db, viewer, path.params.id);
    if (id === null) return notFound();
    wakeDeliveries(db, [id]);
    return json(answerOf(outboundReplayAnswer, { delivery: { id: id.toString(), replayOf: path.params.id.toString(), status: "PENDING" as const } }), 202);
  });
}
