// PUT /api/patients/{asleepUserId}/diary/{night}: the sleeper fills in or changes their diary for the
// night that ended this morning (clock times in their zone), from the app's own pages. 400 for answers
// that are malformed or do not add up; 409 for any other night (its day is over, or it has not ended);
// 403 for a clinician or admin (they read it); 404 for anyone who may not see the sleeper.

import { diaryAnswersSchema, diaryParams, diaryRecordAnswer, saveDiary } from "@/server/data/diary";
import { answerOf } from "@/server/http/api-schema";
import { parseBody } from "@/server/http/alerts";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams } from "@/server/http/parse-request";
import { badRequest, conflict, forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function PUT(request: Request, { params }: { params: Promise<{ asleepUserId: string; night: string }> }) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  const path = parseParams(await params, diaryParams);
  if (!path.ok) return path.response;
  return forViewer(request, "PUT /api/patients/{asleepUserId}/diary/{night}", async ({ viewer, audience }) => {
    const body = await parseBody(request, diaryAnswersSchema, "Invalid diary");
    if (!body.ok) return body.response;
    const result = await saveDiary(getRuntime().db, viewer, audience, path.params.asleepUserId, path.params.night, body.body);
    if (result.ok) return ok(answerOf(diaryRecordAnswer, result.entry));
    switch (result.reason) {
      case "not-found":
        return notFound();
      case "forbidden":
        return forbidden("Only the sleeper fills in their own diary");
      case "closed":
        return conflict(result.message);
      case "invalid":
        return badRequest("Invalid diary", result.issues);
    }
  });
}
