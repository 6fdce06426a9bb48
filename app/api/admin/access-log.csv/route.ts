// GET /api/admin/access-log.csv?asleepUserId=: the access log as CSV, newest first, at most the newest
// 100,000 entries (admins; 404 for anyone else).

import { accessLogCsv } from "@/lib/access/csv";
import { ACCESS_LOG_EXPORT_LIMIT, listAccess } from "@/server/data/access-log";
import { accessLogCsvQuery, forAdmin } from "@/server/http/admin";
import { parseQuery } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";


export async function GET(request: Request) {
  const query = parseQuery(request, accessLogCsvQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/access-log.csv", async ({ viewer }) => {
    const entries = await listAccess(getRuntime().db, viewer, { ...query.query, limit: ACCESS_LOG_EXPORT_LIMIT });
    if (!entries) return notFound();
    const name = query.query.asleepUserId ? `access-log-${query.query.asleepUserId.replace(/[^A-Za-z0-9_.-]/g, "_")}.csv` : "access-log.csv";
    return new Response(accessLogCsv(entries.map((e) => ({ ...e, id: e.id.toString() }))), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
    });
  });
}
