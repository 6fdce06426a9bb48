// GET /api/sessions/{id}/export.csv: one row per epoch (time, stage, snoring), for spreadsheets and
// the clinic's records.

import { nightCsv } from "@/lib/sleep/csv";
import { getSessionDetail } from "@/server/data/sessions";
import { notFound, serviceUnavailable } from "@/server/http/responses";
import { requireViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const who = await requireViewer(request);
    if (!who.ok) return who.response;
    const night = await getSessionDetail(getRuntime().db, who.audience, (await params).id);
    if (!night) return notFound();
    const filename = `night-${night.id.replace(/[^A-Za-z0-9_.-]/g, "_")}.csv`;
    return new Response(nightCsv(night), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
    });
  } catch (error) {
    getRuntime().logger.error({ err: (error as Error).message }, "GET /api/sessions/{id}/export.csv failed");
    return serviceUnavailable();
  }
}
