// GET /api/studies?awaiting=signature: the studies decided and not yet signed, of the viewer's patients
// (an admin: everyone's), with their count: what awaits a signature.

import { awaitingSignature } from "@/server/data/studies";
import { answerOf } from "@/server/http/api-schema";
import { parseQuery } from "@/server/http/parse-request";
import { ok } from "@/server/http/responses";
import { awaitingSignatureAnswer, awaitingSignatureQuery } from "@/server/http/studies";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const q = parseQuery(request, awaitingSignatureQuery);
  if (!q.ok) return q.response;
  return forViewer(request, "GET /api/studies", async ({ viewer, audience }) => {
    const studies = await awaitingSignature(getRuntime().db, viewer, audience);
    return ok(answerOf(awaitingSignatureAnswer, { count: studies.length, studies }));
  });
}
