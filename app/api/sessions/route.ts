// GET /api/sessions?userId=&state=&from=&to=&limit=: the nights the signed-in person may see, newest first.

import { z } from "zod";
import { listSessions } from "@/server/data/sessions";
import { idParam, parseQuery } from "@/server/http/parse-request";
import { ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const sessionListQuery = z.object({
  userId: idParam.optional(),
  state: z.enum(["OPEN", "COMPLETE", "INCOMPLETE"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function GET(request: Request) {
  const query = parseQuery(request, sessionListQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/sessions", async ({ audience }) => ok({ sessions: await listSessions(getRuntime().db, audience, query.query) }));
}
