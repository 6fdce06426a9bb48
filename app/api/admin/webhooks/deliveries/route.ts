// GET /api/admin/webhooks/deliveries?endpointId=&status=&limit=: the outbound delivery log, newest
// first (status, attempts, last answer, next attempt). Admins only.

import { listOutboundDeliveries } from "@/server/data/outbound-deliveries";
import { forAdmin } from "@/server/http/admin";
import { parseQuery } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { outboundDeliveryQuery } from "@/server/outbound/admin-input";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, outboundDeliveryQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/webhooks/deliveries", async ({ viewer }) => {
    const deliveries = await listOutboundDeliveries(getRuntime().db, viewer, query.query);
    return deliveries ? ok({ deliveries }) : notFound();
  });
}
