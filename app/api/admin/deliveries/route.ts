// GET /api/admin/deliveries?sessionId=&userId=&limit=: the audit log, newest first, without bodies (admins).

import { z } from "zod";
import { listDeliveries } from "@/server/data/deliveries";
import { forAdmin } from "@/server/http/admin";
import { idParam, parseQuery } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const deliveryListQuery = z.object({
  sessionId: idParam.optional(),
  userId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function GET(request: Request) {
  const query = parseQuery(request, deliveryListQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/deliveries", async ({ viewer }) => {
    const deliveries = await listDeliveries(getRuntime().db, viewer, query.query);
    return deliveries ? ok({ deliveries }) : notFound();
  });
}
