// GET /api/admin/accounts: every account with its role, link, clinicians and whether it is disabled.
// POST {email, password, role, name?, asleepUserId?, clinician?, timezone?}: creates one, as
// `npm run users -- add` does (409 when the e-mail or Asleep user is taken). Admins only (404).

import { accountCreateSchema, createAccount, listAccounts } from "@/server/accounts/admin";
import { forAdmin } from "@/server/http/admin";
import { forAdminChangeWith } from "@/server/http/admin-body";
import { json, notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forAdmin(request, "GET /api/admin/accounts", async ({ viewer }) => {
    const accounts = await listAccounts(getRuntime().db, viewer);
    return accounts ? ok({ accounts }) : notFound();
  });
}

export async function POST(request: Request) {
  return forAdminChangeWith(request, "POST /api/admin/accounts", accountCreateSchema, async ({ viewer }, input) => {
    const { db, auth, logger } = getRuntime();
    const result = await createAccount(db, auth, viewer, input);
    if (!result) return notFound();
    if (!result.ok) return json({ error: result.error }, result.status);
    logger.info({ adminId: viewer.accountId, accountId: result.value.id, role: result.value.role }, "account created");
    return json(result.value, 201);
  });
}
