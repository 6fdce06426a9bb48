// GET /api/studies/{id}: one study, its status and its signed versions (newest first), for whoever may
// see the patient; 404 otherwise.

import { studyOf } from "@/server/data/studies";
import { answerOf } from "@/server/http/api-schema";
import { parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { studyAnswer, studyParams } from "@/server/http/studies";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const path = parseParams(await params, studyParams);
  if (!path.ok) return path.response;
  return forViewer(request, "GET /api/studies/{id}", async ({ audience }) => {
    const study = await studyOf(getRuntime().db, audience, path.params.id);
    return study ? ok(answerOf(studyAnswer, study)) : notFound();
  });
}
