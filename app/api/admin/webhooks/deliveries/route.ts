// GET /api/admin/webhooks/deliveries?endpointId=&status=&limit=&before=: the outbound delivery log, newest
// first (status, attempts, last answer, next attempt), a page at a time: `before` is the previous page's
// `nextCursor` (a delivery id). Admins only.

import { keysetPage } from "@/lib/navigation/cursor";
import { listOutboundDeliveries } from "@/server/data/outbound-deliveries";
import { forAdmin } from "@/server/http/admin";
import { pagedOk } from "@/server/http/paging";
import { parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { outboundDeliveryQuery } from "@/server/outbound/admin-input";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { outboundDeliveryListAnswer } from "@/server/outbound/admin-input";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, outboundDeliveryQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/webhooks/deliveries", async ({ viewer }) => {
    const { limit } = query.query;
    const rows = await listOutboundDeliveries(getRuntime().db, viewer, { ...query.query, limit: limit + 1 });
    if (!rows) return notFound();
    const page = keysetPage(rows, limit, (d) => d.id);
    return pagedOk(request, answerOf(outboundDeliveryListAnswer.omit({ nextCursor: true, next: true }), { deliveries: page.rows }), page.nextCursor);
  });
}
