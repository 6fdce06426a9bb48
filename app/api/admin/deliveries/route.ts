// GET /api/admin/deliveries?sessionId=&userId=&limit=&before=: the audit log, newest first, without bodies
// (admins), a page at a time: `before` is the previous page's `nextCursor` (lib/navigation/cursor.ts).

import { deliveriesPage } from "@/server/data/deliveries";
import { deliveryListAnswer, deliveryListQuery, forAdmin } from "@/server/http/admin";
import { answerOf } from "@/server/http/api-schema";
import { pagedOk } from "@/server/http/paging";
import { parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, deliveryListQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/deliveries", async ({ viewer }) => {
    const page = await deliveriesPage(getRuntime().db, viewer, query.query);
    return page ? pagedOk(request, answerOf(deliveryListAnswer.omit({ nextCursor: true, next: true }), { deliveries: page.rows }), page.nextCursor) : notFound();
  });
}
