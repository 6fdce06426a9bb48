// PUT /api/account/locale {"locale": "en" | "ko" | null}: the language of one's own account (any role),
// kept on the account (e-mails, notifications and PDFs use it) and in this browser's cookie.

import { localeCookie } from "@/lib/i18n/locales";
import { accountLocaleAnswer, accountLocaleSchema, setOwnLocale } from "@/server/accounts/users";
import { answerOf } from "@/server/http/api-schema";
import { isSameOrigin } from "@/server/http/origin";
import { readJsonBody } from "@/server/http/parse-request";
import { badRequest, forbidden, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function PUT(request: Request) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, "PUT /api/account/locale", async ({ viewer }) => {
    const body = await readJsonBody(request, 1024);
    if (!body.ok) return body.response;
    const parsed = accountLocaleSchema.safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid language", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    await setOwnLocale(getRuntime().db, viewer, parsed.data.locale);
    const response = ok(answerOf(accountLocaleAnswer, { locale: parsed.data.locale }));
    // The account's choice is also this browser's (the sign-in page reads the cookie); null forgets it.
    response.headers.append("set-cookie", localeCookie(parsed.data.locale));
    return response;
  });
}
