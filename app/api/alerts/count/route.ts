// GET /api/alerts/count: how many of the viewer's alerts are open (not yet resolved), as the header shows
// it: {open}. 404 for a patient (no inbox).

import { unresolvedCount } from "@/server/data/alerts";
import { notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { alertCountAnswer } from "@/server/http/alerts";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forViewer(request, "GET /api/alerts/count", async ({ viewer, audience }) => {
    const open = await unresolvedCount(getRuntime().db, viewer, audience);
    return open === null ? notFound() : ok(answerOf(alertCountAnswer, { open }), { "cache-control": "no-store" });
  });
}
