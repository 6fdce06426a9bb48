// One-time password reset links are rows of better-auth's verification table: identifier
// `reset-password:<token>`, value the account's id (as its /reset-password endpoint reads them). A
// link is only good until something newer says otherwise: any password change (an admin's, a reset,
// one's own), a newer link, or disabling the account voids every earlier link of that account.

import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";

/** better-auth's prefix for a reset token's verification row. */
export const RESET_IDENTIFIER_PREFIX = "reset-password:";

/** Deletes every reset link of the account (in `tx` when given, so it commits with the change). */
export async function voidResetLinks(db: Db | Prisma.TransactionClient, accountId: string): Promise<number> {
  const { count } = await db.verification.deleteMany({ where: { value: accountId, identifier: { startsWith: RESET_IDENTIFIER_PREFIX } } });
  return count;
}
