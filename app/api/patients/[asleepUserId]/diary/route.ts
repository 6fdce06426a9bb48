// GET /api/patients/{asleepUserId}/diary?from=&to=: the sleeper's diary (today's: which night, until
// when, the entry if filled in) and reported against measured for nights from..to (default: the 30
// nights ending with today's). The sleeper, their clinicians and admins; 404 for anyone else.

import { addDays } from "@/lib/sleep/days";
import { recordAccess } from "@/server/data/access-log";
import { diaryAnswer, diaryComparison, diaryRangeQuery, todaysDiary } from "@/server/data/diary";
import { answerOf } from "@/server/http/api-schema";
import { personParams } from "@/server/http/admin";
import { parseParams, parseQuery } from "@/server/http/parse-request";
import { badRequest, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const path = parseParams(await params, personParams);
  if (!path.ok) return path.response;
  const query = parseQuery(request, diaryRangeQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/diary", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const today = await todaysDiary(db, viewer, audience, path.params.asleepUserId);
    if (!today) return notFound();
    const to = query.query.to ?? today.night;
    const from = query.query.from ?? addDays(to, -29);
    if (from > to) return badRequest("Invalid range", [{ path: "from", message: "must not be after to" }]);
    if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) return badRequest("Invalid range", [{ path: "from", message: "a range of at most 367 days" }]);
    const comparison = await diaryComparison(db, audience, path.params.asleepUserId, { from, to });
    if (!comparison) return notFound();
    await recordAccess(db, viewer, { asleepUserId: path.params.asleepUserId, action: "view", resource: "sleep diary" });
    return ok(answerOf(diaryAnswer, { today, comparison }));
  });
}
