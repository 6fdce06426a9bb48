// POST /api/admin/webhooks/{id}/rotate: a new signing secret, shown once in the answer. For a day
// (ROTATION_GRACE_MS) messages carry signatures by both the new and the previous secret, so the
// receiver can switch at its own pace. Admins only, same origin.

import { rotateEndpointSecret } from "@/server/data/outbound-endpoints";
import { forAdminChange } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { endpointParams } from "@/server/outbound/admin-input";
import { newEndpointSecret, ROTATION_GRACE_MS } from "@/server/outbound/sign";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { endpointSecretAnswer } from "@/server/outbound/admin-input";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, endpointParams);
  if (!path.ok) return path.response;
  return forAdminChange(request, "POST /api/admin/webhooks/{id}/rotate", async ({ viewer }) => {
    const secret = newEndpointSecret();
    const endpoint = await rotateEndpointSecret(getRuntime().db, viewer, path.params.id, secret, new Date(Date.now() + ROTATION_GRACE_MS));
    return endpoint ? ok(answerOf(endpointSecretAnswer, { endpoint, secret })) : notFound();
  });
}
