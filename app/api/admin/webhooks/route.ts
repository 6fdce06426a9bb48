// GET /api/admin/webhooks: the outbound event endpoints (never their secrets).
// POST /api/admin/webhooks {url, description?, events, enabled?}: registers one; the answer carries its
// signing secret, the only time it is shown (201); a URL whose host is a private, loopback, link-local,
// metadata or other special address, in any spelling, is a 400 naming `url` (lib/outbound/endpoint-url.ts).
// Admins only (404 for anyone else), same origin for POST.

import { createEndpoint, listEndpoints } from "@/server/data/outbound-endpoints";
import { forAdmin, forAdminChange } from "@/server/http/admin";
import { readJsonBody } from "@/server/http/parse-request";
import { badRequest, json, notFound, ok } from "@/server/http/responses";
import { newEndpointBody } from "@/server/outbound/admin-input";
import { newEndpointSecret } from "@/server/outbound/sign";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { endpointListAnswer, endpointSecretAnswer } from "@/server/outbound/admin-input";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forAdmin(request, "GET /api/admin/webhooks", async ({ viewer }) => {
    const endpoints = await listEndpoints(getRuntime().db, viewer);
    return endpoints ? ok(answerOf(endpointListAnswer, { endpoints })) : notFound();
  });
}

export async function POST(request: Request) {
  return forAdminChange(request, "POST /api/admin/webhooks", async ({ viewer }) => {
    const body = await readJsonBody(request, 16 * 1024);
    if (!body.ok) return body.response;
    const { db, config } = getRuntime();
    const parsed = newEndpointBody(config.outboundDestinations).safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid endpoint", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    const secret = newEndpointSecret();
    const endpoint = await createEndpoint(db, viewer, parsed.data, secret);
    return endpoint ? json(answerOf(endpointSecretAnswer, { endpoint, secret }), 201) : notFound();
  });
}
