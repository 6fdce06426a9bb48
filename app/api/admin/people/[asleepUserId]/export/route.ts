// GET /api/admin/people/{asleepUserId}/export: everything held about one Asleep user, as a JSON download
// (admins). No password hash and no session token is ever part of it.

import { recordAccess } from "@/server/data/access-log";
import { exportCounts, exportPerson } from "@/server/data/people";
import { forAdmin, personParams } from "@/server/http/admin";
import { parseParams } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, personParams);
  if (!parsed.ok) return parsed.response;
  return forAdmin(request, "GET /api/admin/people/{asleepUserId}/export", async ({ viewer }) => {
    const { db, logger } = getRuntime();
    const data = await exportPerson(db, viewer, parsed.params.asleepUserId);
    if (!data) return notFound();
    // Logged after the snapshot: the export holds the log as it was before this download.
    await recordAccess(db, viewer, { asleepUserId: data.asleepUserId, action: "export", resource: "whole record (data rights export, JSON)" });
    logger.info({ adminId: viewer.accountId, asleepUserId: data.asleepUserId, rows: exportCounts(data) }, "person exported");
    const filename = `person-${data.asleepUserId.replace(/[^A-Za-z0-9_.-]/g, "_")}.json`;
    return new Response(JSON.stringify(data, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
    });
  });
}
