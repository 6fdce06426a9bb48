// GET /api/admin/access-log?asleepUserId=&limit=&before=: who viewed or exported which patient's data,
// newest first (admins; 404 for anyone else). `before` pages: entries older than that id, which each
// page answers as its `nextCursor` (lib/navigation/cursor.ts).

import { keysetPage } from "@/lib/navigation/cursor";
import { listAccess } from "@/server/data/access-log";
import { accessLogAnswer, accessLogQuery, forAdmin } from "@/server/http/admin";
import { answerOf } from "@/server/http/api-schema";
import { pagedOk } from "@/server/http/paging";
import { parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, accessLogQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/access-log", async ({ viewer }) => {
    const { limit } = query.query;
    const found = await listAccess(getRuntime().db, viewer, { ...query.query, limit: limit + 1 });
    if (!found) return notFound();
    const page = keysetPage(found, limit, (e) => e.id.toString());
    return pagedOk(request, answerOf(accessLogAnswer.omit({ nextCursor: true, next: true }), { entries: page.rows.map((e) => ({ ...e, id: e.id.toString() })) }), page.nextCursor);
  });
}
