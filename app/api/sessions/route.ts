// GET /api/sessions?userId=&state=&from=&to=&limit=&before=: the nights the signed-in person may see, newest
// first, a page at a time: `before` is the previous page's `nextCursor` (lib/navigation/cursor.ts).

import { sessionsPage } from "@/server/data/sessions";
import { answerOf } from "@/server/http/api-schema";
import { pagedOk } from "@/server/http/paging";
import { parseQuery } from "@/server/http/parse-request";
import { sessionListAnswer, sessionListQuery } from "@/server/http/sessions";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, sessionListQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/sessions", async ({ audience }) => {
    const page = await sessionsPage(getRuntime().db, audience, query.query);
    return pagedOk(request, answerOf(sessionListAnswer.omit({ nextCursor: true, next: true }), { sessions: page.rows }), page.nextCursor);
  });
}
