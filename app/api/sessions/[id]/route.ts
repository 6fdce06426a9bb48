// GET /api/sessions/{id}: one night, whole, as merged so far; 404 when it is not the viewer's to see.

import { getSessionDetail } from "@/server/data/sessions";
import { notFound, ok, serviceUnavailable } from "@/server/http/responses";
import { requireViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const who = await requireViewer(request);
    if (!who.ok) return who.response;
    const detail = await getSessionDetail(getRuntime().db, who.audience, (await params).id);
    return detail ? ok(detail) : notFound();
  } catch (error) {
    getRuntime().logger.error({ err: (error as Error).message }, "GET /api/sessions/{id} failed");
    return serviceUnavailable();
  }
}
