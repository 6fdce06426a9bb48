// GET /api/sessions?userId=&state=&from=&to=&limit=&before=: the nights the signed-in person may see, newest
// first, a page at a time: `before` is the previous page's `nextCursor` (lib/navigation/cursor.ts).

import { z } from "zod";
import { sessionCursor, sessionsPage } from "@/server/data/sessions";
import { pagedOk } from "@/server/http/paging";
import { idParam, parseQuery } from "@/server/http/parse-request";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const sessionListQuery = z.object({
  userId: idParam.optional(),
  state: z.enum(["OPEN", "COMPLETE", "INCOMPLETE"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: sessionCursor.optional(),
});

export async function GET(request: Request) {
  const query = parseQuery(request, sessionListQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/sessions", async ({ audience }) => {
    const page = await sessionsPage(getRuntime().db, audience, query.query);
    return pagedOk(request, { sessions: page.rows }, page.nextCursor);
  });
}
