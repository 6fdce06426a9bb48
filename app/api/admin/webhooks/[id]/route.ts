// PATCH /api/admin/webhooks/{id} {url?, description?, events?, enabled?}: changes an endpoint (the URL
// under the same rules as POST's). Turning it on or off clears why the app had turned it off (410 Gone).
// DELETE /api/admin/webhooks/{id}: removes it with its delivery log. Admins only, same origin.

import { deleteEndpoint, updateEndpoint } from "@/server/data/outbound-endpoints";
import { forAdminChange } from "@/server/http/admin";
import { parseParams, readJsonBody } from "@/server/http/parse-request";
import { badRequest, noContent, notFound, ok } from "@/server/http/responses";
import { endpointChangeBody, endpointParams } from "@/server/outbound/admin-input";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { endpointChangeAnswer } from "@/server/outbound/admin-input";

export const dynamic = "force-dynamic";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, endpointParams);
  if (!path.ok) return path.response;
  return forAdminChange(request, "PATCH /api/admin/webhooks/{id}", async ({ viewer }) => {
    const body = await readJsonBody(request, 16 * 1024);
    if (!body.ok) return body.response;
    const { db, config } = getRuntime();
    const parsed = endpointChangeBody(config.outboundDestinations).safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid endpoint change", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    const endpoint = await updateEndpoint(db, viewer, path.params.id, parsed.data);
    return endpoint ? ok(answerOf(endpointChangeAnswer, { endpoint })) : notFound();
  });
}

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, endpointParams);
  if (!path.ok) return path.response;
  return forAdminChange(request, "DELETE /api/admin/webhooks/{id}", async ({ viewer }) => {
    const deleted = await deleteEndpoint(getRuntime().db, viewer, path.params.id);
    return deleted ? noContent() : notFound();
  });
}
