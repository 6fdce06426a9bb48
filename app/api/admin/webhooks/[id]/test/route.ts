// POST /api/admin/webhooks/{id}/test: sends the endpoint one signed `webhook.test` event now and answers
// with what its receiver answered: 200 {"result":{ "messageId", "delivered", "status", "response",
// "error", "ms" }} (a receiver's failure is a result, not an error of this route). On or off alike;
// nothing is recorded. Admins only, same origin.

import { forAdminChange } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { endpointParams } from "@/server/outbound/admin-input";
import { sendTestEvent } from "@/server/outbound/test-event";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { testEventAnswer } from "@/server/outbound/admin-input";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, endpointParams);
  if (!path.ok) return path.response;
  return forAdminChange(request, "POST /api/admin/webhooks/{id}/test", async ({ viewer }) => {
    const { db, config } = getRuntime();
    const result = await sendTestEvent(db, viewer, path.params.id, config.outboundDestinations);
    return result ? ok(answerOf(testEventAnswer, { result })) : notFound();
  });
}
