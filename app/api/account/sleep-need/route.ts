// PUT /api/account/sleep-need {"minutes": 450 | null}: a sleeper sets the nightly sleep need their sleep
// debt is counted against (240–720 whole minutes; null: the default, 8 hours). From the app's own pages only.

import { setOwnSleepNeed, sleepNeedAnswer, sleepNeedSchema } from "@/server/accounts/users";
import { answerOf } from "@/server/http/api-schema";
import { isSameOrigin } from "@/server/http/origin";
import { readJsonBody } from "@/server/http/parse-request";
import { badRequest, forbidden, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function PUT(request: Request) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/account/sleep-need", async ({ viewer }) => {
    const body = await readJsonBody(request, 4096);
    if (!body.ok) return body.response;
    const parsed = sleepNeedSchema.safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid sleep need: whole minutes from 240 (4 h) to 720 (12 h), or null", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    if (!(await setOwnSleepNeed(getRuntime().db, viewer, parsed.data.minutes))) return forbidden("Only a sleeper's account has a sleep need");
    return ok(answerOf(sleepNeedAnswer, { minutes: parsed.data.minutes }));
  });
}
