// GET /api/sessions/{id}/omh: the night as an Open mHealth sleep-episode data point (docs/EXPORTS.md);
// 409 while it is still being recorded (a sleep episode needs its final awakening).

import { sleepEpisodeDataPoint } from "@/lib/export/omh";
import { forNightExport, nightFileName } from "@/server/exports/night-request";
import { json } from "@/server/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return forNightExport(request, "GET /api/sessions/{id}/omh", params, "Open mHealth sleep episode", (night, ctx) => {
    const point = sleepEpisodeDataPoint(night, ctx);
    if (!point) return json({ error: "This night is still being recorded: its sleep episode can be exported once it has ended" }, 409);
    return new Response(JSON.stringify(point), {
      headers: { "content-type": "application/json", "content-disposition": `attachment; filename="${nightFileName(night, "omh.json")}"`, "cache-control": "no-store" },
    });
  });
}
