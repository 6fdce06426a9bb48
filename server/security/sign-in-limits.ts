// Failed sign-ins, counted where better-auth runs the sign-in itself (whatever spelling of the path
// led there), per client address and per account. A clinic behind one NAT signing in together at
// 8 am is not locked out: a sign-in that succeeds is given back. Each attempt is counted as it
// starts, not when it fails, so a burst of guesses sent at once cannot all be checked before the
// first failure lands; the count of one that succeeds is returned when it does.

import { createHash } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { Logger } from "../logger";
import type { RateLimits } from "./rate-limits";

const SIGN_IN = "/sign-in/email";

/** The account's key: a hash, so the limit store never holds email addresses. */
export const accountKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");

export function signInLimits({ limits, clientHeader, logger }: { limits: Pick<RateLimits, "signIn" | "signInAccount">; clientHeader: string; logger?: Logger }): BetterAuthPlugin {
  const who = (ctx: { headers?: Headers; body?: unknown }) => {
    const client = ctx.headers?.get(clientHeader) ?? null;
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    return { client, account: typeof email === "string" && email.trim() ? accountKey(email) : null };
  };

  return {
    id: "sign-in-limits",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const { client, account } = who(ctx);
            // Calls from inside the process carry no client address: nothing to limit.
            if (!client) return;
            const waits = [await limits.signIn.hit(client), account ? await limits.signInAccount.hit(account) : null];
            const wait = Math.max(...waits.map((w) => w ?? 0));
            if (wait === 0) return;
            logger?.warn({ route: "sign-in", client, status: 429, retryAfter: wait, by: waits[0] ? "address" : "account" }, "sign-in refused: too many failed attempts");
            throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-in attempts, try again later", code: "TOO_MANY_ATTEMPTS" }, { "retry-after": String(wait) });
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const { client, account } = who(ctx);
            if (!client) return;
            const returned = ctx.context.returned;
            if (returned === undefined || isAPIError(returned) || returned instanceof Error || (returned instanceof Response && !returned.ok)) return;
            // Signed in: this attempt does not count, and the account's earlier failures are forgiven
            // (the address's are not: one good account must not reset a guesser's count).
            await limits.signIn.refund(client);
            if (account) await limits.signInAccount.reset(account);
          }),
        },
      ],
    },
  };
}
