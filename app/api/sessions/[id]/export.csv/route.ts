// GET /api/sessions/{id}/export.csv: one row per epoch (time, stage, snoring), for spreadsheets and
// the clinic's records.

import { exportDay } from "@/lib/export/night";
import { nightCsv } from "@/lib/sleep/csv";
import { recordAccess } from "@/server/data/access-log";
import { getSessionDetail } from "@/server/data/sessions";
import { exportNight } from "@/server/exports/night-request";
import { parseParams, sessionParams } from "@/server/http/parse-request";
import { notFound } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/sessions/{id}/export.csv", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const night = await getSessionDetail(db, audience, parsed.params.id);
    if (!night) return notFound();
    await recordAccess(db, viewer, { asleepUserId: night.userId, action: "export", resource: `night CSV, night ${exportDay(exportNight(night)) ?? "not yet started"} (${night.id})` });
    const filename = `night-${night.id.replace(/[^A-Za-z0-9_.-]/g, "_")}.csv`;
    return new Response(nightCsv({ ...night, stagePlan: exportNight(night).stagePlan }), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
    });
  });
}
