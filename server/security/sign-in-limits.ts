// Failed sign-ins, counted where better-auth runs the sign-in itself (whatever spelling of the path
// led there), per client address and per account. Only failures count toward the lockout: a clinic
// behind one NAT signing in together at 8 am is never locked out by its good sign-ins.
//
// A burst of guesses sent at once must not all be checked before the first failure lands, so the
// attempts under way count too, in a separate counter: an attempt starts only while failures plus
// attempts under way stay within the limit. One that has to wait for a slot waits (briefly, then a
// 429 that counts for nothing); when it ends its slot is given back, and only a failure is added to
// the failures.

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { Logger } from "../logger";
import type { Limit, RateLimits, Slots } from "./rate-limits";

const SIGN_IN = "/sign-in/email";
/**
 * How long an attempt waits for a slot before it is told to retry: as long as a failure counts, so
 * only a machine too slow to check 10 passwords a minute turns a good sign-in away.
 */
const SLOT_WAIT_MS = 60_000;
const SLOT_POLL_MS = 50;

/** The account's key: a hash, so the limit store never holds email addresses. */
export const accountKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");

type Counted = { failures: Limit; underWay: Slots; key: string };
type Outcome = { started: true } | { started: false; lockedFor: number | null };

/** Takes a slot for each of `counted` if failures plus attempts under way stay within each limit. */
async function tryStart(counted: Counted[]): Promise<Outcome> {
  const taken: Counted[] = [];
  const giveBack = () => Promise.all(taken.map((c) => c.underWay.give(c.key)));
  for (const c of counted) {
    const locked = await c.failures.peek(c.key);
    if (locked !== null) {
      await giveBack();
      return { started: false, lockedFor: locked };
    }
    const underWay = await c.underWay.take(c.key);
    taken.push(c);
    // Read after taking the slot: a failure is recorded before its slot is given back, so every
    // attempt that ended before this one started is in the count.
    if (underWay + (await c.failures.used(c.key)) > c.failures.points) {
      await giveBack();
      return { started: false, lockedFor: null };
    }
  }
  return { started: true };
}

export function signInLimits({ limits, clientHeader, logger }: { limits: Pick<RateLimits, "signIn" | "signInAccount" | "signInsUnderWay">; clientHeader: string; logger?: Logger }): BetterAuthPlugin {
  const counted = (ctx: { headers?: Headers; body?: unknown }): Counted[] | null => {
    const client = ctx.headers?.get(clientHeader) ?? null;
    // Calls from inside the process carry no client address: nothing to limit.
    if (!client) return null;
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    const account = typeof email === "string" && email.trim() ? accountKey(email) : null;
    return [
      { failures: limits.signIn, underWay: limits.signInsUnderWay.address, key: client },
      ...(account ? [{ failures: limits.signInAccount, underWay: limits.signInsUnderWay.account, key: account }] : []),
    ];
  };

  return {
    id: "sign-in-limits",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const keys = counted(ctx);
            if (!keys) return;
            const client = keys[0]!.key;
            const deadline = Date.now() + SLOT_WAIT_MS;
            for (;;) {
              const outcome = await tryStart(keys);
              if (outcome.started) return;
              if (outcome.lockedFor !== null) {
                logger?.warn({ route: "sign-in", client, status: 429, retryAfter: outcome.lockedFor }, "sign-in refused: too many failed attempts");
                throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-in attempts, try again later", code: "TOO_MANY_ATTEMPTS" }, { "retry-after": String(outcome.lockedFor) });
              }
              // Nobody is waiting for the answer any more: do not take a slot for them.
              if (Date.now() >= deadline || ctx.request?.signal.aborted) {
                logger?.warn({ route: "sign-in", client, status: 429, retryAfter: 1 }, "sign-in refused: too many sign-ins under way");
                throw new APIError("TOO_MANY_REQUESTS", { message: "Too many sign-ins at once, try again", code: "TOO_MANY_AT_ONCE" }, { "retry-after": "1" });
              }
              await sleep(SLOT_POLL_MS * (0.5 + Math.random()));
            }
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const keys = counted(ctx);
            if (!keys) return;
            const returned = ctx.context.returned;
            const failed = returned === undefined || isAPIError(returned) || returned instanceof Error || (returned instanceof Response && !returned.ok);
            // A failure is recorded before the slot is given back (see tryStart).
            if (failed) await Promise.all(keys.map((c) => c.failures.hit(c.key)));
            // Signed in: the account's earlier failures are forgiven (the address's are not: one
            // good account must not reset a guesser's count).
            else if (keys[1]) await keys[1].failures.reset(keys[1].key);
            await Promise.all(keys.map((c) => c.underWay.give(c.key)));
          }),
        },
      ],
    },
  };
}
