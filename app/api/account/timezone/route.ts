// PUT /api/account/timezone {"timezone": "Europe/Paris" | "+09:00" | null}: a sleeper sets the zone
// their nights are drawn in while being recorded (from the app's own pages only).

import { accountTimezoneAnswer, accountTimezoneSchema, setOwnTimezone } from "@/server/accounts/users";
import { answerOf } from "@/server/http/api-schema";
import { isSameOrigin } from "@/server/http/origin";
import { readJsonBody } from "@/server/http/parse-request";
import { badRequest, forbidden, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function PUT(request: Request) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/account/timezone", async ({ viewer }) => {
    const body = await readJsonBody(request, 4096);
    if (!body.ok) return body.response;
    const parsed = accountTimezoneSchema.safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid time zone", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    if (!(await setOwnTimezone(getRuntime().db, viewer, parsed.data.timezone))) return forbidden("Only a sleeper's account has a time zone");
    return ok(answerOf(accountTimezoneAnswer, { timezone: parsed.data.timezone }));
  });
}
