// GET /api/admin/accounts?q=: every account (or those whose name, e-mail or Asleep user id holds q, any
// case) with its role, link, clinicians and whether it is disabled.
// POST {email, password, role, name?, asleepUserId?, clinician?, timezone?}: creates one, as
// `npm run users -- add` does (409 when the e-mail or Asleep user is taken). Admins only (404).

import { accountCreateSchema, accountSearchQuery, createAccount, listAccounts } from "@/server/accounts/admin";
import { parseQuery } from "@/server/http/parse-request";
import { forAdmin } from "@/server/http/admin";
import { forAdminChangeWith } from "@/server/http/admin-body";
import { json, notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { accountAnswer, accountListAnswer } from "@/server/accounts/admin";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const query = parseQuery(request, accountSearchQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/accounts", async ({ viewer }) => {
    const accounts = await listAccounts(getRuntime().db, viewer, { search: query.query.q });
    return accounts ? ok(answerOf(accountListAnswer, { accounts })) : notFound();
  });
}

export async function POST(request: Request) {
  return forAdminChangeWith(request, "POST /api/admin/accounts", accountCreateSchema, async ({ viewer }, input) => {
    const { db, auth, live, logger } = getRuntime();
    const result = await createAccount(db, auth, live, viewer, input);
    if (!result) return notFound();
    if (!result.ok) return json({ error: result.error }, result.status);
    logger.info({ adminId: viewer.accountId, accountId: result.value.id, role: result.value.role }, "account created");
    return json(answerOf(accountAnswer, result.value), 201);
  });
}
