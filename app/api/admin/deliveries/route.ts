// GET /api/admin/deliveries?sessionId=&userId=&limit=&before=: the audit log, newest first, without bodies
// (admins), a page at a time: `before` is the previous page's `nextCursor` (lib/navigation/cursor.ts).

import { z } from "zod";
import { deliveriesPage, deliveryCursor } from "@/server/data/deliveries";
import { forAdmin } from "@/server/http/admin";
import { pagedOk } from "@/server/http/paging";
import { idParam, parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const deliveryListQuery = z.object({
  sessionId: idParam.optional(),
  userId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: deliveryCursor.optional(),
});

export async function GET(request: Request) {
  const query = parseQuery(request, deliveryListQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/deliveries", async ({ viewer }) => {
    const page = await deliveriesPage(getRuntime().db, viewer, query.query);
    return page ? pagedOk(request, { deliveries: page.rows }, page.nextCursor) : notFound();
  });
}
